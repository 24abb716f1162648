# Cabildo: the README's two commands are `make run` and `make test`.
# Every target works on a fresh clone: the stamp files below chain the setup steps
# (virtualenv → Python deps → npm deps → vendor static files → translations).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# Host names `make run` accepts when ALLOWED_HOSTS is set neither in the environment nor in .env:
# `.localhost` lets the demo entities answer at itagui.localhost, cali.localhost…
RUN_ALLOWED_HOSTS := localhost,.localhost,127.0.0.1,[::1]
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
# Python keeps the bytecode it compiles (__pycache__, ignored by git) even where the shell says
# not to: without it every process compiles some 2,000 modules again (about 4 s of CPU each for
# manage.py, each pytest worker and each subprocess a test starts).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install lock run dev test check lint format typecheck importlint worker messages \
	compiled-messages migrate demo logins clean fuzz bench cluster-test backup-test

help:
	@echo "Cabildo: tareas de make"
	@echo "  make run        instala lo necesario, migra, carga la demostración y sirve en http://$(HOST):$(PORT)/"
	@echo "  make dev        como make run, con DEBUG activo (páginas técnicas de error de Django)"
	@echo "  make test       ruff y toda la suite de pytest ($(PYTEST_WORKERS) procesos)"
	@echo "  make fuzz       las pruebas de propiedades con ejemplos nuevos (CABILDO_FUZZ veces más)"
	@echo "  make lint       ruff check y ruff format --check"
	@echo "  make format     ruff format y ruff check --fix (todo el árbol)"
	@echo "  make typecheck  mypy (con el plugin de django-stubs)"
	@echo "  make importlint import-linter: las capas de docs/architecture.md"
	@echo "  make check      manage.py check y makemigrations --check"
	@echo "  make worker     worker de Celery con beat (tareas periódicas)"
	@echo "  make messages   actualiza los catálogos de traducción de cada app y los compila"
	@echo "  make backup-test  prueba de copia y restauración en PostgreSQL (pg_dump/pg_restore)"
	@echo "  make install    solo la instalación (venv, dependencias, archivos estáticos, traducciones)"
	@echo "  make lock       regenera requirements/lock.txt (con hashes) tras cambiar pyproject.toml"
	@echo "  make bench      pruebas de carga a escala Cali (PostgreSQL, gunicorn, wrk; docs/benchmarks.md)"
	@echo "  make cluster-test  nginx + 2 gunicorn + Celery + Redis + PostgreSQL en loopback (docs/deploy.md)"

# --- setup ------------------------------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Cabildo necesita Python 3.11 o posterior ($(PYTHON) es $$($(PYTHON) -V 2>&1))." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ echo "No se pudo crear $(VENV): instale python3-venv (apt-get install python3-venv)." >&2; \
		  rm -rf $(VENV); exit 1; }

# Python dependencies come from the lock file (requirements/lock.txt: every package, direct or
# not, pinned with its hashes), then the project itself without dependencies. A lock that no
# longer matches pyproject.toml stops here with a message (`make lock` regenerates it).
# uv when it installs (seconds instead of a minute); plain pip otherwise (--require-hashes).
UV_VERSION := 0.13.9
LOCK := requirements/lock.txt

$(VENV)/.installed: pyproject.toml $(LOCK) | $(PY)
	@$(PY) scripts/lock.py --check
	@if $(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION) 2>/dev/null; then \
		echo "Instalando dependencias de Python (uv, $(LOCK))…"; \
		$(VENV)/bin/uv pip install -q --python $(PY) --require-hashes -r $(LOCK); \
		$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .; \
	else \
		echo "Instalando dependencias de Python (pip, $(LOCK))…"; \
		$(PY) -m pip install -q --upgrade pip; \
		$(PY) -m pip install -q --require-hashes -r $(LOCK); \
		$(PY) -m pip install -q --no-deps -e .; \
	fi
	@touch $@

# Regenerate the lock after changing a dependency in pyproject.toml (keeps the other versions;
# `make lock UPGRADE=1` moves every unpinned transitive dependency to its latest version).
lock: | $(PY)
	@$(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(PY) scripts/lock.py

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || \
		{ echo "npm no está instalado: instale Node.js 18 o posterior." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor_static.py | $(PY)
	$(PY) scripts/vendor_static.py
	@touch $@

# The catalogues (.po) are committed, the compiled .mo files are not. compilemessages only
# rebuilds the .mo files older than their .po (and refuses to run when there is no catalogue).
COMPILE_MESSAGES = if [ -n "$$(find cabildo locale -name '*.po' -print -quit 2>/dev/null)" ]; then \
		command -v msgfmt >/dev/null || \
			{ echo "msgfmt no está instalado: apt-get install gettext." >&2; exit 1; }; \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=.git -v 0; \
	fi

compiled-messages: $(VENV)/.installed
	@$(COMPILE_MESSAGES)

install: $(VENV)/.installed static/vendor/.copied compiled-messages

# --- the application --------------------------------------------------------------------------

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

logins: $(VENV)/.installed
	@$(PY) manage.py demo_logins

# `make run` serves the product as its users see it: DEBUG off (the product's 404 and 500 pages,
# static files by WhiteNoise, uploaded files only through the permission-checked views), whatever
# .env says. `make dev` is the same with DEBUG on (Django's technical pages, autoreload of static).
SERVE = export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py demo_logins; \
	echo; \
	echo "Cabildo en http://$(HOST):$(PORT)/ (Ctrl+C para detener)"; \
	echo "Cada entidad responde en http://$(HOST):$(PORT)/<entidad>/ y en <entidad>.localhost:$(PORT), p. ej. http://cali.localhost:$(PORT)/"; \
	if [ -z "$${ALLOWED_HOSTS:-}" ] && ! grep -qs '^ALLOWED_HOSTS=' .env; then \
		export ALLOWED_HOSTS='$(RUN_ALLOWED_HOSTS)'; \
	fi; \
	exec $(PY) manage.py runserver $(HOST):$(PORT)

run: demo
	@echo
	@export DEBUG=false; $(SERVE)

dev: demo
	@echo
	@echo "Modo de desarrollo (DEBUG activo): páginas técnicas de Django, no las del producto."
	@export DEBUG=true; $(SERVE)

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=info \
		--schedule=$(VENV)/celerybeat-schedule

# --- quality ----------------------------------------------------------------------------------

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run  # the tests build their tables from the models
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest \
		-n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The property tests with new examples, CABILDO_FUZZ times as many (make test draws a fixed set:
# tests/properties.py). What it finds becomes a plain test before it is fixed.
CABILDO_FUZZ ?= 10
fuzz: install
	CABILDO_FUZZ=$(CABILDO_FUZZ) DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest \
		-n $(PYTEST_WORKERS) --dist worksteal -m hypothesis $(PYTEST_ARGS)

check: $(VENV)/.installed
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy cabildo config

# The layers of docs/architecture.md (contracts in .importlinter).
importlint: $(VENV)/.installed
	$(VENV)/bin/lint-imports

# --- performance and deployment (not part of `make test`) -------------------------------------

bench: install
	$(PY) bench/run.py

cluster-test: install
	$(PY) deploy/cluster_test.py

# --- translations -----------------------------------------------------------------------------

# One English catalogue per app: cabildo/<app>/locale/en/LC_MESSAGES/django.po, plus djangojs.po
# for apps whose JavaScript calls gettext(). `manage.py app_messages` sets Django up from the
# project root, then runs makemessages in each app's folder (run as `cd cabildo/<app> && python
# ../../manage.py makemessages`, Celery's Django fixup puts the app folder first on sys.path and
# the app's rules.py shadows the `rules` package). Fill every msgstr; the .mo files are
# compiled here and by every `make install`.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || \
		{ echo "gettext no está instalado: apt-get install gettext." >&2; exit 1; }
	$(PY) manage.py app_messages

# Backup drill (docs/operations.md): demo database → pg_dump -Fc → pg_restore into a fresh
# database → same row count in every table. Needs PostgreSQL (PGHOST/PGUSER…); about a minute.
backup-test: install
	scripts/backup_test.sh

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
