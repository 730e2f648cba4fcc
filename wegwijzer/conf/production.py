"""Production: gunicorn behind a TLS-terminating reverse proxy (nginx), PostgreSQL and Redis.

Required environment: DJANGO_SECRET_KEY (50+ random characters) and DJANGO_ALLOWED_HOSTS.
Also set: DATABASE_URL (PostgreSQL), REDIS_URL (cache, lock-out counters, sessions),
DJANGO_CSRF_TRUSTED_ORIGINS. WEGWIJZER_TRUSTED_PROXY_COUNT is 1 (nginx in front) by default.
See docs/deployment.md for every variable and deploy/wegwijzer.env.example for a template.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, SECRET_KEY, env_bool, env_list

# Never a debug page or stack trace in production, whatever the environment says.
DEBUG = False
DEBUG_PROPAGATE_EXCEPTIONS = False
if not SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of at least 50 characters.")
if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the site's host name(s).")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Reverse proxy -------------------------------------------------------------------
# nginx terminates TLS and sets X-Forwarded-Proto; it must overwrite (never pass on) a
# client's own X-Forwarded-Proto header. The Host header is trusted as nginx passes it;
# X-Forwarded-Host only when explicitly asked for (a second proxy in front).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
USE_X_FORWARDED_PORT = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Monitoring may ask /health/ over plain HTTP on the private interface.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# The visitor's address for lock-out counters and the audit trail: behind nginx (one proxy,
# the set-up in docs/deployment.md) it is the right-most X-Forwarded-For entry. The same
# trust as for X-Forwarded-Proto above: gunicorn must only be reachable through nginx.
WEGWIJZER_TRUSTED_PROXY_COUNT = int(os.environ.get("WEGWIJZER_TRUSTED_PROXY_COUNT", "1"))
if WEGWIJZER_TRUSTED_PROXY_COUNT:
    MIDDLEWARE = ["wegwijzer.core.proxy.TrustedProxyMiddleware", *MIDDLEWARE]  # noqa: F405

# --- HTTPS-only headers and cookies --------------------------------------------------
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# "preload" is consent to the browsers' preload list for the whole registrable domain.
# On by default (a dedicated domain); set DJANGO_HSTS_PRELOAD=false when the site shares a
# domain with other services: that is a deliberate choice, so its check is silenced.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", [])]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"  # __Host-: Secure, Path=/ and no Domain attribute
CSRF_COOKIE_NAME = "__Host-csrftoken"
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}

# --- PostgreSQL ------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://wegwijzer@/wegwijzer (peer authentication over the local
# socket). Without it the SQLite file next to the code is used (small installs only).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # drop a dead persistent connection
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

# --- Redis: cache, lock-out counters (django-axes uses the default cache), sessions ----
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("WEGWIJZER_CACHE_PREFIX", "wegwijzer"),
        "TIMEOUT": 300,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT,
            "socket_timeout": REDIS_TIMEOUT,
            "health_check_interval": 30,
        },
    }
}
# Sessions are read from Redis and written through to the database, so a Redis restart
# logs nobody out. An app that chooses its own session engine keeps it.
SESSION_ENGINE = globals().get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
if SESSION_ENGINE == "django.contrib.sessions.backends.db":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Static files: hashed and compressed by collectstatic, served by WhiteNoise --------
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = False

# --- Logging: JSON lines on stdout (journald), no request lines, no query strings ------
LOGGING = {
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
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry query strings, where the incident assistant keeps its
        # answers: never log them. Errors (500) are logged with the path only.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "django.db.backends": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
# No error e-mails: they would contain the request with its query string and cookies.
ADMINS = []

# --- E-mail (invitations, password reset) ----------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "wegwijzer@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
