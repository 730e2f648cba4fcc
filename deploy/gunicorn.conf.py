"""gunicorn settings for Wegwijzer in production (see docs/deployment.md).

Started by deploy/wegwijzer.service with ``gunicorn -c deploy/gunicorn.conf.py``; it listens
on the Unix socket that systemd opens (deploy/wegwijzer.socket). nginx in front terminates
TLS. Tune with environment variables in /etc/wegwijzer/wegwijzer.env.

No access log: request lines carry query strings, and the incident assistant keeps a
visitor's answers in the query string. Error lines pass a filter that removes query strings.
"""

import multiprocessing
import os

wsgi_app = "wegwijzer.wsgi:application"
# systemd socket activation passes the socket (LISTEN_FDS); without it, listen locally.
if not os.environ.get("LISTEN_FDS"):
    bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

workers = int(os.environ.get("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files, not data
# Requests only come from nginx on this machine (Unix socket or loopback).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 8190
limit_request_fields = 100

accesslog = None  # never: query strings must not be logged
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "wegwijzer.core.log.RedactQueryStrings"}},
    "formatters": {"json": {"()": "wegwijzer.core.log.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["no_query_strings"],
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["null"], "propagate": False},
    },
}
proc_name = "wegwijzer"
