# Two commands for a fresh clone: `make build` (the example kit into dist/) and `make test`.
# Both create the virtual environment in .venv on first use.

VENV := .venv
STAMP := $(VENV)/.installed
ACE := tests/ace/node_modules/.installed

.PHONY: build test bench messages looks editor-shots golden clean

build: $(STAMP)
	$(VENV)/bin/presskit build

# The linter first (seconds), then the tests in up to four processes, an idle one taking tests
# from a busy one's queue (worksteal: no process left alone with a long file at the end; about 5 %
# faster than a file per process), with a few property examples; for many more:
# `.venv/bin/python -m pytest --hypothesis-profile=deep tests/test_untrusted.py`.
test: $(STAMP) $(ACE)
	$(VENV)/bin/ruff check
	$(VENV)/bin/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=worksteal

bench: $(STAMP)
	$(VENV)/bin/python bench/run.py

# DAISY Ace for the accessibility test, from npm; it uses the system's Chromium, so no browser
# (nor Electron) is downloaded.
$(ACE): tests/ace/package-lock.json
	cd tests/ace && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
		npm ci --no-audit --no-fund --silent
	touch $(ACE)

# After changing a label in templates/ or src/: refresh the catalogue template and every language's
# catalogue, then translate the new entries in src/presskit/locale/*.po (tests fail until then).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -o src/presskit/locale/presskit.pot --no-location --sort-output --omit-header .
	for po in src/presskit/locale/*.po; do \
		$(VENV)/bin/pybabel update -i src/presskit/locale/presskit.pot -o $$po -l $$(basename $$po .po) --no-fuzzy-matching; \
	done

# The README's pictures of the built-in looks (docs/look-*.png): the example kit in each theme,
# with a dark, a light and a key-art cover, and pages after the cover.
looks: $(STAMP)
	$(VENV)/bin/python docs/make_looks.py

# The README's screenshots of `presskit edit` (docs/editor-*.png, 1280 px wide): the editor on a
# copy of the example kit, in the system's Chromium.
editor-shots: $(STAMP)
	$(VENV)/bin/python docs/make_editor_shots.py

# After an intended change to what presskit renders: rebuild the golden files (tests/golden/, which
# tests/test_golden.py compares every build of its two kits with), then commit their diff with it.
golden: $(STAMP)
	$(VENV)/bin/python tests/test_golden.py

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --editable ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist .pytest_cache .presskit-cache bench/.work tests/ace/node_modules
