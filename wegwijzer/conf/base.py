"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent  # the wegwijzer package
PROJECT_DIR = BASE_DIR.parent
CONTENT_DIR = Path(os.environ.get("WEGWIJZER_CONTENT_DIR", PROJECT_DIR / "content"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "wegwijzer.core.apps.WegwijzerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "wegwijzer.core",
    "wegwijzer.knowledge",
    "wegwijzer.catalog",
    "wegwijzer.assistant",
    "wegwijzer.accounts",
    "wegwijzer.api",
]

MIDDLEWARE = [
    # The header middleware comes first: it wraps SecurityMiddleware's HTTPS redirect and
    # WhiteNoise's static files, so those responses get every security header too.
    "wegwijzer.core.security_headers.SecurityHeadersMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "wegwijzer.core.middleware.CacheControlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wegwijzer.accounts.middleware.AuditContextMiddleware",
    "wegwijzer.accounts.middleware.SessionSecurityMiddleware",
    "wegwijzer.accounts.middleware.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lock-out into the 429 page; keep it last
]

ROOT_URLCONF = "wegwijzer.urls"
WSGI_APPLICATION = "wegwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegwijzer.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and login security (wegwijzer.accounts, see docs/security.md).
# Argon2id first; the others only verify (and upgrade) older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses while locked out; must be first
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links work for one hour

# Sessions: a browser-session cookie; the server ends a session after 30 minutes without a
# request (idle) and 12 hours after login (absolute), see accounts.middleware.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
WEGWIJZER_SESSION_IDLE_SECONDS = int(os.environ.get("WEGWIJZER_SESSION_IDLE_SECONDS", "1800"))
WEGWIJZER_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("WEGWIJZER_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60))
)
# Changing e-mail, password or 2FA needs password + second factor within this many seconds.
WEGWIJZER_REAUTH_SECONDS = int(os.environ.get("WEGWIJZER_REAUTH_SECONDS", "600"))
# Time to enter the second factor after a correct password.
WEGWIJZER_PENDING_LOGIN_SECONDS = 300
WEGWIJZER_INVITATION_DAYS = int(os.environ.get("WEGWIJZER_INVITATION_DAYS", "7"))

# Lock-out (django-axes): counters live in the cache (Redis in production). A username and
# a source address are each locked after this many failures, for the cool-off time.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("WEGWIJZER_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WEGWIJZER_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wegwijzer.accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "wegwijzer.accounts.services.axes_username"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
# Client address: REMOTE_ADDR unless the number of trusted reverse proxies is set; then
# the address that many hops from the right in X-Forwarded-For.
WEGWIJZER_TRUSTED_PROXY_COUNT = int(os.environ.get("WEGWIJZER_TRUSTED_PROXY_COUNT", "0"))
if WEGWIJZER_TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = WEGWIJZER_TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Two-factor authentication (django-otp): TOTP apps, passkeys and recovery codes.
OTP_TOTP_ISSUER = "Wegwijzer"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows TOTP seeds
OTP_WEBAUTHN_RP_ID = os.environ.get("WEGWIJZER_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "Wegwijzer"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEGWIJZER_WEBAUTHN_ORIGINS", "http://localhost:8000,http://localhost"
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # passkeys are a second factor here
OTP_WEBAUTHN_HELPER_CLASS = "wegwijzer.accounts.webauthn.WebAuthnHelper"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "wegwijzer.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
]

# Internationalisation: Dutch first, English second. Message ids in code are English;
# the Dutch catalogue must be complete (checked by `make test`).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list = []  # each app keeps its own locale/ folder

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# No uploads, ever: the product never accepts files (and so never images of an incident).
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "wegwijzer",
    }
}

# Security baseline (production tightens the cookie and HSTS settings further).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"  # wegwijzer.core.security_headers
WHITENOISE_ALLOW_ALL_ORIGINS = False  # no "Access-Control-Allow-Origin: *" on static files
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "wegwijzer.core.views.csrf_failure"  # house-style 403, no details

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}

# Deny every powerful feature the site does not use; passkeys (WebAuthn) stay same-origin.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Public pages for anonymous visitors may be cached by browsers and proxies this long.
PUBLIC_CACHE_SECONDS = int(os.environ.get("WEGWIJZER_PUBLIC_CACHE_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry query strings; the incident assistant keeps answers there.
        # They must never be written to a log, so request logging stays off.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}


# The admin lives at a configurable path (not the well-known /admin/).
ADMIN_URL = os.environ.get("WEGWIJZER_ADMIN_URL", "beheer/").strip("/") + "/"
