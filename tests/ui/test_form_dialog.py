"""The signup form dialog from Settings > Relay: create, edit (with the HTML to paste), delete,
copy the HTML; the relay is given the forms (a real relay on a loopback port)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from app.contacts.service import create_list
from app.sending.accounts import AccountInput, create_account
from app.templates.service import TemplateInput, create_template
from app.tracking import forms
from app.tracking.forms import FormInput, create_form, list_forms
from tests.ui import relay_fixtures
from tests.ui.conftest import wait_idle
from ui.dialogs.form_dialog import FormDialog, split_names

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# The shared fixtures (pytest finds them as this module's names).
network_calls = relay_fixtures.network_calls
relay = relay_fixtures.relay
section = relay_fixtures.section


def test_new_form_then_copy_its_html(qtbot, ctx, section, relay, network_calls) -> None:  # type: ignore[no-untyped-def]
    create_list(ctx.db, "Lettre")
    relay_fixtures.connect(qtbot, section, relay)
    wait_idle(qtbot, ctx)
    assert not section.form_edit_button.isEnabled() and not section.form_copy_button.isEnabled()

    section.form_new_button.click()
    dialog = section.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.list_combo.findText("Lettre") >= 0
    assert dialog.double_opt_in.isChecked()
    assert not dialog.html_view.isVisible()
    assert dialog.html_note.text() == "The HTML to paste appears once the form is saved."

    dialog.name.setText("Bad Name!")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=5000)
    assert "is not a valid form name" in dialog.form_error.text()
    assert dialog.isVisible() and list_forms(ctx.db) == []

    dialog.name.setText("newsletter")
    dialog.list_combo.setEditText("Lettre")
    dialog.tags.setText("web, lettre")
    dialog.double_opt_in.setChecked(False)
    dialog.consent_text.setPlainText("J'accepte de recevoir la lettre.")
    dialog.redirect_url.setText("https://www.example.fr/merci")
    dialog.fields.setText("ville")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    [form] = list_forms(ctx.db)
    assert (form.name, form.list_name, form.tags, form.double_opt_in) == (
        "newsletter",
        "Lettre",
        ["web", "lettre"],
        False,
    )
    assert form.consent_text == "J'accepte de recevoir la lettre."
    assert form.redirect_url == "https://www.example.fr/merci" and form.fields == ["ville"]

    # Listed and selected; the relay was given the form.
    qtbot.waitUntil(lambda: section.selected_form() is not None, timeout=5000)
    assert section.forms_model.data(section.forms_model.index(0, 0)) == "newsletter"
    wait_idle(qtbot, ctx)
    assert [f.name for f in relay.store.forms()] == ["newsletter"]
    assert ("push_forms", False) in network_calls

    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(section.sig_html_copied) as copied:
        section.form_copy_button.click()
    html = QGuiApplication.clipboard().text()
    assert html == copied.args[0]
    assert f'action="{relay.url}/f/newsletter"' in html
    assert 'name="ville"' in html and "J&#x27;accepte de recevoir la lettre." in html
    assert "on the clipboard" in section.forms_note.text()


def test_edit_shows_the_html_and_delete(qtbot, ctx, section, relay) -> None:  # type: ignore[no-untyped-def]
    create_form(ctx.db, FormInput(name="salon", double_opt_in=False))
    relay_fixtures.connect(qtbot, section, relay)
    section.reload_forms()
    qtbot.waitUntil(lambda: section.forms_model.rowCount() == 1, timeout=5000)
    section.forms_view.selectRow(0)
    section.form_edit_button.click()
    dialog = section.dialog
    assert dialog is not None and dialog.name.text() == "salon"
    assert not dialog.double_opt_in.isChecked()
    assert dialog.html_view.isVisible()
    assert "/f/salon" in dialog.html_view.toPlainText()
    assert dialog.html_view.toPlainText() == forms.form_html(list_forms(ctx.db)[0], relay.url)
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert "/f/salon" in QGuiApplication.clipboard().text()
    dialog.name.setText("salon-2026")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    assert [f.name for f in list_forms(ctx.db)] == ["salon-2026"]
    qtbot.waitUntil(
        lambda: section.forms_model.data(section.forms_model.index(0, 0)) == "salon-2026",
        timeout=5000,
    )
    qtbot.waitUntil(lambda: section.selected_form() is not None, timeout=5000)

    section.confirm = lambda title, text: True  # type: ignore[method-assign]
    section.form_delete_button.click()
    qtbot.waitUntil(lambda: section.forms_model.rowCount() == 0, timeout=5000)
    assert list_forms(ctx.db) == []


def test_forms_model(qtbot, qtmodeltester, ctx, section) -> None:  # type: ignore[no-untyped-def]
    create_form(ctx.db, FormInput(name="a", double_opt_in=False))
    create_form(ctx.db, FormInput(name="b", double_opt_in=False, enabled=False))
    section.reload_forms()
    qtbot.waitUntil(lambda: section.forms_model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(section.forms_model)
    model = section.forms_model
    assert [model.data(model.index(1, c)) for c in range(model.columnCount())] == [
        "b",
        "",
        "Single opt-in",
        "No",
    ]
    # Without a relay there is nowhere to post to: no HTML to copy.
    section.forms_view.selectRow(0)
    assert section.form_edit_button.isEnabled() and not section.form_copy_button.isEnabled()


def test_split_names() -> None:
    assert split_names(" a, b,,c ; a") == ["a", "b", "c"]
    assert split_names("") == []


def test_double_opt_in_needs_its_account_and_keeps_its_template(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    for name in ("Boutique", "Atelier"):
        create_account(
            ctx.db,
            ctx.secrets,
            AccountInput(name=name, kind="smtp", from_address=f"{name}@example.fr", host="smtp"),
        )
    create_template(ctx.db, TemplateInput(name="Bienvenue", subject="Confirmez", html="<p>x</p>"))
    dialog = FormDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.confirm_template.isEnabled()
    # No relay connected: nowhere to post, so no HTML.
    assert dialog.html_note.text() == "Connect a relay first: the form's HTML posts to it."
    dialog.consent_text.clear()
    dialog.name.setText("lettre")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=5000)
    assert "needs a consent text" in dialog.form_error.text()
    dialog.consent_text.setPlainText(forms.DEFAULT_CONSENT_TEXT)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=5000)
    assert "Several sending accounts exist" in dialog.form_error.text()
    assert list_forms(ctx.db) == []

    dialog.account.setCurrentIndex(dialog.account.findData("Atelier"))
    dialog.confirm_template.setCurrentIndex(dialog.confirm_template.findData("Bienvenue"))
    dialog.confirm_redirect_url.setText("https://www.example.fr/bienvenue")
    with qtbot.waitSignal(dialog.sig_form_saved, timeout=10_000) as saved:
        dialog.accept()
    form = saved.args[0]
    assert (form.account, form.confirm_template, form.double_opt_in) == (
        "Atelier",
        "Bienvenue",
        True,
    )
    assert form.confirm_redirect_url == "https://www.example.fr/bienvenue"
    assert form.consent_text == forms.DEFAULT_CONSENT_TEXT  # offered, kept as it was
    wait_idle(qtbot, ctx)

    # Edited again: the dialog starts from what was stored.
    again = FormDialog(ctx, form=form)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.loaded)
    assert again.account.currentData() == "Atelier"
    assert again.confirm_template.currentData() == "Bienvenue"
    assert again.double_opt_in.isChecked() and again.enabled.isChecked()
    again.double_opt_in.setChecked(False)
    assert not again.confirm_template.isEnabled()
    wait_idle(qtbot, ctx)
