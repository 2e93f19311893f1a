# Two commands for a fresh clone: `make build` (the example kit into dist/) and `make test`.
# Both create the virtual environment in .venv on first use.

VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: build test bench clean

build: $(STAMP)
	$(VENV)/bin/presskit build

test: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/run.py

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --editable ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist .pytest_cache .presskit-cache bench/.work
