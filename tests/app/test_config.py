"""Paths (argument > environment > platform defaults), settings and the rotating log file."""

from __future__ import annotations

import json
import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from app.config import APP_NAME, Settings, resolve_paths
from app.logs import log_unexpected, setup_logging


def test_explicit_arguments_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTEUR_HOME", str(tmp_path / "env-home"))
    monkeypatch.setenv("FACTEUR_DB_URL", "postgresql://env/db")
    paths = resolve_paths(tmp_path / "arg-home", "sqlite:///arg.db")
    assert paths.home == (tmp_path / "arg-home").resolve()
    assert paths.log_dir == paths.home / "logs"
    assert paths.log_file == paths.home / "logs" / "facteur.log"
    assert paths.settings_file == paths.home / "settings.json"
    assert paths.db_url == "sqlite:///arg.db"
    assert paths.is_sqlite


def test_environment_comes_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTEUR_HOME", str(tmp_path / "env-home"))
    monkeypatch.setenv("FACTEUR_DB_URL", "postgresql+psycopg://u@h/db")
    paths = resolve_paths()
    assert paths.home == (tmp_path / "env-home").resolve()
    assert paths.db_url == "postgresql+psycopg://u@h/db"
    assert not paths.is_sqlite
    # the database URL alone may be given: the home still comes from the environment
    assert resolve_paths(db_url="sqlite:///x.db").home == paths.home


def test_default_database_lives_in_the_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTEUR_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("FACTEUR_DB_URL", "")  # empty means unset
    paths = resolve_paths()
    assert paths.db_url == f"sqlite:///{(tmp_path / 'h').resolve() / 'facteur.db'}"


def test_platform_defaults_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTEUR_HOME", raising=False)
    monkeypatch.delenv("FACTEUR_DB_URL", raising=False)
    paths = resolve_paths()
    assert paths.home == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert paths.log_dir == Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    assert paths.db_url == f"sqlite:///{paths.home / 'facteur.db'}"


def test_home_with_tilde_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_paths("~/facteur").home == (tmp_path / "facteur").resolve()


def test_settings_round_trip(facteur_home: Path) -> None:
    paths = resolve_paths()
    assert Settings.load(paths) == Settings()  # no file yet
    settings = Settings(language="fr", tray_notice_shown=True, extra={"window": [10, 20]})
    settings.save(paths)
    assert paths.settings_file.is_file()
    assert not paths.settings_file.with_suffix(".tmp").exists()
    loaded = Settings.load(paths)
    assert loaded == settings
    raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert raw == {"window": [10, 20], "language": "fr", "tray_notice_shown": True}
    loaded.language = "en"
    loaded.save(paths)
    assert Settings.load(paths).language == "en"
    assert Settings.load(paths).extra == {"window": [10, 20]}  # unknown keys are kept


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'"a string"',
        b"null",
        b'{"language": 5, "tray_notice_shown": "yes"}',
    ],
)
def test_damaged_settings_fall_back_to_defaults(facteur_home: Path, content: bytes) -> None:
    paths = resolve_paths()
    paths.home.mkdir(parents=True)
    paths.settings_file.write_bytes(content)
    loaded = Settings.load(paths)
    assert loaded.language == "" and loaded.tray_notice_shown is False
    loaded.language = "fr"
    loaded.save(paths)  # and the damaged file is replaced by a good one
    assert Settings.load(paths).language == "fr"


def test_settings_keep_valid_keys_next_to_wrong_ones(facteur_home: Path) -> None:
    paths = resolve_paths()
    paths.home.mkdir(parents=True)
    paths.settings_file.write_text('{"language": "fr", "tray_notice_shown": "oui", "x": 1}')
    loaded = Settings.load(paths)
    assert (loaded.language, loaded.tray_notice_shown, loaded.extra["x"]) == ("fr", False, 1)


@pytest.fixture
def clean_logging() -> Iterator[logging.Logger]:
    """Remove (and close) the handlers a test added to the ``facteur`` logger."""
    logger = logging.getLogger("facteur")
    before = list(logger.handlers)
    level = logger.level
    yield logger
    for handler in logger.handlers[:]:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)


def _file_handlers(logger: logging.Logger) -> list[logging.handlers.RotatingFileHandler]:
    return [h for h in logger.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]


def test_setup_logging_writes_to_a_rotating_file(
    tmp_path: Path, clean_logging: logging.Logger
) -> None:
    log_file = tmp_path / "logs" / "facteur.log"
    assert setup_logging(log_file) == log_file
    assert setup_logging(log_file) == log_file  # idempotent
    handlers = _file_handlers(clean_logging)
    assert len(handlers) == 1
    assert handlers[0].maxBytes == 1_000_000 and handlers[0].backupCount == 5
    logging.getLogger("facteur.test").info("bonjour %s", "Élodie")
    try:
        raise ValueError("un bogue")
    except ValueError as exc:
        log_unexpected(exc, "test")
    handlers[0].flush()
    text = log_file.read_text(encoding="utf-8")
    assert "INFO facteur.test" in text and "bonjour Élodie" in text
    assert "unexpected error in test" in text
    assert "Traceback" in text and "ValueError: un bogue" in text


def test_setup_logging_rotates(tmp_path: Path, clean_logging: logging.Logger) -> None:
    log_file = tmp_path / "facteur.log"
    setup_logging(log_file)
    handler = _file_handlers(clean_logging)[0]
    handler.maxBytes = 2_000  # a small limit, the same rotating code path
    for i in range(100):
        logging.getLogger("facteur").info("ligne %03d %s", i, "x" * 50)
    handler.flush()
    assert (tmp_path / "facteur.log.1").is_file()
    assert log_file.stat().st_size <= 2_000
    assert len(list(tmp_path.glob("facteur.log*"))) <= 6  # 1 + backupCount


def test_setup_logging_switches_files(tmp_path: Path, clean_logging: logging.Logger) -> None:
    first, second = tmp_path / "a" / "facteur.log", tmp_path / "b" / "facteur.log"
    setup_logging(first)
    logging.getLogger("facteur").warning("vers a")
    setup_logging(second)
    logging.getLogger("facteur").warning("vers b")
    assert [Path(h.baseFilename) for h in _file_handlers(clean_logging)] == [second]
    for h in _file_handlers(clean_logging):
        h.flush()
    assert "vers b" not in first.read_text(encoding="utf-8")
    assert "vers b" in second.read_text(encoding="utf-8")
