"""Create or edit a signup form served by the relay (``/f/<name>``), and show the HTML to paste
into a page of the user's website.

The lists, templates and accounts offered are read in the background when the dialog opens;
saving runs on the database pool and the dialog closes once it succeeded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.contacts.service import list_lists
from app.errors import FacteurError
from app.sending.accounts import list_accounts
from app.templates.service import list_templates
from app.tracking import forms
from app.tracking.forms import FormData, FormInput
from ui.context import AppContext
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import error_text, show_error
from ui.tasks import Op

SUCCESS_STYLE = "color: #2e7d32;"


def split_names(text: str) -> list[str]:
    """``"a, b,,c "`` -> ``["a", "b", "c"]`` (order kept, repeats dropped)."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


class FormDialog(SavingDialog):
    """Create a form (``form=None``) or edit one; ``saved`` holds the stored form.

    ``relay_url`` is the connected relay's address ("" when none): the HTML shown posts there.
    """

    sig_form_saved = Signal(object)
    """The form was stored; carries its ``FormData``."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        form: FormData | None = None,
        *,
        relay_url: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.relay_url = relay_url
        self.saved: FormData | None = None
        self.loaded = False
        self.setObjectName("formDialog")
        self.setWindowTitle(self.tr("Edit signup form") if form else self.tr("New signup form"))
        self.setMinimumWidth(600)

        self.name = QLineEdit(self)
        self.name.setObjectName("formName")
        self.name.setMaxLength(100)
        self.name.setPlaceholderText("newsletter")
        self.name.setToolTip(
            self.tr("Part of the form's address: lower-case letters, digits, “-” and “_”.")
        )
        self.list_combo = QComboBox(self)
        self.list_combo.setObjectName("formList")
        self.list_combo.setEditable(True)
        self.list_combo.lineEdit().setPlaceholderText(self.tr("The list signups join"))
        self.tags = QLineEdit(self)
        self.tags.setObjectName("formTags")
        self.tags.setPlaceholderText(self.tr("Separated by commas"))
        self.double_opt_in = QCheckBox(
            self.tr("Send a confirmation mail first (double opt-in)"), self
        )
        self.double_opt_in.setObjectName("formDoubleOptIn")
        self.double_opt_in.setChecked(True)
        self.confirm_template = QComboBox(self)
        self.confirm_template.setObjectName("formConfirmTemplate")
        self.confirm_template.addItem(self.tr("Facteur's built-in message"), "")
        self.account = QComboBox(self)
        self.account.setObjectName("formAccount")
        self.account.addItem(self.tr("The only sending account"), "")
        self.consent_text = QPlainTextEdit(self)
        self.consent_text.setObjectName("formConsentText")
        self.consent_text.setPlaceholderText(
            self.tr("I agree to receive the newsletter. I can unsubscribe at any time.")
        )
        self.consent_text.setToolTip(
            self.tr("Shown next to the form's check box and kept with each signup as proof.")
        )
        self.consent_text.setFixedHeight(70)
        self.redirect_url = QLineEdit(self)
        self.redirect_url.setObjectName("formRedirectUrl")
        self.redirect_url.setPlaceholderText(self.tr("Optional: the relay's own page otherwise"))
        self.confirm_redirect_url = QLineEdit(self)
        self.confirm_redirect_url.setObjectName("formConfirmRedirectUrl")
        self.confirm_redirect_url.setPlaceholderText(
            self.tr("Optional: the relay's own page otherwise")
        )
        self.fields = QLineEdit(self)
        self.fields.setObjectName("formFields")
        self.fields.setPlaceholderText(self.tr("city, birthday… (separated by commas)"))
        self.fields.setToolTip(
            self.tr(
                "Fields besides email, first_name, last_name, company and phone, kept as the "
                "contact's attributes."
            )
        )
        self.enabled = QCheckBox(self.tr("Accept signups"), self)
        self.enabled.setObjectName("formEnabled")
        self.enabled.setChecked(True)

        form_layout = QFormLayout()
        form_layout.addRow(self.tr("Name:"), self.name)
        form_layout.addRow(self.tr("List:"), self.list_combo)
        form_layout.addRow(self.tr("Tags:"), self.tags)
        form_layout.addRow("", self.double_opt_in)
        form_layout.addRow(self.tr("Confirmation mail:"), self.confirm_template)
        form_layout.addRow(self.tr("Sent with:"), self.account)
        form_layout.addRow(self.tr("Consent text:"), self.consent_text)
        form_layout.addRow(self.tr("After signing up, go to:"), self.redirect_url)
        form_layout.addRow(self.tr("After confirming, go to:"), self.confirm_redirect_url)
        form_layout.addRow(self.tr("Extra fields:"), self.fields)
        form_layout.addRow("", self.enabled)

        layout = QVBoxLayout(self)
        layout.addLayout(form_layout)
        layout.addWidget(self._build_html())

        self.build_footer("formError")
        layout.addWidget(self.form_error)

        layout.addWidget(self.buttons)

        self.double_opt_in.toggled.connect(self._on_double_opt_in_toggled)
        self.name.textChanged.connect(self._on_name_text_changed)
        if form is not None:
            self._fill(form)
        else:
            self.consent_text.setPlainText(forms.DEFAULT_CONSENT_TEXT)  # to adapt, not to invent
        self._update_fields()
        self._load_choices()

    def _build_html(self) -> QGroupBox:
        box = QGroupBox(self.tr("HTML to paste into your page"), self)
        self.html_view = QPlainTextEdit(box)
        self.html_view.setObjectName("formHtml")
        self.html_view.setReadOnly(True)
        self.html_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.html_view.setFixedHeight(140)
        self.copy_button = QPushButton(self.tr("Copy"), box)
        self.copy_button.setObjectName("formCopy")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.html_note = QLabel(box)
        self.html_note.setObjectName("formHtmlNote")
        self.html_note.setWordWrap(True)
        self.html_note.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.html_note, 1)
        row.addWidget(self.copy_button)
        column = QVBoxLayout(box)
        column.addWidget(self.html_view)
        column.addLayout(row)
        self._show_html()
        return box

    # --- choices -------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db = self.ctx.db

        def read() -> tuple[list[str], list[str], list[str]]:
            return (
                [n.name for n in list_lists(db)],
                [t.name for t in list_templates(db)],
                [a.name for a in list_accounts(db)],
            )

        Op(self, read).success(self._on_choices_loaded).failure(
            lambda exc: show_error(self, exc)
        ).run_in_background("io")

    def _on_choices_loaded(self, choices: tuple[list[str], list[str], list[str]]) -> None:
        lists, templates, accounts = choices
        typed = self.list_combo.currentText()
        self.list_combo.clear()
        self.list_combo.addItems(lists)
        self.list_combo.setEditText(typed)
        self._offer(self.confirm_template, templates)
        self._offer(self.account, accounts)
        self.loaded = True

    @staticmethod
    def _offer(combo: QComboBox, names: list[str]) -> None:
        """Add ``names`` after the first ("default") entry, keeping the choice made."""
        chosen = combo.currentData()
        while combo.count() > 1:
            combo.removeItem(1)
        for name in names:
            combo.addItem(name, name)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(chosen, chosen)  # gone since, but still what the form says
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    @staticmethod
    def _choose(combo: QComboBox, name: str) -> None:
        if name and combo.findData(name) < 0:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(name)))

    # --- values --------------------------------------------------------------------------------

    def _fill(self, form: FormData) -> None:
        self.name.setText(form.name)
        self.list_combo.setEditText(form.list_name or "")
        self.tags.setText(", ".join(form.tags))
        self.double_opt_in.setChecked(bool(form.double_opt_in))
        self._choose(self.confirm_template, form.confirm_template or "")
        self._choose(self.account, form.account or "")
        self.consent_text.setPlainText(form.consent_text)
        self.redirect_url.setText(form.redirect_url)
        self.confirm_redirect_url.setText(form.confirm_redirect_url)
        self.fields.setText(", ".join(form.fields))
        self.enabled.setChecked(bool(form.enabled))

    def form_input(self) -> FormInput:
        """What the dialog says, as the service takes it."""
        return FormInput(
            name=self.name.text().strip(),
            list_name=self.list_combo.currentText().strip(),
            tags=split_names(self.tags.text()),
            double_opt_in=self.double_opt_in.isChecked(),
            confirm_template=str(self.confirm_template.currentData() or ""),
            account=str(self.account.currentData() or ""),
            consent_text=self.consent_text.toPlainText().strip(),
            redirect_url=self.redirect_url.text().strip(),
            confirm_redirect_url=self.confirm_redirect_url.text().strip(),
            fields=split_names(self.fields.text()),
            enabled=self.enabled.isChecked(),
        )

    def _on_double_opt_in_toggled(self, _checked: bool) -> None:
        self._update_fields()

    def _on_name_text_changed(self, _text: str) -> None:
        self._show_form_error("")

    def _update_fields(self) -> None:
        double = self.double_opt_in.isChecked()
        self.confirm_template.setEnabled(double)
        self.confirm_redirect_url.setEnabled(double)

    # --- the HTML ------------------------------------------------------------------------------

    def html(self) -> str:
        """The HTML of the stored form ("" before it is saved, or without a relay)."""
        if self.form is None or not self.relay_url:
            return ""
        return forms.form_html(self.form, self.relay_url)

    def _show_html(self) -> None:
        html = self.html()
        self.html_view.setPlainText(html)
        self.html_view.setVisible(bool(html))
        self.copy_button.setVisible(bool(html))
        if html:
            self.html_note.setText(
                self.tr("Paste it where the form should appear; style it as you like.")
            )
        elif not self.relay_url:
            self.html_note.setText(self.tr("Connect a relay first: the form's HTML posts to it."))
        else:
            self.html_note.setText(self.tr("The HTML to paste appears once the form is saved."))
        self.html_note.setStyleSheet("")

    def _on_copy_button_clicked(self) -> None:
        self.copy_html()

    def copy_html(self) -> str:
        html = self.html_view.toPlainText()
        if html:
            QGuiApplication.clipboard().setText(html)
            self.html_note.setStyleSheet(SUCCESS_STYLE)
            self.html_note.setText(self.tr("Copied to the clipboard."))
        return html

    # --- saving --------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save in the background; the dialog closes once the save succeeded."""
        if self._saving:
            return
        try:
            data = self.form_input()
        except FacteurError as exc:
            self._show_form_error(error_text(exc))
            return
        db = self.ctx.db
        form_id = self.form.id if self.form is not None else None

        def work() -> FormData:
            if form_id is None:
                return forms.create_form(db, data)
            return forms.update_form(db, form_id, data)

        self.save_in_background(work)

    def on_saved(self, saved: FormData) -> None:
        self.form = saved
        self.saved = saved
        self.sig_form_saved.emit(saved)
