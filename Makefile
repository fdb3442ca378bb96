# riskexplorer: the README's two commands are scripts/serve.sh and scripts/test.sh; this is a
# friendlier front door to them and to the rest.
VENV ?= .venv
PY := $(VENV)/bin/python

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

serve:  ## install and run the app on http://localhost:8501
	scripts/serve.sh

test:  ## install everything the tests need and run the whole suite
	scripts/test.sh

test-fast:  ## the suite without the real-browser tests
	scripts/test.sh -m "not browser"

lint:  ## ruff check and format check
	$(PY) -m ruff check . && $(PY) -m ruff format --check src tests app_pages app.py benchmarks

bench:  ## every benchmark (a few minutes; see README)
	$(PY) benchmarks/bench_rerun.py
	$(PY) benchmarks/bench_fit.py
	$(PY) benchmarks/bench_upload.py
	$(PY) benchmarks/bench_sessions.py --path risk_factors --watch "metric:Relative risk"

.PHONY: help serve test test-fast lint bench
