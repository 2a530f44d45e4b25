# Tiwizi: the two commands a newcomer needs are `make demo` and `make test`.
# Only Python >= 3.11 and make are required; everything else lands in .venv.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test test-browser lint format lock messages check-messages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Tiwizi needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	mkdir -p var
	touch $(STAMP)

demo: export DJANGO_DEBUG = 1
demo: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --url http://127.0.0.1:$(PORT)/
	@# Large imports run as background tasks: a worker runs beside the web server and
	@# stops with it (Ctrl-C, or the server exiting).
	$(BIN)/python manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: export DJANGO_DEBUG = 1
test: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

# Playwright drives Debian's Chromium (`chromium` on the PATH); see README. One process
# (-n 0): `-p no:xdist` would reject the -n/--dist in pyproject's addopts.
test-browser: export DJANGO_DEBUG = 1
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser -n 0

# Settings are imported by mypy's Django plugin and makemigrations: development ones.
lint: export DJANGO_DEBUG = 1
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/compile_messages.py --check
	$(BIN)/python scripts/refresh_vendor.py --check

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract messages (needs GNU gettext, for developers only) and compile them
# with a pure-Python tool so users never need gettext.
messages: $(STAMP)
	cd tiwizi && ../$(BIN)/django-admin makemessages -l ar -l fr -l en --no-obsolete --no-location -i 'static/*'
	$(BIN)/python scripts/compile_messages.py

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o ../requirements.lock dev.in

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
