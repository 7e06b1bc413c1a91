"""Django settings for Kogame.

Everything an operator may change comes from the environment (see README, "Configuration");
the defaults give the embedded single-process setup that `make run` serves.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kogame.cluster.redisconf import layer_options
from kogame.datadir import create_private_file, make_private_dir, sqlite_file

# Lets generic Django classes (ModelAdmin[Model], ModelForm[Model]) be subscripted at runtime.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KOGAME_DATA_DIR", BASE_DIR / "var"))
make_private_dir(DATA_DIR)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use KOGAME_SECRET_KEY, else a random key kept in the data directory (never in git)."""
    if key := os.environ.get("KOGAME_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret-key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("KOGAME_DEBUG", False)
ALLOWED_HOSTS = _env_list("KOGAME_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("KOGAME_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "csp",
    "kogame.players",
    "kogame.cluster",
    "kogame.records",
    "kogame.rooms",
    "kogame.lobby",
    "kogame.play",
    "kogame.accounts",
]

# The games this site offers: each is a Django app that registers its game when ready
# (docs/games.md). A game's name is the last part of its app's path. By default, every game
# app shipped in kogame/games/ (a package with an apps.py), so adding one edits nothing here.
_SHIPPED_GAMES = sorted(
    f"kogame.games.{package.name}"
    for package in (BASE_DIR / "kogame" / "games").iterdir()
    if (package / "apps.py").is_file()
)
KOGAME_GAMES = _env_list("KOGAME_GAMES", ",".join(_SHIPPED_GAMES))
INSTALLED_APPS += KOGAME_GAMES

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kogame.players.sessions.SessionLifetimeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into our "wait a while" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kogame.urls"
ASGI_APPLICATION = "kogame.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kogame" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock from the start of their transaction (and wait up to 20 s for
    # it) rather than fail when a read turns into a write; WAL lets readers go on meanwhile.
    # synchronous=NORMAL is WAL's usual pairing: commits skip an fsync each (a power cut may
    # lose the last ones, never corrupt the file), so bursts of page loads don't queue up.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    # Tests use a file, as production does: an in-memory database shared between threads
    # locks whole tables with no waiting, so the results writer's thread and a request would
    # fail each other at random instead of taking turns.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}
    if database_file := sqlite_file(DATABASES["default"]["NAME"]):
        create_private_file(database_file)  # 0600 before SQLite makes it (kogame/datadir.py)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts are optional (kogame/accounts): logging in adopts the browser's player.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "records:me"
LOGOUT_REDIRECT_URL = "lobby:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, kept in the database so every web process counts the same
# failures): too many failed logins from one address, or for one username, lock that address
# or username out of /accounts/login/ and /admin/ (both log in through these backends) for a
# while. Failures count for the cool-off time; a failure while locked out starts it again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KOGAME_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("KOGAME_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "kogame.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "kogame.accounts.throttle.locked_out"
# A successful login clears only its own username's failures from its own address
# (kogame/accounts/throttle.py); axes' reset would also clear other usernames' failures there.
AXES_RESET_ON_SUCCESS = False
# No log of every successful login (who, from where): Kogame has no use for one.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every start

# Distributed mode (docs/architecture.md): with Redis, rooms run in engine workers
# (`manage.py engine`) and web processes relay to them over channels_redis.
KOGAME_REDIS_URL = os.environ.get("KOGAME_REDIS_URL", "")
if KOGAME_REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": KOGAME_REDIS_URL, **layer_options()}],
                # Web processes' channels get owner changes, and every frame with
                # KOGAME_FRAMES_VIA=layer: room for bursts, and drops are noticed (gaps).
                # Inputs go through mailboxes (kogame/cluster/mailbox.py), not here.
                "capacity": 2000,
                "expiry": 30,
                "group_expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# How per-tick frames go from engine workers to web processes: "pubsub" (plain Redis pub/sub,
# kogame/cluster/framebus.py) or "layer" (the channel layer's groups, as before). Every process
# of a cluster must say the same.
KOGAME_FRAMES_VIA = os.environ.get("KOGAME_FRAMES_VIA", "pubsub")
if KOGAME_FRAMES_VIA not in ("pubsub", "layer"):
    raise ImproperlyConfigured("KOGAME_FRAMES_VIA must be 'pubsub' or 'layer'")

# Sessions are stored only once they hold something (a player id, a login), and slide: a page
# view that finds less than half of the lifetime left renews it (kogame/players/sessions.py).
KOGAME_ANONYMOUS_SESSION_DAYS = float(os.environ.get("KOGAME_ANONYMOUS_SESSION_DAYS", "30"))
KOGAME_SESSION_DAYS = float(os.environ.get("KOGAME_SESSION_DAYS", "30"))
SESSION_COOKIE_AGE = int(KOGAME_SESSION_DAYS * 24 * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"

# Served over TLS (directly or behind a TLS-terminating proxy). KOGAME_SECURE_COOKIES is the
# older name of the same switch. uvicorn (proxy_headers) already takes the scheme from a
# trusted proxy's X-Forwarded-Proto, so Django needs no SECURE_PROXY_SSL_HEADER, which would
# believe that header from anyone who can reach the server directly.
KOGAME_HTTPS = _env_bool("KOGAME_HTTPS", _env_bool("KOGAME_SECURE_COOKIES", False))
SESSION_COOKIE_SECURE = KOGAME_HTTPS
CSRF_COOKIE_SECURE = KOGAME_HTTPS
SECURE_SSL_REDIRECT = KOGAME_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # probes and scrapers speak plain HTTP
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if KOGAME_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("KOGAME_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# `check --deploy` asks for HSTS on every subdomain (W005) and for preloading (W021): both bind
# other sites and browsers' built-in lists, so they are the operator's choice (README).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Content-Security-Policy (django-csp): scripts, styles and connections only from this site
# (the pages load ES modules by src and have no inline script, style or handler; CSP's 'self'
# covers same-origin ws:/wss:), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "connect-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KOGAME_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "kogame.staticstorage.KogameStaticStorage"},
}
WHITENOISE_MAX_AGE = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOGAME_LOG_LEVEL", "INFO")},
    # axes logs every login at INFO; its failures and lockouts come at WARNING.
    "loggers": {"django": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Game rooms (the embedded host runs them inside this process).
KOGAME_DEFAULT_ROOM = os.environ.get("KOGAME_DEFAULT_ROOM", "main")
KOGAME_DEFAULT_ROOM_NAME = os.environ.get("KOGAME_DEFAULT_ROOM_NAME", "Main room")
KOGAME_GRACE_SECONDS = float(os.environ.get("KOGAME_GRACE_SECONDS", "10"))
KOGAME_ROOM_IDLE_SECONDS = float(os.environ.get("KOGAME_ROOM_IDLE_SECONDS", "60"))
# A player dead (between lives) this long without any input gives up their place and watches.
KOGAME_DEAD_IDLE_SECONDS = float(os.environ.get("KOGAME_DEAD_IDLE_SECONDS", "60"))


def _game_defaults(games: list[str]) -> dict[str, dict[str, str]]:
    """Each game's default room, from `KOGAME_<GAME>_<SETTING>` (the game's own settings, and
    TICK_RATE and TURN_DEADLINE_MS); the rooms app checks them against the game's declaration."""
    found: dict[str, dict[str, str]] = {}
    for game in (app.rsplit(".", 1)[-1] for app in games):
        prefix = f"KOGAME_{game.upper()}_"
        found[game] = {
            key.removeprefix(prefix).lower(): value
            for key, value in os.environ.items()
            if key.startswith(prefix)
        }
    return found


KOGAME_ROOM_DEFAULTS = _game_defaults(KOGAME_GAMES)
# Abuse limits: every opened room runs (and costs CPU) until it has been idle a while.
# Rooms one player, and one address, may create per window (counted in the database).
KOGAME_ROOMS_PER_PLAYER = int(os.environ.get("KOGAME_ROOMS_PER_PLAYER", "5"))
KOGAME_ROOMS_PER_IP = int(os.environ.get("KOGAME_ROOMS_PER_IP", "20"))
KOGAME_ROOMS_WINDOW_SECONDS = int(os.environ.get("KOGAME_ROOMS_WINDOW_SECONDS", "600"))
# Rooms running at once in one process (the embedded host, or each engine worker).
KOGAME_MAX_ROOMS = int(os.environ.get("KOGAME_MAX_ROOMS", "100"))
