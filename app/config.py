"""Where Facteur keeps its files, and its settings.

Precedence: explicit argument (``--home``/``--db``) > environment (``FACTEUR_HOME``,
``FACTEUR_DB_URL``) > platform defaults (platformdirs' user data and log directories).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "Facteur"
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Paths:
    """The directories and database URL of one Facteur home."""

    home: Path
    log_dir: Path
    db_url: str

    @property
    def settings_file(self) -> Path:
        return self.home / SETTINGS_FILE

    @property
    def log_file(self) -> Path:
        return self.log_dir / "facteur.log"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def resolve_paths(home: str | os.PathLike[str] | None = None, db_url: str | None = None) -> Paths:
    """Resolve the home directory, log directory and database URL."""
    home = home or os.environ.get("FACTEUR_HOME") or None
    if home:
        home_path = Path(home).expanduser().resolve()
        # A chosen home keeps its logs with it, so a test or a portable install stays self-contained.
        log_dir = home_path / "logs"
    else:
        home_path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        log_dir = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    db_url = db_url or os.environ.get("FACTEUR_DB_URL") or None
    if not db_url:
        db_url = f"sqlite:///{home_path / 'facteur.db'}"
    return Paths(home=home_path, log_dir=log_dir, db_url=db_url)


@dataclass
class Settings:
    """User preferences kept in ``settings.json`` in the home directory."""

    language: str = ""  # "" = follow the system locale; else "fr" or "en"
    tray_notice_shown: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        try:
            raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            # A damaged settings file must not stop the app from opening: fall back to defaults.
            return cls()
        if not isinstance(raw, dict):
            return cls()  # valid JSON but not our object: as damaged as any other file
        known: dict[str, Any] = {}
        if isinstance(raw.get("language"), str):
            known["language"] = raw["language"]
        if isinstance(raw.get("tray_notice_shown"), bool):
            known["tray_notice_shown"] = raw["tray_notice_shown"]
        extra = {k: v for k, v in raw.items() if k not in ("language", "tray_notice_shown")}
        return cls(**known, extra=extra)

    def save(self, paths: Paths) -> None:
        paths.home.mkdir(parents=True, exist_ok=True)
        data = {
            **self.extra,
            "language": self.language,
            "tray_notice_shown": self.tray_notice_shown,
        }
        tmp = paths.settings_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(paths.settings_file)
