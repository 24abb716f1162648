# Cabildo: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test lint typecheck worker messages install migrate demo clean compiled-messages

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	@if $(PY) -m pip install -q uv 2>/dev/null; then \
		$(VENV)/bin/uv pip install -q --python $(PY) -e '.[dev]'; \
	else \
		$(PY) -m pip install -q -e '.[dev]'; \
	fi
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor_static.py
	$(PY) scripts/vendor_static.py
	touch $@

install: $(VENV)/.installed static/vendor/.copied compiled-messages

compiled-messages: $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@$(PY) manage.py demo_logins
	@echo "Cabildo en http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy cabildo config

test: install
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=info

messages: $(VENV)/.installed
	for app in cabildo/*/; do \
		if [ -d "$$app/locale" ] || [ -d "$$app/templates" ]; then \
			mkdir -p "$$app/locale"; \
			(cd "$$app" && ../../$(PY) ../../manage.py makemessages -l en --no-obsolete -v 0); \
		fi; \
	done
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
