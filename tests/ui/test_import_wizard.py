"""The import wizard over a real database: preview, mapping, options, import, cancel, summary."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWizard

from app.contacts import importing
from app.contacts.service import ContactQuery, count_contacts, list_contacts, list_lists, list_tags
from tests.ui.conftest import wait_idle
from ui.context import Changes
from ui.dialogs.import_wizard import ImportWizard

# Qt 6.12's offscreen platform warns about what it cannot do (size hints of every shown window,
# raising and grabbing the keyboard for popups); nothing to fix in Facteur.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

FRENCH_ROWS = [
    "Prénom;Nom;E-mail;Ville",
    "Amélie;Lefèvre;amelie.lefevre@example.fr;Lyon",
    "Bérénice;Cœur;pas-une-adresse;Besançon",
    "François;Mélançon;francois@example.fr;Orléans",
    "Hélène;Noël;helene.noel@example.fr;Saint-Étienne",
]
NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
CANCEL = QWizard.WizardButton.CancelButton


@pytest.fixture
def french_csv(tmp_path: Path) -> Path:
    path = tmp_path / "salon.csv"
    path.write_bytes(("\r\n".join(FRENCH_ROWS) + "\r\n").encode("cp1252"))
    return path


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "grand-fichier.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("email;prenom;ville\n")
        f.writelines(f"contact{i}@example.fr;Prénom{i};Ville{i % 50}\n" for i in range(50_000))
    return path


@pytest.fixture
def open_wizard(qtbot, ctx):  # type: ignore[no-untyped-def]
    wizards: list[ImportWizard] = []

    def make(path: Path | None = None) -> ImportWizard:
        wizard = ImportWizard(ctx, None, str(path) if path else None)
        qtbot.addWidget(wizard)
        wizard.show()
        wizards.append(wizard)
        return wizard

    yield make
    wait_idle(qtbot, ctx)


def _wait_preview(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: wizard.preview is not None or wizard.preview_page.error_label.isVisible(),
        timeout=10_000,
    )


def _to_options(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    _wait_preview(qtbot, wizard)
    wizard.button(NEXT).click()
    assert wizard.currentId() == ImportWizard.PAGE_MAPPING
    wizard.button(NEXT).click()
    assert wizard.currentId() == ImportWizard.PAGE_OPTIONS


def test_french_csv_import_end_to_end(
    qtbot, ctx, open_wizard, french_csv, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    changes: list[Changes] = []
    ctx.bus.sig_changed.connect(changes.append)
    wizard = open_wizard(french_csv)
    assert wizard.currentId() == ImportWizard.PAGE_PREVIEW  # started there, the file given
    _wait_preview(qtbot, wizard)

    # Preview: what was detected, and the first rows with their accents intact.
    info = wizard.preview_page.info_label.text()
    assert "cp1252" in info and "“;”" in info and "CSV" in info
    table = wizard.preview_page.table
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == FRENCH_ROWS[0].split(";")
    assert table.rowCount() == 4
    assert table.item(1, 1).text() == "Cœur"
    assert wizard.button(NEXT).isEnabled()

    # Mapping: pre-filled from the file's headers.
    wizard.button(NEXT).click()
    page = wizard.mapping_page
    assert page.mapping() == {
        "Prénom": "first_name",
        "Nom": "last_name",
        "E-mail": "email",
        "Ville": "attributes.ville",
    }
    assert page.combo_for("Ville").currentText() == "Custom attribute “ville”"
    assert wizard.button(NEXT).isEnabled()
    # Two email columns, then none: Next is disabled and the page says why.
    prenom = page.combo_for("Prénom")
    prenom.setCurrentIndex(prenom.findData("email"))
    assert not wizard.button(NEXT).isEnabled()
    assert "Only one column can hold the email address" in page.message_label.text()
    email = page.combo_for("E-mail")
    email.setCurrentIndex(email.findData("ignore"))
    prenom.setCurrentIndex(prenom.findData("ignore"))
    assert not wizard.button(NEXT).isEnabled()
    assert "Choose the column that holds the email addresses" in page.message_label.text()
    email.setCurrentIndex(email.findData("email"))
    # Two columns to one built-in field are refused too (a contact has one last name).
    prenom.setCurrentIndex(prenom.findData("last_name"))
    assert not wizard.button(NEXT).isEnabled()
    assert "Several columns go to Last name (Prénom, Nom)" in page.message_label.text()
    prenom.setCurrentIndex(prenom.findData("first_name"))
    assert wizard.button(NEXT).isEnabled() and page.message_label.text() == ""

    # Options: a new list (added with the button) and a tag (typed, not added: still taken).
    wizard.button(NEXT).click()
    options = wizard.options_page
    assert wizard.button(COMMIT).isVisible() and wizard.button(COMMIT).text() == "Import"
    options.lists.combo.setEditText("Salon 2026")
    options.lists.add_button.click()
    options.tags.combo.setEditText("salon")
    assert options.lists.names() == ("Salon 2026",) and options.tags.names() == ("salon",)
    options.skip_radio.setChecked(True)
    assert options.on_duplicate() == "skip"
    options.update_radio.setChecked(True)

    with qtbot.waitSignal(wizard.sig_import_finished, timeout=20_000) as finished:
        wizard.button(COMMIT).click()
    result = finished.args[0]
    assert (result.imported, result.updated, result.skipped) == (3, 0, 0)
    assert [r.value for r in result.invalid] == ["pas-une-adresse"]
    bad_row = result.invalid[0].row
    assert bad_row in (2, 3)  # the data row or the file line, as the importer counts them
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_SUMMARY)
    assert Changes(contacts=True, lists=True, tags=True) in changes

    # Summary: counts and the rejected row with its number, value and reason.
    summary = wizard.summary_page
    assert summary.imported_label.text() == "3"
    assert summary.updated_label.text() == "0"
    assert summary.skipped_label.text() == "0"
    assert summary.table.rowCount() == 1
    assert summary.table.item(0, 0).text() == str(bad_row)
    assert summary.table.item(0, 1).text() == "pas-une-adresse"
    assert summary.table.item(0, 2).text()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()

    target = tmp_path / "rejets.csv"
    monkeypatch.setattr(summary, "ask_save_path", lambda: str(target))
    summary.save_button.click()
    qtbot.waitUntil(lambda: summary.saved_label.text().startswith("Saved to"))
    assert target.exists()
    text = target.read_text(encoding="utf-8-sig")
    assert "pas-une-adresse" in text and "Besançon" in text

    # The database: three contacts, in the list, with the tag and the city attribute.
    assert count_contacts(ctx.db) == 3
    in_list = list_contacts(ctx.db, ContactQuery(list_name="Salon 2026"))
    assert sorted(c.email for c in in_list) == [
        "amelie.lefevre@example.fr",
        "francois@example.fr",
        "helene.noel@example.fr",
    ]
    amelie = next(c for c in in_list if c.email.startswith("amelie"))
    assert (amelie.first_name, amelie.last_name) == ("Amélie", "Lefèvre")
    assert amelie.attributes.get("ville") == "Lyon"
    assert amelie.tags == ["salon"]
    assert [(n.name, n.count) for n in list_lists(ctx.db)] == [("Salon 2026", 3)]
    assert [(n.name, n.count) for n in list_tags(ctx.db)] == [("salon", 3)]

    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()


def test_second_import_updates_or_skips_known_addresses(
    qtbot, ctx, open_wizard, french_csv
) -> None:  # type: ignore[no-untyped-def]
    for choice, expected in (("update", (3, 0, 0)), ("update", (0, 3, 0)), ("skip", (0, 0, 3))):
        wizard = open_wizard(french_csv)
        _to_options(qtbot, wizard)
        getattr(wizard.options_page, f"{choice}_radio").setChecked(True)
        with qtbot.waitSignal(wizard.sig_import_finished, timeout=20_000) as finished:
            wizard.button(COMMIT).click()
        result = finished.args[0]
        assert (result.imported, result.updated, result.skipped) == expected
        wizard.close()
    assert count_contacts(ctx.db) == 3


@pytest.fixture
def gate(monkeypatch) -> threading.Event:  # type: ignore[no-untyped-def]
    """The real importer, held after its first progress report until the test opens the gate.

    50,000 rows import in well under a second: without the gate, a slow test machine could see
    the import finish before the GUI thread gets to the Cancel button.
    """
    opened = threading.Event()

    def import_contacts(*args: Any, progress: Any, **kwargs: Any) -> Any:
        held = [False]

        def report(done: int, total: int | None) -> None:
            progress(done, total)
            if not held[0]:  # hold once, after the first report
                held[0] = True
                opened.wait(20)

        return importing.import_contacts(*args, progress=report, **kwargs)

    monkeypatch.setattr("ui.dialogs.import_wizard.import_contacts", import_contacts)
    yield opened
    opened.set()


def _start_big_import(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    _to_options(qtbot, wizard)
    wizard.button(COMMIT).click()
    assert wizard.currentId() == ImportWizard.PAGE_PROGRESS and wizard.importing
    # As soon as the first progress report arrives.
    qtbot.waitUntil(lambda: "rows read" in wizard.progress_page.status_label.text(), timeout=20_000)
    assert wizard.progress_page.bar.maximum() > 0 and wizard.progress_page.bar.value() > 0


def test_cancel_stores_nothing(qtbot, ctx, open_wizard, big_csv, gate) -> None:  # type: ignore[no-untyped-def]
    finished: list[object] = []
    wizard = open_wizard(big_csv)
    wizard.sig_import_finished.connect(finished.append)
    _start_big_import(qtbot, wizard)
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    wizard.progress_page.cancel_button.click()
    assert wizard.progress_page.status_label.text() == "Cancelling…"
    gate.set()
    status = wizard.progress_page.status_label
    qtbot.waitUntil(
        lambda: status.text() == "Import cancelled: nothing was stored.", timeout=20_000
    )
    assert not wizard.importing and finished == []
    assert count_contacts(ctx.db) == 0
    assert wizard.isVisible() and not wizard.button(NEXT).isEnabled()
    # From there the options can be changed and the import tried again.
    wizard.progress_page.back_button.click()
    assert wizard.currentId() == ImportWizard.PAGE_OPTIONS


@pytest.mark.parametrize("how", ["cancel button", "close"])
def test_leaving_the_wizard_cancels_the_import(qtbot, ctx, open_wizard, big_csv, gate, how) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard(big_csv)
    _start_big_import(qtbot, wizard)
    if how == "close":
        wizard.close()
    else:
        wizard.button(CANCEL).click()
    # The wizard waits for the import to stop, so nothing runs on after it is gone.
    assert wizard.isVisible() and wizard.importing
    gate.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20_000)
    assert not wizard.importing
    wait_idle(qtbot, ctx)
    assert count_contacts(ctx.db) == 0


def test_hostile_file_shows_the_error(qtbot, ctx, open_wizard, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "clients.xlsx"
    fake.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        + b"\x00" * 64
    )
    wizard = open_wizard(fake)
    _wait_preview(qtbot, wizard)
    page = wizard.preview_page
    assert page.error_label.isVisible()
    message = page.error_label.text()
    assert message and "unexpected" not in message.lower()  # a known error, not a bug
    assert wizard.preview is None
    assert not wizard.button(NEXT).isEnabled()
    # Back to the first page to pick another file.
    wizard.button(QWizard.WizardButton.BackButton).click()
    assert wizard.currentId() == ImportWizard.PAGE_FILE


def test_file_chosen_with_the_dialog(qtbot, open_wizard, french_csv, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert not wizard.button(NEXT).isEnabled()
    monkeypatch.setattr(wizard.file_page, "ask_open_path", lambda: str(french_csv))
    wizard.file_page.browse_button.click()
    assert wizard.currentId() == ImportWizard.PAGE_PREVIEW
    _wait_preview(qtbot, wizard)
    assert wizard.preview is not None and wizard.preview.headers[2] == "E-mail"


def test_file_dropped_on_the_first_page(qtbot, open_wizard, french_csv) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    page = wizard.file_page
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(french_csv))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, drop)
    assert wizard.path == str(french_csv)
    assert wizard.currentId() == ImportWizard.PAGE_PREVIEW
    _wait_preview(qtbot, wizard)
    assert wizard.preview is not None

    # Text without a file is refused.
    text = QMimeData()
    text.setText("hello")
    refused = QDragEnterEvent(
        QPoint(1, 1),
        Qt.DropAction.CopyAction,
        text,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(page, refused)
    assert not refused.isAccepted()
