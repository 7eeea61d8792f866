"""The template editor: name, subject, From/Reply-To overrides, HTML and text bodies with syntax
highlighting and a variable picker, attachments, and a live preview for a chosen contact.

The preview renders in the background 300 ms after the last edit; a result older than the latest
request is dropped. Syntax problems found by ``check_template`` are shown inline, in red.
"""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QLocale, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.contacts.service import ContactQuery, fetch_contacts, query_contact_ids
from app.errors import FacteurError
from app.logs import log_unexpected
from app.templates.service import (
    AttachmentInfo,
    Preview,
    TemplateData,
    TemplateInput,
    TemplateProblem,
    check_template,
    create_template,
    preview_draft,
    template_variables,
    update_template,
)
from ui.context import AppContext, Changes
from ui.errors import ERROR_STYLE, error_text, show_error
from ui.tasks import Op
from ui.widgets.template_highlighter import TemplateHighlighter

PREVIEW_DELAY_MS = 300
SEARCH_DELAY_MS = 250
DESKTOP_WIDTH = 600
MOBILE_WIDTH = 375
PREVIEW_CONTACTS = 50

Attachment = Path | AttachmentInfo
# What the editor holds, compared with what was loaded or saved to know if there are changes.
Snapshot = tuple[str, str, str, str, str, str, tuple[tuple[str, ...], ...]]


def decode_data_url(url: str) -> bytes | None:
    """The bytes of a ``data:`` URL, or ``None`` when it is malformed."""
    head, comma, payload = url.partition(",")
    if not comma or not head.lower().startswith("data:"):
        return None
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode(urllib.parse.unquote(payload), validate=False)
        return urllib.parse.unquote_to_bytes(payload)
    except ValueError:
        return None


def _attachment_key(item: Attachment) -> tuple[str, ...]:
    if isinstance(item, AttachmentInfo):
        return ("stored", item.sha256, item.filename)
    return ("file", str(item))


def snapshot_of(data: TemplateData | None) -> Snapshot:
    if data is None:
        return ("", "", "", "", "", "", ())
    return (
        data.name,
        data.subject,
        data.html,
        data.text,
        data.from_override,
        data.reply_to,
        tuple(_attachment_key(a) for a in data.attachments),
    )


class PreviewBrowser(QTextBrowser):
    """Shows a rendered email without loading anything it names.

    Only ``data:`` URIs are shown: a remote image (a tracking pixel) is never requested, and a
    ``file:`` URL never reads a local file (the recipient would not have it anyway).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.blocked: set[str] = set()

    def loadResource(self, type_: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        text = url.toString() if isinstance(url, QUrl) else str(url)
        if text[:5].lower() == "data:":
            data = decode_data_url(text)
            return QByteArray(data) if data is not None else None
        self.blocked.add(text)
        return None


class PreviewPane(QWidget):
    """The contact chooser, the Desktop/Mobile toggle, the subject and the rendered bodies."""

    sig_contact_changed = Signal()
    """Another contact was chosen for the preview."""
    sig_search_requested = Signal(str)
    """The user typed in the contact chooser: look for contacts matching this text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact = QComboBox(self)
        self.contact.setObjectName("previewContact")
        self.contact.setEditable(True)
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.contact.setMinimumContentsLength(22)
        self.contact.addItem(self.tr("Sample contact"), None)
        self.contact.lineEdit().setPlaceholderText(self.tr("Email of a contact"))
        completer = QCompleter(self.contact.model(), self.contact)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.contact.setCompleter(completer)
        self._last_email: str | None = None

        self.desktop_button = QToolButton(self)
        self.desktop_button.setObjectName("previewDesktop")
        self.desktop_button.setText(self.tr("Desktop"))
        self.mobile_button = QToolButton(self)
        self.mobile_button.setObjectName("previewMobile")
        self.mobile_button.setText(self.tr("Mobile"))
        self.widths = QButtonGroup(self)
        for button, width in (
            (self.desktop_button, DESKTOP_WIDTH),
            (self.mobile_button, MOBILE_WIDTH),
        ):
            button.setCheckable(True)
            self.widths.addButton(button, width)
        self.desktop_button.setChecked(True)

        self.subject = QLabel(self)
        self.subject.setObjectName("previewSubject")
        self.subject.setWordWrap(True)
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browser = PreviewBrowser(self)
        self.browser.setObjectName("previewHtml")
        self.browser.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("previewText")
        self.text.setReadOnly(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("previewTabs")
        self.tabs.addTab(self.browser, self.tr("HTML"))
        self.tabs.addTab(self.text, self.tr("Text"))
        self.blocked_note = QLabel(self.tr("Remote images are not loaded in the preview."), self)
        self.blocked_note.setObjectName("previewBlockedNote")
        self.blocked_note.setWordWrap(True)
        self.blocked_note.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Preview for:"), self))
        top.addWidget(self.contact, 1)
        top.addWidget(self.desktop_button)
        top.addWidget(self.mobile_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.subject)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.blocked_note)

        self.set_width(DESKTOP_WIDTH)
        self.widths.idClicked.connect(self.set_width)
        self.contact.activated.connect(self._on_contact_activated)
        self.contact.lineEdit().editingFinished.connect(self._on_contact_editing_finished)
        self.contact.lineEdit().textEdited.connect(self._on_contact_text_edited)
        completer.activated.connect(self._on_completer_activated)

    # --- contacts ------------------------------------------------------------------------------

    def chosen_email(self) -> str | None:
        """The contact to render for: ``None`` for the sample contact."""
        text = self.contact.currentText().strip()
        index = self.contact.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            data = self.contact.itemData(index)
            return data if isinstance(data, str) else None
        return text or None

    def add_contacts(self, emails: list[str]) -> None:
        """Offer these addresses in the chooser (the typed text is kept)."""
        for email in emails:
            if self.contact.findData(email) < 0:
                self.contact.addItem(email, email)

    def _changed(self) -> None:
        email = self.chosen_email()
        if email != self._last_email:
            self._last_email = email
            self.sig_contact_changed.emit()

    def _on_contact_activated(self, _index: int) -> None:
        self._changed()

    def _on_contact_editing_finished(self) -> None:
        self._changed()

    def _on_completer_activated(self, _text: str) -> None:
        self._changed()

    def _on_contact_text_edited(self, text: str) -> None:
        self.sig_search_requested.emit(text)

    # --- showing -------------------------------------------------------------------------------

    def set_width(self, width: int) -> None:
        """Lay the HTML out as a desktop (600 px) or phone (375 px) mail client would."""
        button = self.widths.button(width)
        if button is not None and not button.isChecked():
            button.setChecked(True)
        self.browser.setLineWrapColumnOrWidth(width)
        frame = 2 * self.browser.frameWidth()
        margins = 2 * int(self.browser.document().documentMargin())
        scrollbar = self.browser.verticalScrollBar().sizeHint().width()
        self.browser.setMaximumWidth(width + frame + margins + scrollbar)

    def width_mode(self) -> int:
        return self.widths.checkedId()

    def show_preview(self, preview: Preview) -> None:
        self.browser.blocked.clear()
        self.subject.setText(self.tr("Subject: {subject}").format(subject=preview.subject))
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(preview.html)
        # Resources load during layout: force it now so the note below is right.
        self.browser.document().size()
        bar.setValue(position)
        self.text.setPlainText(preview.text)
        self.blocked_note.setVisible(bool(self.browser.blocked))

    def clear(self) -> None:
        self.subject.clear()
        self.browser.clear()
        self.text.clear()
        self.blocked_note.setVisible(False)


class TemplateEditor(QWidget):
    """One template being edited: ``template`` is the stored one, ``None`` for a new one."""

    sig_template_saved = Signal(object)
    """The template was stored; carries its ``TemplateData``."""
    sig_dirty_changed = Signal(bool)
    """The editor started or stopped holding unsaved changes."""
    sig_preview_finished = Signal()
    """A preview (or its problems) was shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template: TemplateData | None = None
        self._baseline: Snapshot = snapshot_of(None)
        self._attachments: list[Attachment] = []
        self._saving = False
        self._was_dirty = False
        self._preview_generation = 0
        self._search_generation = 0
        self._on_saved: Callable[[TemplateData], None] | None = None
        self.problems: list[TemplateProblem] = []
        self.highlighters: list[TemplateHighlighter] = []
        self.setObjectName("templateEditor")

        form_side = self._build_form()
        self.preview = PreviewPane(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(form_side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._on_preview_timer_timeout)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._search_text = ""

        for edit in (self.name, self.subject, self.from_override, self.reply_to):
            edit.textChanged.connect(self._on_field_text_changed)
        for body in (self.html_edit, self.text_edit):
            body.textChanged.connect(self._on_body_text_changed)
        self.preview.sig_contact_changed.connect(self.schedule_preview)
        self.preview.sig_search_requested.connect(self._on_preview_search_requested)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self._on_save_button_clicked)
        self._update_buttons()

    # --- building ------------------------------------------------------------------------------

    def _build_form(self) -> QWidget:
        side = QWidget(self)
        form = QFormLayout()
        self.name = QLineEdit(side)
        self.name.setObjectName("templateName")
        self.name.setMaxLength(200)
        form.addRow(self.tr("Name:"), self.name)
        self.subject = QLineEdit(side)
        self.subject.setObjectName("templateSubject")
        form.addRow(self.tr("Subject:"), self.subject)

        self.advanced_button = QToolButton(side)
        self.advanced_button.setObjectName("templateAdvanced")
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.advanced = QWidget(side)
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        self.from_override = QLineEdit(self.advanced)
        self.from_override.setObjectName("templateFrom")
        self.from_override.setMaxLength(400)
        self.from_override.setPlaceholderText(self.tr("The sending account's"))
        advanced_form.addRow(self.tr("From:"), self.from_override)
        self.reply_to = QLineEdit(self.advanced)
        self.reply_to.setObjectName("templateReplyTo")
        self.reply_to.setMaxLength(400)
        self.reply_to.setPlaceholderText(self.tr("The sending account's"))
        advanced_form.addRow(self.tr("Reply-To:"), self.reply_to)
        self.advanced.setVisible(False)
        self.advanced_button.toggled.connect(self._on_advanced_button_toggled)

        self.html_edit = self._body_edit("templateHtml", html=True)
        self.text_edit = self._body_edit("templateText", html=False)
        self.text_edit.setPlaceholderText(
            self.tr("Leave empty to send a text version made from the HTML.")
        )
        self.bodies = QTabWidget(side)
        self.bodies.setObjectName("templateBodies")
        self.bodies.addTab(self.html_edit, self.tr("HTML"))
        self.bodies.addTab(self.text_edit, self.tr("Text"))
        self.bodies.currentChanged.connect(self._on_bodies_current_changed)

        self.variable_button = QToolButton(side)
        self.variable_button.setObjectName("insertVariable")
        self.variable_button.setText(self.tr("Insert variable"))
        self.variable_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.variable_menu = QMenu(self.variable_button)
        self.variable_button.setMenu(self.variable_menu)
        self.variable_menu.triggered.connect(self._on_variable_menu_triggered)
        self.set_variables([])
        self._target: QLineEdit | QPlainTextEdit = self.html_edit
        for field in (self.subject, self.html_edit, self.text_edit):
            field.installEventFilter(self)

        self.problems_label = QLabel(side)
        self.problems_label.setObjectName("templateProblems")
        self.problems_label.setStyleSheet(ERROR_STYLE)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setVisible(False)

        self.attachment_list = QListWidget(side)
        self.attachment_list.setObjectName("attachmentList")
        self.attachment_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.attachment_list.setMaximumHeight(90)
        self.add_attachment_button = QPushButton(self.tr("Add…"), side)
        self.add_attachment_button.setObjectName("attachmentAdd")
        self.remove_attachment_button = QPushButton(self.tr("Remove"), side)
        self.remove_attachment_button.setObjectName("attachmentRemove")
        self.add_attachment_button.clicked.connect(self._on_add_attachment_clicked)
        self.remove_attachment_button.clicked.connect(self._on_remove_attachment_clicked)
        self.attachment_list.itemSelectionChanged.connect(self._update_buttons)

        self.save_button = QPushButton(self.tr("Save"), side)
        self.save_button.setObjectName("templateSave")
        self.save_button.setDefault(True)

        tools = QHBoxLayout()
        tools.addWidget(self.advanced_button)
        tools.addStretch(1)
        tools.addWidget(self.variable_button)
        attachment_buttons = QVBoxLayout()
        attachment_buttons.addWidget(self.add_attachment_button)
        attachment_buttons.addWidget(self.remove_attachment_button)
        attachment_buttons.addStretch(1)
        attachments = QHBoxLayout()
        attachments.addWidget(self.attachment_list, 1)
        attachments.addLayout(attachment_buttons)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(tools)
        layout.addWidget(self.advanced)
        layout.addWidget(self.bodies, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(QLabel(self.tr("Attachments:"), side))
        layout.addLayout(attachments)
        layout.addLayout(bottom)
        return side

    def _body_edit(self, name: str, *, html: bool) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        edit.setTabChangesFocus(False)
        edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Kept referenced here: PySide would otherwise collect the highlighter.
        self.highlighters.append(TemplateHighlighter(edit.document(), html=html))
        return edit

    # --- content -------------------------------------------------------------------------------

    def load(self, template: TemplateData | None) -> None:
        """Show a stored template, or an empty new one (``None``); discards unsaved changes."""
        self.template = template
        self._baseline = snapshot_of(template)
        name, subject, html, text, from_override, reply_to, _ = self._baseline
        for edit, value in (
            (self.name, name),
            (self.subject, subject),
            (self.from_override, from_override),
            (self.reply_to, reply_to),
        ):
            edit.blockSignals(True)
            edit.setText(value)
            edit.blockSignals(False)
        for body, value in ((self.html_edit, html), (self.text_edit, text)):
            body.blockSignals(True)
            body.setPlainText(value)
            body.blockSignals(False)
        self._set_attachments(list(template.attachments) if template else [])
        if from_override or reply_to:
            self.advanced_button.setChecked(True)
        self._show_problems([])
        self.preview.clear()
        self._content_changed()

    def template_input(self, *, with_attachments: bool = True) -> TemplateInput:
        """What the editor holds, as the service takes it."""
        return TemplateInput(
            name=self.name.text().strip(),
            subject=self.subject.text(),
            html=self.html_edit.toPlainText(),
            text=self.text_edit.toPlainText(),
            from_override=self.from_override.text().strip(),
            reply_to=self.reply_to.text().strip(),
            attachments=list(self._attachments) if with_attachments else [],
        )

    def snapshot(self) -> Snapshot:
        return (
            self.name.text().strip(),
            self.subject.text(),
            self.html_edit.toPlainText(),
            self.text_edit.toPlainText(),
            self.from_override.text().strip(),
            self.reply_to.text().strip(),
            tuple(_attachment_key(a) for a in self._attachments),
        )

    def is_dirty(self) -> bool:
        return self.snapshot() != self._baseline

    def attachments(self) -> list[Attachment]:
        return list(self._attachments)

    def _on_field_text_changed(self, _text: str) -> None:
        self._content_changed()

    def _on_body_text_changed(self) -> None:
        self._content_changed()

    def _content_changed(self) -> None:
        dirty = self.is_dirty()
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.sig_dirty_changed.emit(dirty)
        self._update_buttons()
        self.schedule_preview()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(
            not self._saving and bool(self.name.text().strip()) and self.is_dirty()
        )
        self.remove_attachment_button.setEnabled(bool(self.attachment_list.selectedItems()))

    def _on_advanced_button_toggled(self, checked: bool) -> None:
        self.advanced.setVisible(checked)
        self.advanced_button.setArrowType(
            Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow
        )

    # --- variables -----------------------------------------------------------------------------

    def set_variables(self, names: list[str]) -> None:
        self.variable_menu.clear()
        for name in names:
            action = self.variable_menu.addAction(name)
            action.setData(name)
        self.variable_button.setEnabled(bool(names))

    def variables(self) -> list[str]:
        return [a.data() for a in self.variable_menu.actions()]

    def load_variables(self) -> None:
        """Fill the variable menu in the background (custom fields come from the contacts)."""
        db = self.ctx.db
        Op(self, lambda: template_variables(db)).success(self.set_variables).failure(
            lambda exc: log_unexpected(exc, "loading template variables")
        ).run_in_background("io")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn and watched in (
            self.subject,
            self.html_edit,
            self.text_edit,
        ):
            self._target = watched  # type: ignore[assignment]
        return super().eventFilter(watched, event)

    def _on_bodies_current_changed(self, index: int) -> None:
        self._target = self.html_edit if index == 0 else self.text_edit

    def insert_variable(self, name: str) -> None:
        """Insert ``{{ name }}`` at the cursor of the field last focused (subject or a body)."""
        snippet = f"{{{{ {name} }}}}"
        target = self._target
        if isinstance(target, QLineEdit):
            target.insert(snippet)
        else:
            target.insertPlainText(snippet)
        target.setFocus()

    def _on_variable_menu_triggered(self, action: Any) -> None:
        name = action.data()
        if isinstance(name, str):
            self.insert_variable(name)

    # --- attachments ---------------------------------------------------------------------------

    def ask_attachment_paths(self) -> list[str]:
        """Files chosen by the user (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        return paths

    def add_attachments(self, paths: list[str]) -> None:
        for raw in paths:
            path = Path(raw)
            if not path.is_file():
                continue
            if any(isinstance(a, Path) and a == path for a in self._attachments):
                continue
            self._attachments.append(path)
        self._set_attachments(self._attachments)
        self._content_changed()

    def _set_attachments(self, attachments: list[Attachment]) -> None:
        self._attachments = list(attachments)
        self.attachment_list.clear()
        locale = QLocale()
        for item in self._attachments:
            if isinstance(item, AttachmentInfo):
                name, size = item.filename, item.size
            else:
                name = item.name
                try:
                    size = item.stat().st_size
                except OSError:
                    size = 0
            text = self.tr("{name} ({size})").format(name=name, size=locale.formattedDataSize(size))
            self.attachment_list.addItem(QListWidgetItem(text))
        self._update_buttons()

    def _on_add_attachment_clicked(self) -> None:
        paths = self.ask_attachment_paths()
        if paths:
            self.add_attachments(paths)

    def _on_remove_attachment_clicked(self) -> None:
        rows = {self.attachment_list.row(item) for item in self.attachment_list.selectedItems()}
        if not rows:
            return
        self._set_attachments([a for i, a in enumerate(self._attachments) if i not in rows])
        self._content_changed()

    # --- preview -------------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        """Render again once the edits pause."""
        self._preview_timer.start()

    def _on_preview_timer_timeout(self) -> None:
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Check and render now, in the background; an older result arriving later is ignored."""
        self._preview_timer.stop()
        self._preview_generation += 1
        generation = self._preview_generation
        db = self.ctx.db
        draft = self.template_input(with_attachments=False)  # files play no part in the render
        email = self.preview.chosen_email()

        def work() -> tuple[list[TemplateProblem], Preview | None]:
            problems = check_template(draft.subject, draft.html, draft.text)
            if problems:
                return problems, None
            return [], preview_draft(db, draft, email)

        Op(self, work).success(
            lambda result: self._on_preview_succeeded(generation, result)
        ).failure(lambda exc: self._on_preview_failed(generation, exc)).run_in_background("io")

    def _on_preview_succeeded(
        self, generation: int, result: tuple[list[TemplateProblem], Preview | None]
    ) -> None:
        if generation != self._preview_generation:
            return
        problems, preview = result
        self._show_problems(problems)
        if preview is not None:
            self.preview.show_preview(preview)
        self.sig_preview_finished.emit()

    def _on_preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._preview_generation:
            return
        if isinstance(exc, FacteurError):
            # A render error (unknown contact, a filter failing...) is a problem of the draft.
            self._show_problems([], error_text(exc))
        else:
            log_unexpected(exc, "template preview")
            self._show_problems([], error_text(exc))
        self.sig_preview_finished.emit()

    def problem_text(self, problem: TemplateProblem) -> str:
        part = {
            "subject": self.tr("Subject"),
            "html": self.tr("HTML"),
            "text": self.tr("Text"),
        }.get(problem.part, problem.part)
        if problem.line is None:
            return self.tr("{part}: {message}").format(part=part, message=problem.message)
        return self.tr("{part}, line {line}: {message}").format(
            part=part, line=problem.line, message=problem.message
        )

    def _show_problems(self, problems: list[TemplateProblem], other: str = "") -> None:
        self.problems = list(problems)
        lines = [self.problem_text(p) for p in problems]
        if other:
            lines.append(other)
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setVisible(bool(lines))

    def load_contacts(self) -> None:
        """Offer the first contacts in the preview's chooser (in the background)."""
        self._search_contacts("")

    def _on_preview_search_requested(self, text: str) -> None:
        self._search_text = text
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._search_contacts(self._search_text)

    def _search_contacts(self, text: str) -> None:
        self._search_generation += 1
        generation = self._search_generation
        db = self.ctx.db

        def work() -> list[str]:
            ids = query_contact_ids(db, ContactQuery(search=text.strip()))[:PREVIEW_CONTACTS]
            return [c.email for c in fetch_contacts(db, ids)]

        Op(self, work).success(lambda emails: self._on_contacts_found(generation, emails)).failure(
            lambda exc: log_unexpected(exc, "looking up contacts for the preview")
        ).run_in_background("io")

    def _on_contacts_found(self, generation: int, emails: list[str]) -> None:
        if generation == self._search_generation:
            self.preview.add_contacts(emails)

    # --- saving --------------------------------------------------------------------------------

    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self, on_saved: Callable[[TemplateData], None] | None = None) -> None:
        """Store the template in the background; ``on_saved`` runs after a successful save."""
        if self._saving:
            return
        if not self.name.text().strip():
            self.name.setFocus()
            return
        data = self.template_input()
        sent = self.snapshot()
        db = self.ctx.db
        template_id = self.template.id if self.template else None

        def work() -> TemplateData:
            if template_id is None:
                return create_template(db, data)
            return update_template(db, template_id, data)

        self._saving = True
        self._on_saved = on_saved
        self._update_buttons()
        Op(self, work).success(lambda saved: self._on_save_succeeded(sent, saved)).failure(
            self._on_save_failed
        ).run_in_background("db")

    def _on_save_succeeded(self, sent: Snapshot, saved: TemplateData) -> None:
        self._saving = False
        self.template = saved
        self._baseline = snapshot_of(saved)
        # Keep the cursor and scroll where they are: only what the service changed is replaced.
        if self.name.text().strip() == sent[0] and sent[0] != saved.name:
            self.name.setText(saved.name)
        if tuple(_attachment_key(a) for a in self._attachments) == sent[6]:
            self._set_attachments(list(saved.attachments))
        self._content_changed()
        self.ctx.bus.notify(Changes(templates=True))
        self.sig_template_saved.emit(saved)
        callback, self._on_saved = self._on_saved, None
        if callback is not None:
            callback(saved)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._on_saved = None
        self._update_buttons()
        show_error(self, exc)

    @property
    def saving(self) -> bool:
        return self._saving
