"""The core never imports Qt or the ui package: checked by importing it in a clean interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, pkgutil, sys
import app
for mod in pkgutil.walk_packages(app.__path__, "app."):
    if ".migrations" in mod.name:
        continue  # Alembic's env.py runs migrations when imported
    importlib.import_module(mod.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print("LOADED:" + ",".join(bad))
print("COUNT:%d" % sum(1 for m in sys.modules if m.startswith("app.")))
"""


def test_app_imports_with_no_qt_module_loaded() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    loaded = out.split("LOADED:")[1].splitlines()[0]
    assert loaded == "", f"app imported Qt or ui: {loaded}"
    # The walk really imported the core, not an empty package.
    assert int(out.split("COUNT:")[1].split()[0]) >= 10


def test_no_qt_or_ui_import_statement_in_app() -> None:
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
