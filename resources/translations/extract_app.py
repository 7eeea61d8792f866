"""Collect the core's user-facing message templates into ``app_fr.ts`` (context "app").

lupdate reads only ``ui/``; the core raises ``FacteurError("No list named {name!r}.", name=...)``
with literal templates (or ``N_("...")`` for templates kept in variables), which this script finds
with the ``ast`` module. Also collected: ``Notice("...")`` literals (the pre-send check's messages,
app/sending/campaigns.py) and literal ``reason=``/``what=`` arguments of those calls, which the
interface translates inside the message (ui/errors.py). Existing translations are kept, new
templates are added unfinished, and templates no longer in the code are dropped. Run by
``make update-translations``.
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path(__file__).with_name("app_fr.ts")
BASE = "FacteurError"
# Not errors, but built from a template the same way (app/sending/campaigns.py).
TEMPLATE_CALLS = {"N_", "Notice"}
# Parameters the interface translates too (ui/errors.py, translate_template).
TRANSLATED_PARAMS = ("reason", "what")


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """FacteurError and every class of app/ that derives from it, directly or not."""
    names = {BASE}
    bases = {
        node.name: {b.id for b in node.bases if isinstance(b, ast.Name)}
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in names and parents & names:
                names.add(name)
                grew = True
    return names


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def extract(root: Path = ROOT) -> list[str]:
    """Every message template of app/, in first-seen order."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted((root / "app").rglob("*.py"))]
    errors = _error_classes(trees)
    found: dict[str, None] = {}
    for tree in trees:
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)] + [tree]:
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = _called(node)
                in_error_init = (
                    name == "__init__" and isinstance(cls, ast.ClassDef) and cls.name in errors
                )
                if not (name in errors or name in TEMPLATE_CALLS or in_error_init):
                    continue
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found[first.value] = None
                for kw in node.keywords:
                    if (
                        kw.arg in TRANSLATED_PARAMS
                        and isinstance(kw.value, ast.Constant)
                        and isinstance(kw.value.value, str)
                        and kw.value.value
                    ):
                        found[kw.value.value] = None
    return list(found)


def merge(templates: list[str], catalogue: Path = CATALOGUE) -> tuple[int, int]:
    """Write the catalogue; returns (templates, still untranslated)."""
    known: dict[str, str] = {}
    if catalogue.exists():
        for msg in ET.parse(catalogue).getroot().iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") != "unfinished" and (tr.text or "").strip():
                known[msg.findtext("source") or ""] = tr.text or ""
    ts = ET.Element("TS", version="2.1", language="fr_FR", sourcelanguage="en")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = "app"
    missing = 0
    for template in templates:
        msg = ET.SubElement(context, "message")
        ET.SubElement(msg, "source").text = template
        tr = ET.SubElement(msg, "translation")
        if template in known:
            tr.text = known[template]
        else:
            tr.set("type", "unfinished")
            missing += 1
    ET.indent(ts)
    catalogue.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(ts, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return len(templates), missing


if __name__ == "__main__":
    total, missing = merge(extract())
    print(f"{CATALOGUE.name}: {total} templates, {missing} to translate")
    sys.exit(0)
