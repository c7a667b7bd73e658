# The README's two commands: `make run` and `make test`. Each builds .venv
# when it is missing or older than pyproject.toml, so a fresh machine needs
# nothing installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist
# The built program, for dist-check (inside the .app on macOS).
ifeq ($(shell uname -s),Darwin)
DIST_EXE := dist/Casebook.app/Contents/MacOS/Casebook
else
DIST_EXE := dist/casebook/casebook
endif
# dist-check runs the bundle with no Python on PATH, no venv variables and,
# where the system allows it, no network (a new empty network namespace).
NO_NETWORK := $(shell unshare -rn true 2>/dev/null && echo 'unshare -rn')
BARE_ENV := env -i HOME="$$HOME" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen

.PHONY: run test bench lint screenshots clean dist dist-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,dist]'
	touch $(DIST_STAMP)

# On Linux, names any system library Qt's window needs before Qt is started.
run: $(STAMP)
	$(BIN)/python -m app.desktop.platform_check
	$(BIN)/casebook

# The suite in a world of its own: only the fonts in resources/fonts, a plain
# locale and a time zone with summer time, given as a POSIX rule so no zoneinfo
# files are needed (New Zealand: far from UTC, DST in December). Then the date
# and time tests (marked `dates`) again in UTC. tests/conftest.py also gives the
# run an empty home and cache of its own, on a RAM disk where there is one. Both runs use every core (pytest-xdist,
# at most 4 workers); a plain `pytest` runs in one process, for debugging.
TEST_ENV := env -u LANGUAGE LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	FONTCONFIG_FILE="$(CURDIR)/tests/fontconfig/fonts.conf"
PARALLEL := --numprocesses=auto --maxprocesses=4

test: $(STAMP)
	$(TEST_ENV) TZ='NZST-12NZDT,M9.5.0,M4.1.0/3' $(BIN)/python -m pytest -q $(PARALLEL)
	$(TEST_ENV) TZ=UTC $(BIN)/python -m pytest -q $(PARALLEL) -m dates

# `make bench ARGS="--only cli --sizes 10k"` for one figure; see benchmarks/README.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks tools
	$(BIN)/ruff format --check app tests benchmarks tools
	$(BIN)/mypy

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots.windows docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots.dashboard docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots.security docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots.printed docs/screenshots
	# The main screens again as a 1920x1080 laptop at 150% shows them.
	$(BIN)/python -m tools.screenshots.windows docs/screenshots/150 --scale 150
	$(BIN)/python -m tools.screenshots.security docs/screenshots/150 --scale 150

# The installable program for the system this runs on (see installer/README.md):
# dist/casebook/ and, on Linux, a tarball; on macOS an .app and a .dmg.
dist: $(DIST_STAMP)
	$(BIN)/python installer/build.py

# Checks the built program as an IT technician would; on Linux also that the
# tarball runs after unpacking it somewhere else.
dist-check:
	@test -x $(DIST_EXE) || { echo "No bundle at $(DIST_EXE): run 'make dist' first." >&2; exit 1; }
	$(NO_NETWORK) $(BARE_ENV) $(DIST_EXE) --version
	$(NO_NETWORK) $(BARE_ENV) $(DIST_EXE) selftest
	@for tarball in dist/casebook-*-linux-*.tar.gz; do \
	    [ -f "$$tarball" ] || continue; \
	    unpacked=$$(mktemp -d) && tar -xzf "$$tarball" -C "$$unpacked" && \
	    echo "$$tarball, unpacked: $$($(NO_NETWORK) $(BARE_ENV) "$$unpacked/casebook/casebook" --version)" && \
	    rm -rf "$$unpacked" || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info bench-results.json
