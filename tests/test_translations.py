"""The French translation is complete: every string in ui/ has a finished translation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "facteur_fr.ts"
PLACEHOLDER = re.compile(r"\{\d*\}|%n|%\d")


def _lupdate() -> str:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    found = str(exe) if exe.exists() else shutil.which("pyside6-lupdate")
    if not found:
        pytest.fail("pyside6-lupdate not found (it ships with PySide6)")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg
    return out


def test_every_ui_string_has_a_finished_french_translation(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_lupdate(), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    extracted = _messages(fresh)
    assert len(extracted) > 20  # the extraction really found the UI's strings
    assert ("", "") not in extracted
    translated = _messages(TS)
    missing, unfinished, broken = [], [], []
    for key in extracted:
        msg = translated.get(key)
        if msg is None:
            missing.append(key)
            continue
        tr = msg.find("translation")
        numerus = msg.get("numerus") == "yes"
        texts = [f.text or "" for f in tr.iter("numerusform")] if numerus else [tr.text or ""]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(
            t.strip() for t in texts
        ):
            unfinished.append(key)
            continue
        wanted = sorted(set(PLACEHOLDER.findall(key[1])))
        for text in texts:
            if sorted(set(PLACEHOLDER.findall(text))) != wanted and not (
                numerus and "%n" in wanted
            ):
                broken.append((key, text))
    assert missing == [], f"strings not in {TS.name} (run make update-translations): {missing}"
    assert unfinished == [], f"untranslated strings: {unfinished}"
    assert broken == [], f"translations changing placeholders: {broken}"


def test_english_has_every_plural_form(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_lupdate(), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    plurals = [k for k, m in _messages(fresh).items() if m.get("numerus") == "yes"]
    assert plurals, "no %n message found: the extraction is broken"
    english = _messages(TS.with_name("facteur_en.ts"))
    for key in plurals:
        msg = english.get(key)
        assert msg is not None, f"{key} missing from facteur_en.ts (make update-translations)"
        forms = [f.text or "" for f in msg.find("translation").iter("numerusform")]
        assert len(forms) == 2 and all(f.strip() for f in forms), key


def test_plural_forms_follow_the_language(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.resources import translation_file

    for lang, expected in (
        ("en", ["0 contacts", "1 contact", "2 contacts"]),
        ("fr", ["0 contact", "1 contact", "2 contacts"]),
    ):
        translator = QTranslator()
        assert translator.load(str(translation_file(lang)))
        QCoreApplication.installTranslator(translator)
        try:
            got = [
                QCoreApplication.translate("ContactsPage", "%Ln contact(s)", "", n)
                for n in (0, 1, 2)
            ]
        finally:
            QCoreApplication.removeTranslator(translator)
        assert got == expected, lang


def test_compiled_translation_is_used(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.resources import translation_file

    qm = translation_file("fr")
    assert qm.exists(), f"{qm} missing: make builds it from the .ts"
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Settings") == "Paramètres"
        assert QCoreApplication.translate("errors", "Error") == "Erreur"
    finally:
        QCoreApplication.removeTranslator(translator)


APP_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)(![rsa])?(:[^{}]*)?\}(?!\})")


def test_every_core_message_has_a_french_translation() -> None:
    sys.path.insert(0, str(TS.parent))
    try:
        from extract_app import CATALOGUE, extract
    finally:
        sys.path.pop(0)
    templates = extract()
    assert "No list named {name!r}." in templates  # the extraction really reads app/
    catalogue = _messages(CATALOGUE)
    problems = []
    for template in templates:
        msg = catalogue.get(("app", template))
        tr = msg.find("translation") if msg is not None else None
        if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
            problems.append(f"untranslated: {template}")
        elif sorted(APP_PLACEHOLDER.findall(tr.text)) != sorted(APP_PLACEHOLDER.findall(template)):
            problems.append(f"placeholders differ: {template} -> {tr.text}")
    assert problems == [], "run make update-translations and translate app_fr.ts:\n" + "\n".join(
        problems
    )


def test_core_errors_are_shown_in_french(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.contacts.segments import validate_rule
    from app.errors import FacteurError, InvalidInput
    from ui.errors import error_text
    from ui.resources import translation_file

    translator = QTranslator()
    assert translator.load(str(translation_file("fr")))
    QCoreApplication.installTranslator(translator)
    try:
        try:
            validate_rule({"all": [{"field": "attributes.age", "op": "gt", "value": "beaucoup"}]})
        except InvalidInput as exc:
            assert error_text(exc) == "rule.all[0] : 'beaucoup' n’est pas un nombre."
            assert str(exc) == "rule.all[0]: 'beaucoup' is not a number."  # the CLI stays English
        # Import rejection reasons too.
        from app.contacts.parsing import _rejected
        from ui.errors import translate_template

        row = _rejected(3, "x", {}, "missing email")
        assert row.reason == "missing email"
        assert (
            translate_template(row.template, row.params, row.reason) == "adresse e-mail manquante"
        )
        # email-validator's own reason, inside our message, is translated too.
        from app.contacts.emails import InvalidEmail, normalise_email

        try:
            normalise_email("pas-une-adresse")
        except InvalidEmail as exc:
            assert error_text(exc) == (
                "'pas-une-adresse' n’est pas une adresse e-mail valide : "
                "Une adresse e-mail doit contenir un @."
            )
        # The kind of a refused file is translated inside the message.
        from app.contacts.reading import _not_readable

        refused = _not_readable(Path("photo.xlsx"), "a PNG image")
        assert error_text(refused) == (
            "« photo.xlsx » n’est pas un tableur ni un fichier CSV (une image PNG)."
        )
        # A message not (yet) made a template is shown as it is.
        assert error_text(FacteurError("Plain English.")) == "Plain English."
    finally:
        QCoreApplication.removeTranslator(translator)
