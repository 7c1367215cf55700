"""The command line: exit codes, messages without tracebacks, outputs where promised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, replace_in

LAYOUT = [sys.executable, "-m", "layout"]


def layout(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*LAYOUT, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          check=False)


def test_check_accepts_the_sample():
    result = layout("check", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "OK (2 pages, 6 articles)" in result.stdout


def test_check_lists_every_problem_and_exits_non_zero(issue_dir: Path):
    issue_toml = issue_dir / "issue.toml"
    replace_in(issue_toml, "issue_number = 1862", "issue_number = 0")
    replace_in(issue_toml, 'name = "要闻"', 'name = "要闻"\ncouleur = "red"')
    replace_in(issue_toml, '"photos/geyong-bisai.jpg"', '"/etc/hostname"')

    result = layout("check", issue_dir)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "issue.toml line " in line]
    assert len(lines) == 3, result.stderr
    assert any("issue.toml line 5: issue_number: must be a whole number, 1 or more, not 0"
               in line for line in lines)
    assert any(line.startswith("page 1 (") and "): couleur: is not a key" in line
               for line in lines)
    assert any(line.startswith("page 2, article 4 (") and "): photo.source: '/etc/hostname' points "
               "outside the folder" in line for line in lines)


def test_build_writes_issue_pages_and_previews_under_out(issue_dir: Path, tmp_path: Path):
    result = layout("build", issue_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "tangyin" / "2021-06-15"
    assert (out / "issue.pdf").is_file()
    assert sorted(p.name for p in (out / "pages").iterdir()) == ["01.pdf", "02.pdf"]
    assert sorted(p.name for p in (out / "previews").iterdir()) == ["01.png", "02.png"]


def test_overflow_is_reported_with_its_own_exit_code(issue_dir: Path, tmp_path: Path):
    article = issue_dir / "articles" / "renshe-chuangye.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n补充段落。" * 200, encoding="utf-8")
    result = layout("build", issue_dir, "--out", tmp_path / "out")
    assert result.returncode == 5
    assert "renshe-chuangye.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_issue_folder_is_a_usage_error():
    result = layout("build", "no/such/issue")
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_debug_shows_the_traceback_a_developer_needs(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "issue_number = 1862", "issue_number = 0")
    plain = layout("check", issue_dir)
    debug = layout("--debug", "check", issue_dir)
    assert "Traceback" not in plain.stderr
    assert "Traceback" in debug.stderr
    assert debug.returncode == plain.returncode == 2


def test_a_headline_too_big_for_its_room_fails_check_fit_and_build_alike(issue_dir: Path,
                                                                         tmp_path: Path,
                                                                         chinese: None):
    replace_in(issue_dir / "issue.toml", "head_lines = 13", "head_lines = 5")
    expected = "第1版 利剑出鞘去沉痾 (xunchao-jishi.md)：标题超 2 行"
    check = layout("check", issue_dir)
    build = layout("build", issue_dir, "--out", tmp_path / "out")
    fit = layout("fit", issue_dir)
    assert (check.returncode, fit.returncode, build.returncode) == (5, 5, 5)
    assert expected in check.stderr
    assert expected in build.stderr
    assert "标题超 2 行" in fit.stdout
    assert not (tmp_path / "out").exists()


def test_a_caption_too_long_for_its_lines_fails_check(issue_dir: Path, chinese: None):
    replace_in(issue_dir / "issue.toml", 'caption = "帮扶责任人看望贫困户"',
               'caption = "' + "帮扶责任人看望贫困户，" * 8 + '"')
    check = layout("check", issue_dir)
    assert check.returncode == 5
    assert "第2版 为民办实事 点滴见真情 (hanzhuang-bangfu.md)：图片说明超" in check.stderr


def test_help_and_check_load_neither_the_renderer_numpy_nor_the_web_stack():
    for command in (["--help"], ["check", str(SAMPLE)]):
        result = subprocess.run([*LAYOUT[:1], "-X", "importtime", *LAYOUT[1:], *command],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        loaded = {line.split("|")[-1].strip().split(".")[0] for line in
                  result.stderr.splitlines() if line.startswith("import time:")}
        assert not loaded & {"weasyprint", "numpy", "starlette", "uvicorn", "dask", "pikepdf"}, \
            command


def test_a_new_paper_its_next_issue_and_copy_imported_into_it(tmp_path: Path):
    paper = tmp_path / "papers" / "xianbao"
    made = layout("init", paper, "--name", "示例县报")
    assert made.returncode == 0, made.stderr
    assert layout("check", paper / "2000-01-01").returncode == 0

    started = layout("new", paper, "2024-03-01")
    assert started.returncode == 0, started.stderr
    issue = paper / "2024-03-01"
    copy = tmp_path / "韩庄镇.txt"
    copy.write_bytes("为民办实事 点滴见真情\n\n本报讯（记者 郭凡）韩庄镇开展帮扶活动。\n"
                     .encode("gb18030"))
    imported = layout("import", copy, "--issue", issue)

    assert imported.returncode == 0, imported.stderr
    assert "GB18030" in imported.stdout
    assert "为民办实事 点滴见真情" in (issue / "articles" / "韩庄镇.md").read_text("utf-8")
    assert layout("check", issue).returncode == 0


def test_scaffolding_refuses_to_overwrite(tmp_path: Path):
    paper = tmp_path / "xianbao"
    assert layout("init", paper).returncode == 0
    before = (paper / "paper.toml").read_bytes()
    again = layout("init", paper)
    assert again.returncode == 7 and "Traceback" not in again.stderr
    assert (paper / "paper.toml").read_bytes() == before
    assert layout("new", paper, "2024-03-01").returncode == 0
    assert layout("new", paper, "2024-03-01").returncode == 7


@pytest.mark.parametrize("command", [["archive", "rebuild"], ["epaper"]])
def test_ctrl_c_in_a_batch_says_what_was_built_stays(command: list[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    """Ctrl-C stops `archive rebuild` and `layout epaper` between issues: the message
    says the issues built stay, not that nothing changed."""
    from click.testing import CliRunner

    from layout import cli
    from layout.archive import rebuild
    from layout.publish import paper_site

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rebuild, "rebuild", interrupted)
    monkeypatch.setattr(paper_site, "publish_paper", interrupted)
    (tmp_path / "root").mkdir()
    result = CliRunner().invoke(cli.main, ["--lang", "en", *command, str(tmp_path / "root"),
                                           "--out", str(tmp_path / "site")])
    assert result.exit_code == 130
    assert "each issue built so far is complete and stays" in result.output
