#!/bin/sh
# docker-entrypoint-initdb.d: creates the application's role (see app-role.psql) on the first start of db.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_role="${POSTGRES_APP_USER:-medk_app}" -v app_password="$POSTGRES_APP_PASSWORD" -v db="$POSTGRES_DB" \
    -f /docker-entrypoint-initdb.d/app-role.psql
