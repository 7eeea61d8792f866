"""Paths of bundled resources (icons, translations), also inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def translation_file(language: str) -> Path:
    return resources_dir() / "translations" / f"facteur_{language}.qm"
