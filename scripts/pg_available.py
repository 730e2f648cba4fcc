"""Exit 0 when the PostgreSQL server in the given URL accepts connections, else 1."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(base, connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
