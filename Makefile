# jusolib — the two commands:  make report  (render the yearly reports)  ·  make test  (the whole test suite)
# Both create .venv from plain python3 when it is missing or stale, install the pinned set, then run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
LINTED := $(wildcard src tests benchmarks notebooks tools)
JOBS   ?= 2
# JupyterLab refuses to start as root unless told to
ROOT   := $(if $(filter 0,$(shell id -u)),--allow-root,)
# make lab PORT=8899: the port JupyterLab listens on (default: its own, 8888 or the next free one)
PORT   ?=

.DEFAULT_GOAL := help
.PHONY: help report test lint format lab api notebooks readme-images screenshots bench fuzz scenarios long synth lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python && $(BIN)/python -c "" 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@echo "installing the pinned environment into $(VENV) (first run: about a minute)…"
	$(PIP) install -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

report: $(STAMP)  ## build the processed data and render every fiscal year into reports/FYxxxx/
	$(BIN)/jusolib render --jobs $(JOBS)

test: $(STAMP)  ## lint, format and type checks, unit tests, doctests, back-tests, render test, notebooks under nbval
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

lint: $(STAMP)  ## ruff lint and the mypy type check
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy

format: $(STAMP)  ## reformat the code with ruff
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

lab: $(STAMP)  ## open JupyterLab in notebooks/work/, the analysts' own folder (PORT=8899 for another port)
	@mkdir -p notebooks/work
	$(BIN)/jupyter lab --notebook-dir=notebooks --LabApp.default_url=/lab/tree/work $(if $(PORT),--port=$(PORT),) $(ROOT)

api: $(STAMP)  ## the API reference from the docstrings, offline, into docs/api/ (open docs/api/index.html)
	$(BIN)/python tools/api_reference.py --out docs/api

notebooks: $(STAMP)  ## re-execute the committed notebooks in place (FY2024 defaults) after editing them
	$(BIN)/jusolib refresh-notebooks

readme-images: $(STAMP)  ## redraw the chart and slide images shown in the README (the slide needs LibreOffice)
	$(BIN)/python -c "from jusolib.report import YearReport; r = YearReport.load(2024); \
	r.plot_distribution('I').savefig('docs/img/fy2024_outcomes.png'); \
	r.plot_distribution('III').savefig('docs/img/fy2024_challenges.png'); \
	r.write_slides('docs/img/fy2024_slides.pptx')"
	@# the slide picture needs LibreOffice (soffice) and poppler (pdftoppm); make test needs neither
	cd docs/img && soffice --headless --convert-to pdf fy2024_slides.pptx >/dev/null && \
	pdftoppm -png -r 100 -f 6 -l 6 -singlefile fy2024_slides.pdf fy2024_slide_outcomes && \
	rm -f fy2024_slides.pptx fy2024_slides.pdf

screenshots: $(STAMP)  ## full-page pictures of the FY2024 pages (1280 and 390 px) with headless Chromium, networking off (PDF=1: A4 prints too)
	$(BIN)/python tools/screenshots.py --fiscal-year 2024 $(if $(PDF),--pdf,)

bench: $(STAMP)  ## run the benchmarks (about 8 minutes); each prints its figures and a ratio against its target
	cd benchmarks && ../$(BIN)/python bench_import.py
	cd benchmarks && ../$(BIN)/python bench_render.py
	cd benchmarks && ../$(BIN)/python bench_parallel.py
	cd benchmarks && ../$(BIN)/python bench_national.py
	cd benchmarks && ../$(BIN)/python bench_slides.py
	cd benchmarks && ../$(BIN)/python bench_themes.py

fuzz: $(STAMP)  ## fuzz the return reader long (about 2 minutes; make test runs the same properties briefly)
	JUSOLIB_FUZZ=1 $(BIN)/python -m pytest -q tests/unit/test_read_fuzz.py

scenarios: $(STAMP)  ## every scenario of tests/scenarios rendered and checked (about 20 minutes; make test runs two)
	JUSOLIB_SCENARIOS=all $(BIN)/python -m pytest -q -n $(JOBS) tests/scenarios

long: $(STAMP)  ## the long forms of checks make test samples: all notebooks cold vs warm, FY2025 built twice, every notebook's reads traced, every page of both years printed to A4 with Chromium (about 5 minutes)
	JUSOLIB_LONG=1 $(BIN)/python -m pytest -q -p no:xdist tests/integration/test_render_reports.py -k cold_kernel
	JUSOLIB_LONG=1 $(BIN)/python -m pytest -q -p no:xdist tests/integration/test_render_cache.py
	JUSOLIB_LONG=1 $(BIN)/python -m pytest -q -p no:xdist tests/integration/test_reliability.py -k byte_identical
	JUSOLIB_LONG=1 $(BIN)/python -m pytest -q -p no:xdist tests/integration/test_readers.py -k "prints_at_full_size or foot_of_a_sheet or continues_a_printed_table or stranded_at_the_foot"

synth: $(STAMP)  ## regenerate the synthetic (合成データ) returns in data/raw/survey
	$(BIN)/jusolib synth

lock: $(STAMP)  ## re-pin requirements.lock from the current .venv (after changing dependencies)
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check > requirements.lock

clean:  ## remove processed data and reports (never data/raw)
	rm -rf data/processed/FY* reports
