import pytest

from duban import config


def test_bool_accepts_common_words_and_rejects_others():
    assert config.env_bool({"X": "yes"}, "X", False) is True
    assert config.env_bool({"X": "0"}, "X", True) is False
    assert config.env_bool({}, "X", True) is True
    with pytest.raises(config.ConfigError, match="X='maybe'"):
        config.env_bool({"X": "maybe"}, "X", False)


def test_int_names_the_variable_when_not_a_number():
    assert config.env_int({"N": " 20 "}, "N", 5) == 20
    with pytest.raises(config.ConfigError, match="N='twenty'"):
        config.env_int({"N": "twenty"}, "N", 5)
    with pytest.raises(config.ConfigError, match="at least 1"):
        config.env_int({"N": "0"}, "N", 5, minimum=1)


def test_database_defaults_to_sqlite_under_the_data_dir(tmp_path):
    db = config.database({}, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "duban.sqlite3")


def test_database_reads_postgres_urls_and_rejects_others(tmp_path):
    db = config.database({"DATABASE_URL": "postgres://u@127.0.0.1:5432/duban"}, tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"]) == ("127.0.0.1", "duban")
    with pytest.raises(config.ConfigError, match="mysql"):
        config.database({"DATABASE_URL": "mysql://u@h/db"}, tmp_path)


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = config.secret_key({}, tmp_path)
    assert len(first) >= 32
    assert config.secret_key({}, tmp_path) == first
    assert config.secret_key({"DUBAN_SECRET_KEY": "k" * 40}, tmp_path) == "k" * 40


def test_secret_key_file_must_exist(tmp_path):
    with pytest.raises(config.ConfigError, match="file not found"):
        config.secret_key({"DUBAN_SECRET_KEY_FILE": str(tmp_path / "missing")}, tmp_path)


def test_float_names_the_variable_and_checks_the_bound():
    assert config.env_float({"Z": "3"}, "Z", 3.5, above=0) == 3.0
    with pytest.raises(config.ConfigError, match="Z='high'"):
        config.env_float({"Z": "high"}, "Z", 3.5)
    with pytest.raises(config.ConfigError, match="above 0"):
        config.env_float({"Z": "0"}, "Z", 3.5, above=0)
