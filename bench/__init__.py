"""``make bench``: load tests at Cali scale, gunicorn + PostgreSQL (docs/benchmarks.md)."""
