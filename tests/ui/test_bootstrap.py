"""Start-up: `facteur` with no argument opens the GUI on a migrated database, logging to a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

import main as entry
from app.config import resolve_paths
from app.db import Database


def test_no_argument_hands_over_to_the_gui(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen = []
    monkeypatch.setattr("ui.bootstrap.run", lambda paths: seen.append(paths) or 7)
    assert entry.main(["--home", str(tmp_path / "h")]) == 7
    assert seen[0].home == (tmp_path / "h").resolve()


RUN_AND_QUIT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.config import resolve_paths
from ui import bootstrap

app = QApplication(sys.argv)
seen = []

def look_and_quit():
    seen.extend(w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible())
    app.quit()

QTimer.singleShot(0, look_and_quit)
code = bootstrap.run(resolve_paths(home=sys.argv[1]))
print("WINDOWS:" + ",".join(sorted(n for n in seen if n)))
sys.exit(code)
"""


def test_run_opens_the_window_on_a_migrated_database(tmp_path: Path) -> None:
    # A process of its own: run() owns the event loop and quits it, which a shared test
    # QApplication must not see.
    home = tmp_path / "home"
    proc = subprocess.run(
        [sys.executable, "-c", RUN_AND_QUIT, str(home)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "mainWindow" in proc.stdout.split("WINDOWS:")[1]
    paths = resolve_paths(home=home)
    db = Database(paths.db_url)
    try:
        assert "contact" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()
    assert "Facteur started" in paths.log_file.read_text(encoding="utf-8")


def test_language_follows_settings_then_system(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from app.config import Settings
    from ui.bootstrap import choose_language

    assert choose_language(Settings(language="en")) == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("fr_FR")))
    assert choose_language(Settings()) == "fr"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert choose_language(Settings()) == "en"
