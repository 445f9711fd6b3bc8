# darkfleet: `make demo` and `make test` are the quickstart; both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-out

.PHONY: demo test bench lint venv clean browser

$(STAMP): pyproject.toml setup.py $(wildcard src/darkfleet/ingest/*.c)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[all]'
	$(PY) -m pip install --quiet $$($(PY) scripts/dev_requirements.py)
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/darkfleet demo --out $(DEMO_OUT)

test: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadscope --no-loadscope-reorder

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO_OUT) darkfleet-workspace .pytest_cache .mypy_cache .ruff_cache

# System packages for the browser and PDF tests (headless Chromium, pdftoppm); needs root.
browser:
	scripts/system_deps.sh
