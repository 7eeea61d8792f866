"""Start-up: `facteur` with no argument opens the GUI on a migrated database, logging to a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import inspect

import main as entry
from app.config import resolve_paths
from app.db import Database


def test_no_argument_hands_over_to_the_gui(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen = []
    monkeypatch.setattr("ui.bootstrap.run", lambda paths: seen.append(paths) or 7)
    assert entry.main(["--home", str(tmp_path / "h")]) == 7
    assert seen[0].home == (tmp_path / "h").resolve()


def test_run_opens_the_window_on_a_migrated_database(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui import bootstrap

    paths = resolve_paths(home=tmp_path / "home")
    windows: list[str] = []

    def look_and_quit() -> None:
        windows.extend(w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.quit()

    QTimer.singleShot(0, look_and_quit)
    assert bootstrap.run(paths) == 0
    assert "mainWindow" in windows
    db = Database(paths.db_url)
    try:
        assert "contact" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()
    assert "Facteur started" in paths.log_file.read_text(encoding="utf-8")
    for w in QApplication.topLevelWidgets():
        w.close()
        w.deleteLater()


def test_language_follows_settings_then_system(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from app.config import Settings
    from ui.bootstrap import choose_language

    assert choose_language(Settings(language="en")) == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("fr_FR")))
    assert choose_language(Settings()) == "fr"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert choose_language(Settings()) == "en"
