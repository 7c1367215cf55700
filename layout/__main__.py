from layout.cli import run

run()
