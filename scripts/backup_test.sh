#!/usr/bin/env bash
# Backup/restore drill (make backup-test): build a demo database, back it up with
# pg_dump -Fc, restore it into a fresh database with pg_restore and compare the row count of
# every table. Both databases are dropped at the end, also on failure.
#
# PostgreSQL is reached with the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD);
# default: postgres@127.0.0.1:5432. Needs pg_dump, pg_restore, psql, createdb, dropdb.
set -euo pipefail

PY="${PY:-.venv/bin/python}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
STAMP="$(date +%s)_$$"
SOURCE_DB="cabildo_backup_src_${STAMP}"
TARGET_DB="cabildo_backup_dst_${STAMP}"
WORK="$(mktemp -d)"
DUMP="${WORK}/cabildo.dump"

cleanup() {
    dropdb --if-exists "$SOURCE_DB" 2>/dev/null || true
    dropdb --if-exists "$TARGET_DB" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in pg_dump pg_restore psql createdb dropdb; do
    command -v "$tool" >/dev/null || { echo "Falta $tool (apt-get install postgresql-client)." >&2; exit 1; }
done

url() { echo "postgres://${PGUSER}${PGPASSWORD:+:${PGPASSWORD}}@${PGHOST}:${PGPORT}/$1"; }

echo "1/5 Base de demostración ${SOURCE_DB}: migrate + seed_demo"
createdb "$SOURCE_DB"
DATABASE_URL="$(url "$SOURCE_DB")" DJANGO_SETTINGS_MODULE=config.settings.dev \
    "$PY" manage.py migrate --noinput -v 0
DATABASE_URL="$(url "$SOURCE_DB")" DJANGO_SETTINGS_MODULE=config.settings.dev \
    "$PY" manage.py seed_demo -v 0

echo "2/5 Copia con pg_dump -Fc"
pg_dump -Fc --no-owner --no-privileges -f "$DUMP" "$SOURCE_DB"
echo "    $(du -h "$DUMP" | cut -f1) en ${DUMP}"

echo "3/5 Restauración en ${TARGET_DB} con pg_restore"
createdb "$TARGET_DB"
pg_restore --no-owner --no-privileges --exit-on-error -d "$TARGET_DB" "$DUMP"

echo "4/5 Conteo de filas de cada tabla"
count_rows() {
    # One line per table: "<schema>.<table> <rows>" (exact counts, not statistics).
    psql -X -A -t -q -d "$1" -c "
        SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I;', schemaname || '.' || tablename, schemaname, tablename)
        FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY schemaname, tablename" | psql -X -A -t -q -d "$1"
}
count_rows "$SOURCE_DB" > "${WORK}/source.txt"
count_rows "$TARGET_DB" > "${WORK}/target.txt"
TABLES="$(wc -l < "${WORK}/source.txt")"
ROWS="$(awk '{s += $2} END {print s}' "${WORK}/source.txt")"

echo "5/5 Comparación"
if ! diff -u "${WORK}/source.txt" "${WORK}/target.txt"; then
    echo "ERROR: la base restaurada no tiene las mismas filas que la original." >&2
    exit 1
fi
if [ "$TABLES" -lt 10 ] || [ "$ROWS" -lt 100 ]; then
    echo "ERROR: la base de demostración quedó casi vacía (${TABLES} tablas, ${ROWS} filas)." >&2
    exit 1
fi
echo "OK: ${TABLES} tablas y ${ROWS} filas idénticas tras copiar y restaurar."
