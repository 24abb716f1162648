"""Synthetic data at scale for benchmarks and tests (``manage.py generate_data``).

An app only for its ``generate_data`` command (no models); ``bench/`` uses it too. It writes
with PostgreSQL ``COPY`` (psycopg 3) and falls back to ``bulk_create`` on other databases.
"""
