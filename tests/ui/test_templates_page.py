"""The templates page and its editor over a real database: saving, inline syntax problems, the
variable picker, the live preview (and that it fetches nothing), attachments, switching, deleting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.contacts.service import ContactInput, add_contact
from app.templates.service import TemplateInput, create_template, get_template, list_templates
from tests.ui.conftest import wait_idle
from ui.context import Changes
from ui.pages.templates_page import TemplatesPage
from ui.widgets.template_editor import DESKTOP_WIDTH, MOBILE_WIDTH, decode_data_url
from ui.widgets.template_highlighter import TemplateHighlighter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# A 1x1 transparent PNG.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def people(ctx) -> None:  # type: ignore[no-untyped-def]
    for email, first in (("anne@example.fr", "Anne"), ("bruno@example.fr", "Bruno")):
        add_contact(ctx.db, ContactInput(email=email, first_name=first))


def _open_page(qtbot, ctx) -> TemplatesPage:  # type: ignore[no-untyped-def]
    page = TemplatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    return page


@pytest.fixture
def page(qtbot, ctx, people) -> Iterator[TemplatesPage]:  # type: ignore[no-untyped-def]
    page = _open_page(qtbot, ctx)
    yield page
    wait_idle(qtbot, ctx)


def _names(page: TemplatesPage) -> list[str]:
    return [t.name for t in page.model.items()]


def _type_template(page: TemplatesPage, name: str, subject: str, html: str) -> None:
    editor = page.editor
    editor.name.setText(name)
    editor.subject.setText(subject)
    editor.html_edit.setPlainText(html)


def _save(qtbot, page: TemplatesPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.editor.sig_template_saved, timeout=10_000):
        page.editor.save_button.click()


def test_new_template_is_saved_and_listed(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    assert _names(page) == [] and page.editor.template is None
    page.new_button.click()
    editor = page.editor
    assert not editor.save_button.isEnabled()  # nothing typed yet
    _type_template(page, "Bienvenue", "Bonjour {{ contact.first_name }}", "<p>Bienvenue !</p>")
    editor.text_edit.setPlainText("Bienvenue !")
    editor.advanced_button.setChecked(True)
    editor.reply_to.setText("contact@example.fr")
    assert editor.is_dirty() and editor.save_button.isEnabled()

    changes: list[Changes] = []
    ctx.bus.sig_changed.connect(changes.append)
    _save(qtbot, page)
    qtbot.waitUntil(lambda: _names(page) == ["Bienvenue"])
    stored = get_template(ctx.db, "Bienvenue")
    assert (stored.subject, stored.html, stored.text, stored.reply_to) == (
        "Bonjour {{ contact.first_name }}",
        "<p>Bienvenue !</p>",
        "Bienvenue !",
        "contact@example.fr",
    )
    assert Changes(templates=True) in changes
    assert editor.template is not None and editor.template.id == stored.id
    assert not editor.is_dirty() and not editor.save_button.isEnabled()
    qtbot.waitUntil(lambda: page.selected() is not None)
    assert page.selected().name == "Bienvenue"


def test_templates_model(qtbot, qtmodeltester, ctx, people) -> None:  # type: ignore[no-untyped-def]
    create_template(ctx.db, TemplateInput(name="Soldes", subject="Soldes"))
    page = _open_page(qtbot, ctx)
    qtmodeltester.check(page.model)
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert page.model.data(page.model.index(0, 0)) == "Soldes"
    wait_idle(qtbot, ctx)


def test_syntax_error_is_shown_inline_and_not_saved(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.widgets.template_editor.show_error", lambda p, exc: shown.append(exc))
    page.new_button.click()
    _type_template(page, "Cassé", "Bonjour", "<p>\n<b>Bonjour</b>\n{{ contact.first_name }\n</p>")
    label = page.editor.problems_label
    qtbot.waitUntil(lambda: label.isVisible(), timeout=5000)
    assert label.text().startswith("HTML, line 3: ")
    assert [(p.part, p.line) for p in page.editor.problems] == [("html", 3)]

    page.editor.save_button.click()
    qtbot.waitUntil(lambda: bool(shown))
    assert "line 3" in str(shown[0])
    assert list_templates(ctx.db) == [] and page.editor.is_dirty()

    # Fixed: the problem goes away by itself.
    page.editor.html_edit.setPlainText("<p>\n<b>Bonjour</b>\n{{ contact.first_name }}\n</p>")
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5000)


def test_variable_picker_inserts_at_the_cursor(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    editor = page.editor
    qtbot.waitUntil(lambda: "contact.first_name" in editor.variables())
    assert editor.variable_button.isEnabled()
    editor.html_edit.setPlainText("<p>Bonjour !</p>")
    cursor = editor.html_edit.textCursor()
    cursor.setPosition(len("<p>Bonjour "))
    editor.html_edit.setTextCursor(cursor)
    action = next(a for a in editor.variable_menu.actions() if a.data() == "contact.first_name")
    action.trigger()
    assert editor.html_edit.toPlainText() == "<p>Bonjour {{ contact.first_name }}!</p>"

    # The subject, once it had the focus, is where the next variable goes.
    page.activateWindow()
    editor.subject.setText("Pour ")
    editor.subject.setFocus()
    qtbot.waitUntil(editor.subject.hasFocus)
    action.trigger()
    assert editor.subject.text() == "Pour {{ contact.first_name }}"
    assert editor.html_edit.toPlainText() == "<p>Bonjour {{ contact.first_name }}!</p>"


def test_live_preview_for_a_chosen_contact(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    editor = page.editor
    preview = editor.preview
    _type_template(
        page,
        "Soldes",
        "Soldes pour {{ contact.first_name }}",
        "<p>Bonjour {{ contact.first_name }}</p>",
    )
    editor.text_edit.setPlainText("Salut {{ contact.first_name }}")
    qtbot.waitUntil(lambda: preview.contact.findText("anne@example.fr") >= 0)
    preview.contact.lineEdit().clear()
    qtbot.keyClicks(preview.contact.lineEdit(), "anne@example.fr")
    qtbot.keyClick(preview.contact.lineEdit(), Qt.Key.Key_Return)
    assert preview.chosen_email() == "anne@example.fr"
    qtbot.waitUntil(lambda: "Bonjour Anne" in preview.browser.toPlainText(), timeout=5000)
    assert preview.subject.text() == "Subject: Soldes pour Anne"
    assert preview.text.toPlainText() == "Salut Anne"

    # Edits show up after the pause, without a click.
    editor.html_edit.setPlainText("<p>Au revoir {{ contact.first_name }}</p>")
    qtbot.waitUntil(lambda: "Au revoir Anne" in preview.browser.toPlainText(), timeout=5000)

    # An unknown address is a problem shown inline, not a dialog.
    preview.contact.lineEdit().clear()
    qtbot.keyClicks(preview.contact.lineEdit(), "nobody@example.fr")
    qtbot.keyClick(preview.contact.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.problems_label.isVisible(), timeout=5000)
    assert "nobody@example.fr" in editor.problems_label.text()


def test_only_the_latest_preview_is_shown(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    editor = page.editor
    shown: list[str] = []
    editor.sig_preview_finished.connect(lambda: shown.append(editor.preview.browser.toPlainText()))
    for n in range(6):
        editor.html_edit.setPlainText(f"<p>Version {n}</p>")
        editor.refresh_preview()
    wait_idle(qtbot, ctx)
    assert "Version 5" in editor.preview.browser.toPlainText()
    assert all("Version 5" in text for text in shown)  # older results were dropped


def test_desktop_and_mobile_widths(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    preview = page.editor.preview
    browser = preview.browser
    assert preview.desktop_button.isChecked()
    assert browser.lineWrapColumnOrWidth() == DESKTOP_WIDTH
    desktop_max = browser.maximumWidth()
    qtbot.mouseClick(preview.mobile_button, Qt.MouseButton.LeftButton)
    assert preview.mobile_button.isChecked() and not preview.desktop_button.isChecked()
    assert browser.lineWrapColumnOrWidth() == MOBILE_WIDTH
    assert browser.maximumWidth() == desktop_max - (DESKTOP_WIDTH - MOBILE_WIDTH)
    qtbot.waitUntil(lambda: browser.width() <= browser.maximumWidth())
    qtbot.mouseClick(preview.desktop_button, Qt.MouseButton.LeftButton)
    assert browser.lineWrapColumnOrWidth() == DESKTOP_WIDTH


class _Counting(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the log
        pass


@pytest.fixture
def image_server() -> Iterator[ThreadingHTTPServer]:
    _Counting.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_preview_fetches_no_remote_image(qtbot, ctx, page, image_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{image_server.server_address[1]}/pixel.png"
    local = tmp_path / "secret.png"
    local.write_bytes(b"not for the preview")
    html = (
        f'<p>Avec image</p><img src="{url}"><img src="{local.as_uri()}">'
        f'<img src="{PIXEL}"><img src="cid:logo">'
    )
    _type_template(page, "Images", "Images", html)
    browser = page.editor.preview.browser
    qtbot.waitUntil(lambda: "Avec image" in browser.toPlainText(), timeout=5000)
    browser.grab()  # paint it: images are loaded during layout and painting
    # A request, if any were made, would have arrived long before this round trip.
    assert _Counting.requests == []
    assert {url, local.as_uri(), "cid:logo"} <= browser.blocked
    assert not any(b.startswith("data:") for b in browser.blocked)
    assert page.editor.preview.blocked_note.isVisible()


def test_data_urls_are_decoded() -> None:
    assert decode_data_url("data:text/plain,caf%C3%A9") == "café".encode()
    assert decode_data_url(PIXEL)[:4] == b"\x89PNG"
    assert decode_data_url("data:broken") is None


def test_attachments_are_added_and_removed(qtbot, ctx, page, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tarifs = tmp_path / "tarifs.pdf"
    tarifs.write_bytes(b"%PDF-1.4 " + b"x" * 2000)
    plan = tmp_path / "plan.txt"
    plan.write_text("Rue de la Paix", encoding="utf-8")
    editor = page.editor
    page.new_button.click()
    _type_template(page, "Tarifs", "Nos tarifs", "<p>Ci-joint nos tarifs.</p>")
    monkeypatch.setattr(editor, "ask_attachment_paths", lambda: [str(tarifs), str(plan)])
    editor.add_attachment_button.click()
    items = [editor.attachment_list.item(i).text() for i in range(editor.attachment_list.count())]
    assert items[0].startswith("tarifs.pdf (") and items[1].startswith("plan.txt (")
    assert not editor.remove_attachment_button.isEnabled()
    _save(qtbot, page)
    stored = get_template(ctx.db, "Tarifs")
    assert [(a.filename, a.size) for a in stored.attachments] == [
        ("tarifs.pdf", tarifs.stat().st_size),
        ("plan.txt", plan.stat().st_size),
    ]

    editor.attachment_list.item(0).setSelected(True)
    assert editor.remove_attachment_button.isEnabled()
    editor.remove_attachment_button.click()
    assert editor.attachment_list.count() == 1 and editor.is_dirty()
    _save(qtbot, page)
    assert [a.filename for a in get_template(ctx.db, "Tarifs").attachments] == ["plan.txt"]


def test_switching_with_unsaved_changes_asks(qtbot, ctx, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    create_template(ctx.db, TemplateInput(name="A", subject="Sujet A", html="<p>A</p>"))
    create_template(ctx.db, TemplateInput(name="B", subject="Sujet B", html="<p>B</p>"))
    page = _open_page(qtbot, ctx)
    editor = page.editor
    assert editor.template is not None and editor.template.name == "A"
    assert page.selected().name == "A"

    answers: list[QMessageBox.StandardButton] = []
    monkeypatch.setattr(page, "ask_unsaved", lambda: answers.pop(0))
    editor.subject.setText("Sujet A modifié")

    answers.append(QMessageBox.StandardButton.Cancel)
    page.view.selectRow(1)
    assert editor.template.name == "A" and page.selected().name == "A"
    assert editor.subject.text() == "Sujet A modifié"

    answers.append(QMessageBox.StandardButton.Save)
    page.view.selectRow(1)
    qtbot.waitUntil(lambda: editor.template.name == "B")
    assert get_template(ctx.db, "A").subject == "Sujet A modifié"
    assert editor.subject.text() == "Sujet B" and not editor.is_dirty()
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "B")

    editor.subject.setText("Sujet B perdu")
    answers.append(QMessageBox.StandardButton.Discard)
    page.new_button.click()
    assert editor.template is None and editor.name.text() == "" and page.selected() is None
    assert get_template(ctx.db, "B").subject == "Sujet B"
    assert answers == []
    wait_idle(qtbot, ctx)


def test_duplicate_and_delete(qtbot, ctx, people, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "doc.pdf"
    doc.write_bytes(b"%PDF")
    create_template(
        ctx.db, TemplateInput(name="Offre", subject="Offre", html="<p>O</p>", attachments=[doc])
    )
    page = _open_page(qtbot, ctx)
    page.view.selectRow(0)
    page.duplicate_button.click()
    qtbot.waitUntil(lambda: _names(page) == ["Offre", "Offre (copy)"])
    copy = get_template(ctx.db, "Offre (copy)")
    assert copy.html == "<p>O</p>" and [a.filename for a in copy.attachments] == ["doc.pdf"]
    assert page.editor.template.name == "Offre (copy)"
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "Offre (copy)")
    assert page.copy_name("Offre") == "Offre (copy 2)"

    questions: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    page.delete_button.click()
    qtbot.waitUntil(lambda: _names(page) == ["Offre"])
    assert questions == ["Delete the template “Offre (copy)”? This cannot be undone."]
    assert [t.name for t in list_templates(ctx.db)] == ["Offre"]
    assert page.editor.template is None and page.editor.name.text() == ""
    wait_idle(qtbot, ctx)


def test_highlighter_marks_tags_attributes_and_jinja(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPlainTextEdit

    edit = QPlainTextEdit()
    highlighter = TemplateHighlighter(edit.document())
    edit.setPlainText(
        '<a href="{{ url }}">Lien</a> {% if x %}\n{# note\nsur deux lignes #} <!-- c -->'
    )
    first = edit.document().firstBlock()

    def colour_at(block: Any, position: int) -> str | None:
        for r in block.layout().formats():
            if r.start <= position < r.start + r.length:
                return r.format.foreground().color().name()
        return None

    f = highlighter.formats
    name = lambda key: f[key].foreground().color().name()  # noqa: E731
    line = first.text()
    assert colour_at(first, line.index("<a")) == name("tag")
    assert colour_at(first, line.index("href")) == name("attribute")
    assert colour_at(first, line.index("{{ url")) == name("{{")  # Jinja wins inside a value
    assert colour_at(first, line.index("Lien")) is None
    assert colour_at(first, line.index("{% if")) == name("{%")
    second = first.next()
    assert colour_at(second, 0) == name("{#") and second.userState() != 0  # still open
    third = second.next()
    assert colour_at(third, 0) == name("{#") and third.userState() == 0
    assert colour_at(third, third.text().index("<!--")) == name("comment")

    text_part = QPlainTextEdit()
    plain = TemplateHighlighter(text_part.document(), html=False)
    text_part.setPlainText("<b> {{ x }}")
    block = text_part.document().firstBlock()
    assert colour_at(block, 0) is None
    assert colour_at(block, 4) == plain.formats["{{"].foreground().color().name()
