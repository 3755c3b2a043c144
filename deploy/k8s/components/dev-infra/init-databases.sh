#!/usr/bin/env bash
# One database and one owner role per service (DESIGN §2): no service reads another's tables.
set -euo pipefail
for service in matching goals feedback notifications; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE ${service} LOGIN PASSWORD '${SERVICE_DB_PASSWORD}';
CREATE DATABASE ${service} OWNER ${service};
SQL
done
