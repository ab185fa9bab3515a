"""Django settings, every value read from the environment through ``duban.config``."""

from pathlib import Path

import csp.constants

from duban import config

ENV = config.from_os()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir(ENV)

DEBUG = config.env_bool(ENV, "DUBAN_DEBUG", False)
SECRET_KEY = config.secret_key(ENV, DATA_DIR)
ALLOWED_HOSTS = config.env_list(ENV, "DUBAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = config.env_list(ENV, "DUBAN_CSRF_TRUSTED_ORIGINS", [])
# HTTPS (docs/security.md): secure cookies, redirect, HSTS, and the proxy's X-Forwarded-* headers.
HTTPS = config.https(ENV)
SESSION_COOKIE_SECURE = HTTPS["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = HTTPS["CSRF_COOKIE_SECURE"]
SECURE_SSL_REDIRECT = HTTPS["SECURE_SSL_REDIRECT"]
SECURE_HSTS_SECONDS = HTTPS["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_HSTS_PRELOAD = HTTPS["SECURE_HSTS_PRELOAD"]
SECURE_PROXY_SSL_HEADER = HTTPS["SECURE_PROXY_SSL_HEADER"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
PROXIES = HTTPS["PROXIES"]

# Content-Security-Policy (django-csp): pages load only duban's own files. Scripts run only from
# /static/ or with the response's nonce (<script nonce="{{ request.csp_nonce }}">); behaviour that
# used to sit in onclick=… attributes is declared with data-* and wired by duban/behaviour.js.
# Styles may be inline (charts, bulletin tables and widths set style attributes); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp.constants.NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# How long an API token issued from the admin or `duban token issue` works unless told otherwise.
API_TOKEN_DAYS = config.env_int(ENV, "DUBAN_API_TOKEN_DAYS", 365, minimum=1)

# The county this deployment serves (official division code); the cockpit opens on it.
HOME_REGION = ENV.get("DUBAN_HOME_REGION", "330784")
# A peer group's ranks are shown once more than this share of its members has published (else 待公布).
RANK_QUORUM = float(ENV.get("DUBAN_RANK_QUORUM", "0.5"))
# Stored results: a change that leaves at most this many periods stale is recomputed in the request
# that made it, a larger one on the database worker. A read that finds a period stale queues its
# refresh ("queue") or runs it ("inline": the command line always does, and tests that write rows
# behind the application's back).
REFRESH_INLINE_PERIODS = config.env_int(ENV, "DUBAN_REFRESH_INLINE_PERIODS", 2, minimum=0)
REFRESH_ON_READ = ENV.get("DUBAN_REFRESH_ON_READ", "queue")
# Django's cache framework. "answers" keeps the monitoring API's JSON answers under their change
# marks (duban.monitoring.answers): in-process memory by default, which suits `duban serve` (one
# process, many threads); several processes behind one address share a backend named here instead,
# e.g. DUBAN_ANSWER_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache with its LOCATION.
ANSWER_CACHE = "answers"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "duban-default"},
    ANSWER_CACHE: {
        "BACKEND": ENV.get("DUBAN_ANSWER_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": ENV.get("DUBAN_ANSWER_CACHE_LOCATION", "duban-answers"),
        "TIMEOUT": config.env_int(ENV, "DUBAN_ANSWER_CACHE_SECONDS", 3600, minimum=1),
        "OPTIONS": {"MAX_ENTRIES": config.env_int(ENV, "DUBAN_ANSWER_CACHE_ENTRIES", 1000, minimum=1)},
    },
}
# Modified z-score above which an incoming figure is flagged against the region's own history.
# Modified z-score beyond which an incoming figure is flagged as an outlier.
DUBAN_OUTLIER_Z = config.env_float(ENV, "DUBAN_OUTLIER_Z", 3.5, above=0)

# Notification channels; a channel without its endpoint is simply not used.
DINGTALK_WEBHOOK = ENV.get("DUBAN_DINGTALK_WEBHOOK", "")
DINGTALK_SECRET = ENV.get("DUBAN_DINGTALK_SECRET", "")
ZZD_ENDPOINT = ENV.get("DUBAN_ZZD_ENDPOINT", "")
ZZD_DAILY_CAP = config.env_int(ENV, "DUBAN_ZZD_DAILY_CAP", 20, minimum=1)

# Bulletins: the title pattern ({region}, {period}, {date}), the issuing office (default
# "<home region>督查室"), the days a department has to reply to a supervision notice, and the
# fonts of documents (empty: the classic face if installed, else Noto CJK; see docs/bulletins.md).
BULLETIN_TITLE = ENV.get("DUBAN_BULLETIN_TITLE", "{region}主要指标完成情况通报（{period}）")
BULLETIN_ISSUER = ENV.get("DUBAN_BULLETIN_ISSUER", "")
NOTICE_REPLY_DAYS = config.env_int(ENV, "DUBAN_NOTICE_REPLY_DAYS", 5, minimum=1)
# PDFs are printed by headless Chromium (Debian's chromium package); a name on PATH or a path.
CHROMIUM = ENV.get("DUBAN_CHROMIUM", "chromium")
DOCUMENT_FONTS = {role: ENV.get(f"DUBAN_FONT_{role.upper()}", "") for role in ("title", "heading", "subheading", "body")}
# The embedded scheduler ticks daily at this local time; `duban serve` runs it and the worker
# in-process unless DUBAN_BACKGROUND=false (a deployment running them as their own services).
TICK_TIME = config.env_time(ENV, "DUBAN_TICK_TIME", "06:30")
BACKGROUND = config.env_bool(ENV, "DUBAN_BACKGROUND", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # swagger assets served locally for /api/docs, not from a CDN
    "duban.accounts",
    "duban.catalogue",
    "duban.observations",
    "duban.targets",
    "duban.imports",
    "duban.demo",
    "duban.supervision",
    "duban.notifications",
    "duban.monitoring",
    "duban.bulletins",
    "duban.meetings",
    "duban.scoring",
    "duban.projects",
    "duban.web",
    "axes",  # login and API-key throttling
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "duban.web.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "duban.web.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "duban.monitoring.middleware.RefreshAfterWriteMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.web.context_processors.deployment",
            ],
        },
    },
]

DATABASES = {"default": config.database(ENV, DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        # Background work runs from the same database: no broker to install.
        "BACKEND": ENV.get("DUBAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Throttling (django-axes): after DUBAN_LOGIN_FAILURE_LIMIT failures an account, or an address,
# is refused for DUBAN_LOGIN_COOLOFF_MINUTES, even with the right password. See docs/security.md.
AUTHENTICATION_BACKENDS = ["duban.accounts.throttling.ThrottledBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = config.env_int(ENV, "DUBAN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = config.env_minutes(ENV, "DUBAN_LOGIN_COOLOFF_MINUTES", 15)
AXES_LOCKOUT_PARAMETERS = "duban.accounts.throttling.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "duban.accounts.throttling.lockout_page"
AXES_CLIENT_IP_CALLABLE = "duban.accounts.throttling.client_address"
AXES_VERBOSE = False  # duban logs each lockout itself, in Chinese (duban.accounts.signals)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = ENV.get("DUBAN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders; it warns on a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_BACKEND = ENV.get("DUBAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = ENV.get("DUBAN_FROM_EMAIL", "duban@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("DUBAN_LOG_LEVEL", "WARNING")},
}
