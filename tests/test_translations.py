"""The French translation is complete: every string in ui/ has a finished translation."""

from __future__ import annotations

import re
import shutil
import string
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


def test_stored_outbox_errors_are_shown_in_french(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.sending.outbox import (
        CONTACT_DELETED,
        GAVE_UP,
        INTERRUPTED,
        NOW_SUPPRESSED,
        STORED_MESSAGES,
        SUPPRESSED_REASONS,
    )
    from ui.errors import template_pattern, translate_stored
    from ui.resources import translation_file

    # Every stored template can be read back (plain {name} fields only), values and all.
    for template in STORED_MESSAGES:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        values = {name: f"<{name} value>" for name in names}
        found = template_pattern(template).match(template.format(**values))
        assert found is not None and found.groupdict() == values, template
    translator = QTranslator()
    assert translator.load(str(translation_file("fr")))
    QCoreApplication.installTranslator(translator)
    try:
        gave_up = GAVE_UP.format(attempts=3, reason="421 4.7.0 Too busy")
        assert translate_stored(gave_up) == "Abandon après 3 tentatives : 421 4.7.0 Too busy"
        # The values are captured whatever they hold (a colon, braces, several lines).
        reason = "451 4.3.0 {try}: later\nplease"
        assert translate_stored(GAVE_UP.format(attempts=12, reason=reason)) == (
            f"Abandon après 12 tentatives : {reason}"
        )
        assert translate_stored(NOW_SUPPRESSED.format(status="bounced")) == (
            "Non envoyé : le contact n’est plus abonné (bounced)."
        )
        assert translate_stored(CONTACT_DELETED) == (
            "Le contact a été supprimé avant l’envoi du message."
        )
        assert translate_stored(INTERRUPTED).startswith("Interrompu pendant l’envoi")
        assert translate_stored(SUPPRESSED_REASONS["unsubscribed"]) == "Désabonné"
        # A server's reply, or a text only resembling a template, is shown as it is.
        for other in (
            "550 5.1.1 unknown user",
            "",
            "Gave up after 3 attempts",  # no ": reason"
            f"Note: {CONTACT_DELETED}",  # anchored at both ends
            CONTACT_DELETED + " ",
        ):
            assert translate_stored(other) == other
        # Another list of templates.
        assert translate_stored("Unsubscribed", ["Unsubscribed"]) == "Désabonné"
        assert translate_stored("Unsubscribed", ["Address bounced"]) == "Unsubscribed"
    finally:
        QCoreApplication.removeTranslator(translator)
    # Without the French catalogue the English text comes back unchanged.
    assert translate_stored(GAVE_UP.format(attempts=3, reason="x")) == (
        "Gave up after 3 attempts: x"
    )


def test_template_pattern() -> None:
    from ui.errors import template_pattern

    pattern = template_pattern("Gave up after {attempts} attempts: {reason}")
    found = pattern.match("Gave up after 3 attempts: 421 4.7.0 Too busy")
    assert found is not None and found.groupdict() == {
        "attempts": "3",
        "reason": "421 4.7.0 Too busy",
    }
    # Literal parts are escaped, "{{" is a literal brace.
    assert template_pattern("(a.b) {{x}} {y}?").match("(a.b) {x} 1?")
    assert not template_pattern("(a.b) {y}").match("(aXb) 1")
    twice = template_pattern("{a} and {a}")
    assert twice.match("x and x") and not twice.match("x and y")
    with pytest.raises(ValueError):
        template_pattern("No list named {name!r}.")
    with pytest.raises(ValueError):
        template_pattern("{count:>3} rows")
