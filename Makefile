# Two commands do all the set-up on a machine with Python 3.11+ and make:
#   make demo   - environment, database, demo data, server on http://127.0.0.1:8000/
#   make test   - lint, type check and the test suite (SQLite, and PostgreSQL if reachable)

SHELL := /bin/bash
# uv from PATH, else a private copy installed into .tools/ (no root, no curl needed).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PG_DEFAULT_URL := postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core of the 2-core CI machine; 0 runs in-process.
PYTEST_WORKERS ?= 2

.PHONY: demo test env lint typecheck test-sqlite test-postgres messages bench clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

env: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet

demo: env
	DEBUG=1 $(UV) run cityplatform migrate --noinput
	DEBUG=1 $(UV) run cityplatform load_demo
	@DEBUG=1 $(UV) run cityplatform demo_logins
	DEBUG=1 $(UV) run cityplatform runserver 127.0.0.1:8000

test: env lint typecheck test-sqlite test-postgres

lint: env
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck: env
	$(UV) run mypy cityplatform

test-sqlite: env
	env -u DATABASE_URL $(UV) run pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# PostgreSQL: DATABASE_URL if it is set, else the local server if one answers.
test-postgres: env
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(UV) run python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		url="$(PG_DEFAULT_URL)"; fi; \
	if [ -z "$$url" ]; then echo "PostgreSQL not reachable: skipping the PostgreSQL run."; exit 0; fi; \
	echo "PostgreSQL run against $$url"; \
	DATABASE_URL="$$url" $(UV) run pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The project catalogue (cityplatform/locale) holds the first apps' strings; an app with
# its own locale/ directory owns its catalogue, so parallel work never conflicts on one file.
APP_LOCALES := $(patsubst %/locale,%,$(wildcard cityplatform/*/locale))
messages: env
	cd cityplatform && DEBUG=1 $(abspath $(UV)) run cityplatform makemessages -l zh_Hans -l en --no-obsolete \
		--ignore "*/tests/*" $(foreach app,$(APP_LOCALES),--ignore "$(notdir $(app))/*")
	for app in $(APP_LOCALES); do \
		(cd $$app && DEBUG=1 $(abspath $(UV)) run cityplatform makemessages -l zh_Hans -l en \
			--no-obsolete --ignore "tests/*") || exit 1; done
	cd cityplatform && DEBUG=1 $(abspath $(UV)) run cityplatform compilemessages

bench: env
	$(UV) run python -m bench

clean:
	rm -rf .tools .venv var/test .pytest_cache .mypy_cache .ruff_cache
