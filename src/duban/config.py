"""Checked parsing of settings from environment variables.

Kept apart from ``settings.py`` so each rule can be tested without reloading Django.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import time, timedelta
from collections.abc import Mapping
from pathlib import Path

import dj_database_url


class ConfigError(ValueError):
    """A setting in the environment has a value we cannot use."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r}: expected one of {sorted(TRUE_WORDS | FALSE_WORDS - {''})}")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int | None = None) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value}: must be at least {minimum}")
    return value


def env_float(env: Mapping[str, str], name: str, default: float, *, above: float | None = None) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a number") from None
    if above is not None and value <= above:
        raise ConfigError(f"{name}={value}: must be above {above}")
    return value


def env_minutes(env: Mapping[str, str], name: str, default: int) -> timedelta:
    return timedelta(minutes=env_int(env, name, default, minimum=1))


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_time(env: Mapping[str, str], name: str, default: str) -> time:
    raw = env.get(name) or default
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a time of day such as 06:30") from None


def https(env: Mapping[str, str]) -> dict:
    """Django's HTTPS settings from DUBAN_HTTPS (the site is reached only over HTTPS) and
    DUBAN_PROXIES (how many reverse proxies stand in front and set X-Forwarded-*)."""
    on = env_bool(env, "DUBAN_HTTPS", False)
    proxies = env_int(env, "DUBAN_PROXIES", 0, minimum=0)
    hsts = env_int(env, "DUBAN_HSTS_SECONDS", 31536000, minimum=0) if on else 0
    return {
        "SESSION_COOKIE_SECURE": on,
        "CSRF_COOKIE_SECURE": on,
        "SECURE_SSL_REDIRECT": on,
        "SECURE_HSTS_SECONDS": hsts,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": on and env_bool(env, "DUBAN_HSTS_INCLUDE_SUBDOMAINS", True),
        "SECURE_HSTS_PRELOAD": on and env_bool(env, "DUBAN_HSTS_PRELOAD", True),
        # Trusted only behind a proxy: without one, any client could claim to have used HTTPS.
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if proxies else None,
        "PROXIES": proxies,
    }


def data_dir(env: Mapping[str, str]) -> Path:
    """Where the embedded database and the generated secret live (./var by default)."""
    return Path(env.get("DUBAN_DATA_DIR") or "var").resolve()


def database(env: Mapping[str, str], directory: Path) -> dict:
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        directory.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{directory / 'duban.sqlite3'}"
    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ConfigError(f"DATABASE_URL={url!r}: duban supports sqlite:// and postgres:// URLs")
    try:
        # Connections persist a minute on either database: opening one per request (for SQLite
        # the file, its PRAGMAs and Django's SQL functions) cost more than a cached API answer
        # (docs/benchmarks.md, Load: /healthz 428 -> 1,330 req/s, status API 262 -> 454).
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL={url!r}: {error}") from None
    if config["ENGINE"].endswith("sqlite3"):
        # WAL lets the web server read while the worker or an import writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                             "transaction_mode": "IMMEDIATE"}
    else:
        # JIT-compiling a query over a period's rows costs 70-100 ms, more than it saves here.
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return config


def secret_key(env: Mapping[str, str], directory: Path) -> str:
    """DUBAN_SECRET_KEY, else DUBAN_SECRET_KEY_FILE, else a key generated once under the data dir."""
    if env.get("DUBAN_SECRET_KEY"):
        return env["DUBAN_SECRET_KEY"]
    path = Path(env.get("DUBAN_SECRET_KEY_FILE") or directory / "secret_key")
    if env.get("DUBAN_SECRET_KEY_FILE") and not path.exists():
        raise ConfigError(f"DUBAN_SECRET_KEY_FILE={path}: file not found")
    if not path.exists():
        _write_once(path, secrets.token_urlsafe(50))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"secret key in {path} is shorter than 32 characters")
    return key


def _write_once(path: Path, text: str) -> None:
    """Create ``path`` holding ``text`` unless another process got there first.

    Several processes start together on a fresh install (server, worker, tick): each writes
    its key to a private file and links it into place. A link either appears whole or fails
    because the file exists, so every process ends up reading the one winning key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
    try:
        with os.fdopen(descriptor, "w") as handle:  # mkstemp's file is already 0600
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def from_os() -> Mapping[str, str]:
    return os.environ
