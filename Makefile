# Referatarkiv — the two commands a newcomer needs:
#   make run    virtualenv + install + SQLite + generated sample data, serves on 127.0.0.1:8000
#   make test   the whole test suite (SQLite unless DATABASE_URL says otherwise)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE_COUNT ?= 40
SAMPLE_DIR ?= var/sample
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate sample-data lint bench bench-all bench-import bench-search bench-fidelity ci clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

sample-data: migrate
	$(PY) manage.py sample_data --count $(SAMPLE_COUNT) --out $(SAMPLE_DIR)

run: sample-data
	$(PY) manage.py runserver $(HOST)

# One pytest worker per core (pytest-xdist; TEST_WORKERS=0 runs in one process), a file per worker.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench-import: install
	$(PY) -m pytest -m benchmark -s -p no:cacheprovider tests/benchmarks/test_bench_import.py tests/benchmarks/test_bench_people.py tests/benchmarks/test_bench_vocabulary.py

bench-search: install
	$(PY) -m pytest -m benchmark -s -p no:cacheprovider tests/benchmarks/test_bench_search.py

bench-fidelity: install
	$(PY) -m pytest -m benchmark -s -p no:cacheprovider tests/benchmarks/test_bench_fidelity.py

# Every public page at SIZE=10k,100k (add 1m; tiny = a smoke run) on PostgreSQL, one table,
# written to docs/benchmarks.md (scripts/bench.py: BENCH_PG, BENCH_REDIS, RUNS, WRK_SECONDS,
# IMPORT_FILES).
SIZE ?= 10k,100k
bench: install
	SIZE=$(SIZE) $(PY) scripts/bench.py

bench-all: bench bench-import bench-search bench-fidelity

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/referater.sqlite3* var/sample test-artifacts
