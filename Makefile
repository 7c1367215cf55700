# Two entry points: `make demo` builds the sample issue, `make test` runs the suite.
# Both set up a fresh Debian 12 machine first (system packages as root, then .venv).

VENV   := .venv
PYTHON := $(VENV)/bin/python
SAMPLE := issues/tangyin/2021-06-15

# Pango for WeasyPrint; the locked fonts (fonts/fonts.toml); a name-keyed CFF font and the
# PDF tools the tests read back with; Chromium for the desk's browser tests.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
                fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai \
                poppler-utils ghostscript fonts-urw-base35 qpdf chromium

# The suite runs on every core (at most 4): each test builds in its own folders and cache.
PYTEST := $(VENV)/bin/pytest -n auto --maxprocesses 4

.PHONY: demo test test-all setup system-packages lint messages clean

demo: setup
	$(VENV)/bin/layout build $(SAMPLE) --out out/tangyin/2021-06-15

test: setup
	$(VENV)/bin/ruff check layout tests bench
	$(VENV)/bin/mypy
	$(PYTEST)

setup: system-packages $(VENV)/.installed

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing system packages:" $$missing; \
	    if [ "$$(id -u)" != 0 ]; then echo "Run as root, or install them: apt-get install" $$missing; exit 1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,desk,dask]'
	touch $@

# The whole suite, the slow guards included (several builds each: the page cache's
# byte-for-byte promises across cache states, folders and processes).
test-all: setup
	$(VENV)/bin/ruff check layout tests bench
	$(VENV)/bin/mypy
	$(PYTEST) -m ''

lint: setup
	$(VENV)/bin/ruff check layout tests bench
	$(VENV)/bin/mypy

# The message catalogue (layout/i18n.py): extract what the code says, merge it into the
# Chinese catalogue, translate what is new there (msgstr), then run this again to compile.
messages: setup
	$(VENV)/bin/pybabel extract -F layout/locale/babel.cfg -k N_ -k ngettext:1,2 -k say_for:1,2 \
	    --no-location --sort-output --project newspaper-layout -o layout/locale/layout.pot \
	    layout $$($(PYTHON) -c 'import click, os; print(os.path.dirname(click.__file__))')
	$(VENV)/bin/pybabel update -D layout -l zh_Hans -i layout/locale/layout.pot \
	    -d layout/locale --no-fuzzy-matching --ignore-obsolete
	$(VENV)/bin/pybabel compile -D layout -l zh_Hans -d layout/locale --statistics

clean:
	rm -rf out tests/_artifacts
