"""Production settings pass Django's deployment check with no warning at all, and each HTTPS
setting is read strictly from the environment."""

import subprocess
import sys

import pytest

from duban import config

PRODUCTION = {
    "DUBAN_DEBUG": "false",
    "DUBAN_HTTPS": "true",
    "DUBAN_PROXIES": "1",
    "DUBAN_ALLOWED_HOSTS": "duban.yongkang.gov.cn",
    "DUBAN_SECRET_KEY": "k7Qv2mX9pL4rT8wZ1nB6cF3hJ5dS0gA-yE_uI2oP7qR4tW9xV3zM6bN1",
}


def _check(tmp_path, **env):
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    environment.update(DUBAN_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "duban.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=environment, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy_clean(tmp_path):
    done = _check(tmp_path, **PRODUCTION)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout


def test_plain_http_settings_are_what_check_deploy_complains_about(tmp_path):
    done = _check(tmp_path, **{k: v for k, v in PRODUCTION.items() if k != "DUBAN_HTTPS"})
    assert done.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in done.stderr


def test_https_settings_from_the_environment():
    on = config.https({"DUBAN_HTTPS": "true", "DUBAN_PROXIES": "1"})
    assert on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"] and on["SECURE_SSL_REDIRECT"]
    assert on["SECURE_HSTS_SECONDS"] == 31536000 and on["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert on["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    off = config.https({})
    assert not off["SESSION_COOKIE_SECURE"] and not off["SECURE_SSL_REDIRECT"] and off["SECURE_HSTS_SECONDS"] == 0
    assert off["SECURE_PROXY_SSL_HEADER"] is None  # without a proxy the header could be forged by anyone
    assert config.https({"DUBAN_HTTPS": "true", "DUBAN_HSTS_SECONDS": "600"})["SECURE_HSTS_SECONDS"] == 600
    with pytest.raises(config.ConfigError, match="DUBAN_HSTS_SECONDS"):
        config.https({"DUBAN_HTTPS": "true", "DUBAN_HSTS_SECONDS": "一年"})
    with pytest.raises(config.ConfigError, match="DUBAN_HTTPS"):
        config.https({"DUBAN_HTTPS": "maybe"})
