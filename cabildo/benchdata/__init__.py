"""Synthetic data at scale for benchmarks and tests (``manage.py generate_data``).

Not an installed app: a library the ``generate_data`` command and ``bench/`` use. It writes
with PostgreSQL ``COPY`` (psycopg 3) and falls back to ``bulk_create`` on other databases.
"""
