"""Add or edit a sending account: the fields follow its kind (SMTP server or provider API).

The password or API key is never shown: when editing, an empty field keeps the stored one.
"Test connection" saves the account first (the service tests stored accounts, with the secret
from the keyring), then connects and signs in on the network pool without sending anything.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FacteurError
from app.sending.accounts import (
    ACCOUNT_KINDS,
    MAX_CONCURRENCY,
    AccountData,
    AccountInput,
    TestResult,
    create_account,
    test_account,
    update_account,
)
from ui.context import AppContext, Changes
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import ERROR_STYLE, error_text, show_error
from ui.tasks import Op

SUCCESS_STYLE = "color: #2e7d32;"
PENDING_STYLE = "color: palette(mid);"
SES_REGIONS = (
    "eu-west-3",
    "eu-west-1",
    "eu-central-1",
    "eu-south-1",
    "eu-north-1",
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "ca-central-1",
)


def _none_if_zero(value: float) -> Any:
    return None if value == 0 else value


class AccountDialog(SavingDialog):
    """Create an account (``account=None``) or edit one; ``saved`` holds the stored account."""

    sig_account_saved = Signal(object)
    """The account was stored (by Save or before a test); carries its ``AccountData``."""
    sig_test_finished = Signal(object)
    """A connection test ended; carries its ``TestResult``."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, account: AccountData | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account = account
        self.saved: AccountData | None = None
        self._testing = False
        self.setObjectName("accountDialog")
        self.setWindowTitle(self.tr("Edit account") if account else self.tr("New account"))
        self.setMinimumWidth(540)

        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self._build_common()
        self._build_smtp()
        self._build_api()
        self._build_advanced()
        layout.addWidget(self._build_limits())
        layout.addWidget(self._build_tracking())

        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setObjectName("accountTest")
        self.test_button.setToolTip(
            self.tr("Saves the account, then connects and signs in. Nothing is sent.")
        )
        self.test_result = QLabel(self)
        self.test_result.setObjectName("accountTestResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout.addLayout(test_row)

        self.form_error = QLabel(self)
        self.form_error.setObjectName("accountError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.setTextFormat(Qt.TextFormat.PlainText)
        self.form_error.setVisible(False)
        layout.addWidget(self.form_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if account is not None:
            self._fill(account)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.security.currentIndexChanged.connect(self._on_security_current_index_changed)
        self.base_url.textChanged.connect(self._on_base_url_text_changed)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self._update_fields()

    # --- building ------------------------------------------------------------------------------

    def _line(self, name: str, max_length: int = 400) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        return edit

    def _build_common(self) -> None:
        self.name = self._line("accountName", 100)
        self.form.addRow(self.tr("Name:"), self.name)
        self.kind = QComboBox(self)
        self.kind.setObjectName("accountKind")
        labels = {
            "smtp": self.tr("SMTP server"),
            "sendgrid": "SendGrid",
            "mailgun": "Mailgun",
            "ses": "Amazon SES",
            "postmark": "Postmark",
            "brevo": "Brevo",
        }
        for kind in ACCOUNT_KINDS:
            self.kind.addItem(labels.get(kind, kind), kind)
        self.form.addRow(self.tr("Kind:"), self.kind)
        self.from_address = self._line("accountFrom")
        self.from_address.setPlaceholderText(self.tr("Name <address@example.fr>"))
        self.form.addRow(self.tr("From:"), self.from_address)
        self.reply_to = self._line("accountReplyTo")
        self.reply_to.setPlaceholderText(self.tr("Optional"))
        self.form.addRow(self.tr("Reply-To:"), self.reply_to)

    def _build_smtp(self) -> None:
        self.host = self._line("accountHost", 255)
        self.host.setPlaceholderText(self.tr("smtp.example.fr"))
        self.form.addRow(self.tr("Server:"), self.host)
        self.port = QSpinBox(self)
        self.port.setObjectName("accountPort")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("Default"))
        self.form.addRow(self.tr("Port:"), self.port)
        self.security = QComboBox(self)
        self.security.setObjectName("accountSecurity")
        self.security.addItem(self.tr("STARTTLS"), "starttls")
        self.security.addItem(self.tr("SSL/TLS"), "ssl")
        self.security.addItem(self.tr("None (unencrypted)"), "none")
        self.form.addRow(self.tr("Security:"), self.security)
        self.username = self._line("accountUsername", 320)
        self.form.addRow(self.tr("User name:"), self.username)
        self.secret = self._line("accountSecret", 4096)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Password:"), self.secret)
        self.allow_insecure = QCheckBox(
            self.tr("Allow sending the password without encryption"), self
        )
        self.allow_insecure.setObjectName("accountAllowInsecure")
        self.form.addRow("", self.allow_insecure)

    def _build_api(self) -> None:
        self.domain = self._line("accountDomain", 255)
        self.domain.setPlaceholderText(self.tr("The From address's domain"))
        self.form.addRow(self.tr("Domain:"), self.domain)
        self.region = QComboBox(self)
        self.region.setObjectName("accountRegion")
        self.form.addRow(self.tr("Region:"), self.region)
        self.message_stream = self._line("accountMessageStream", 100)
        self.message_stream.setPlaceholderText("outbound")
        self.form.addRow(self.tr("Message stream:"), self.message_stream)

    def _build_advanced(self) -> None:
        self.advanced_button = QToolButton(self)
        self.advanced_button.setObjectName("accountAdvanced")
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(self._on_advanced_button_toggled)
        self.form.addRow(self.advanced_button)
        self.base_url = self._line("accountBaseUrl", 500)
        self.base_url.setPlaceholderText(self.tr("The provider's"))
        self.form.addRow(self.tr("API address:"), self.base_url)
        self.ca_file = self._line("accountCaFile", 1000)
        self.ca_file.setPlaceholderText(self.tr("The system's certificates"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        self.ca_row = QWidget(self)
        row = QHBoxLayout(self.ca_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ca_file, 1)
        row.addWidget(browse)
        self.form.addRow(self.tr("CA certificate:"), self.ca_row)

    def _build_limits(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sending pace"), self)
        form = QFormLayout(box)
        no_limit = self.tr("No limit")
        self.rate_per_second = QDoubleSpinBox(box)
        self.rate_per_second.setObjectName("accountRatePerSecond")
        self.rate_per_second.setRange(0, 10_000)
        self.rate_per_second.setDecimals(2)
        self.rate_per_second.setSpecialValueText(no_limit)
        form.addRow(self.tr("Per second:"), self.rate_per_second)
        self.rate_per_hour = QSpinBox(box)
        self.rate_per_hour.setObjectName("accountRatePerHour")
        self.rate_per_hour.setRange(0, 100_000_000)
        self.rate_per_hour.setSpecialValueText(no_limit)
        form.addRow(self.tr("Per hour:"), self.rate_per_hour)
        self.rate_per_day = QSpinBox(box)
        self.rate_per_day.setObjectName("accountRatePerDay")
        self.rate_per_day.setRange(0, 100_000_000)
        self.rate_per_day.setSpecialValueText(no_limit)
        form.addRow(self.tr("Per day:"), self.rate_per_day)
        self.concurrency = QSpinBox(box)
        self.concurrency.setObjectName("accountConcurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setValue(4)
        self.concurrency.setToolTip(self.tr("Connections used at the same time."))
        form.addRow(self.tr("Connections:"), self.concurrency)
        self.in_doubt_campaign = self._policy_combo("accountInDoubtCampaign")
        self.in_doubt_transactional = self._policy_combo("accountInDoubtTransactional")
        self.in_doubt_transactional.setCurrentIndex(self.in_doubt_transactional.findData("resend"))
        hint = self.tr(
            "After a crash, a message whose sending was interrupted may or may not have left."
        )
        self.in_doubt_campaign.setToolTip(hint)
        self.in_doubt_transactional.setToolTip(hint)
        form.addRow(self.tr("Interrupted campaign mail:"), self.in_doubt_campaign)
        form.addRow(self.tr("Interrupted transactional mail:"), self.in_doubt_transactional)
        return box

    def _build_tracking(self) -> QGroupBox:
        box = QGroupBox(self.tr("Tracking"), self)
        column = QVBoxLayout(box)
        self.require_consent = QCheckBox(self.tr("Require tracking consent (CNIL)"), box)
        self.require_consent.setObjectName("accountRequireConsent")
        self.require_consent.setChecked(True)
        note = QLabel(
            self.tr(
                "Contacts who have not agreed to tracking get no open pixel and no personal "
                "links in mail from this account. The CNIL expects this consent in France."
            ),
            box,
        )
        note.setWordWrap(True)
        column.addWidget(self.require_consent)
        column.addWidget(note)
        return box

    def _policy_combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(self.tr("Hold for review"), "hold")
        combo.addItem(self.tr("Send again"), "resend")
        return combo

    # --- kinds ---------------------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(widget, visible)

    def _set_label(self, widget: QWidget, text: str) -> None:
        label = self.form.labelForField(widget)
        if isinstance(label, QLabel):
            label.setText(text)

    def _update_fields(self) -> None:
        kind = self.current_kind()
        smtp = kind == "smtp"
        for widget in (self.host, self.port, self.security):
            self._set_row_visible(widget, smtp)
        # SES signs requests with an access key id and its secret key (stored together).
        self._set_row_visible(self.username, smtp or kind == "ses")
        self._set_label(
            self.username, self.tr("Access key ID:") if kind == "ses" else self.tr("User name:")
        )
        secret_label = {
            "smtp": self.tr("Password:"),
            "ses": self.tr("Secret access key:"),
        }.get(kind, self.tr("API key:"))
        self._set_label(self.secret, secret_label)
        self._set_row_visible(self.allow_insecure, self._unencrypted())
        self._set_row_visible(self.domain, kind == "mailgun")
        self._set_row_visible(self.message_stream, kind == "postmark")
        self._fill_regions(kind)
        self._set_row_visible(self.region, kind in ("mailgun", "ses"))
        advanced = self.advanced_button.isChecked()
        self._set_row_visible(self.base_url, advanced and not smtp)
        self._set_row_visible(self.ca_row, advanced)

    def _unencrypted(self) -> bool:
        """Would the password or key cross the network in clear (then it must be allowed)?"""
        if self.current_kind() == "smtp":
            return self.security.currentData() == "none"
        return self.base_url.text().strip().lower().startswith("http://")

    def _fill_regions(self, kind: str) -> None:
        wanted = "mailgun" if kind == "mailgun" else "ses" if kind == "ses" else ""
        if self.region.property("kind") == wanted:
            return
        current = self.region.currentData() or self.region.currentText()
        self.region.blockSignals(True)
        self.region.clear()
        self.region.setProperty("kind", wanted)
        if wanted == "mailgun":
            self.region.setEditable(False)
            self.region.addItem(self.tr("United States"), "us")
            self.region.addItem(self.tr("Europe"), "eu")
        elif wanted == "ses":
            self.region.setEditable(True)
            for region in SES_REGIONS:
                self.region.addItem(region, region)
        if current:
            self._set_region(str(current))
        self.region.blockSignals(False)

    def _set_region(self, value: str) -> None:
        index = self.region.findData(value)
        if index >= 0:
            self.region.setCurrentIndex(index)
        elif self.region.isEditable() and value:
            self.region.setEditText(value)

    def _region(self, kind: str) -> str:
        if kind == "mailgun":
            return str(self.region.currentData() or "us")
        if kind == "ses":
            return self.region.currentText().strip()
        return ""

    def _on_kind_current_index_changed(self, _index: int) -> None:
        self._update_fields()

    def _on_security_current_index_changed(self, _index: int) -> None:
        self._update_fields()

    def _on_base_url_text_changed(self, _text: str) -> None:
        self._update_fields()

    def _on_advanced_button_toggled(self, checked: bool) -> None:
        self.advanced_button.setArrowType(
            Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow
        )
        self._update_fields()

    def ask_ca_file(self) -> str:
        """A certificate file chosen by the user, or "" (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CA certificate"),
            "",
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        return path

    def _on_browse_clicked(self) -> None:
        path = self.ask_ca_file()
        if path:
            self.ca_file.setText(path)

    # --- values --------------------------------------------------------------------------------

    def _fill(self, account: AccountData) -> None:
        data = account.to_input()
        self.name.setText(data.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.kind.setEnabled(False)  # settings of one kind mean nothing to another
        self.from_address.setText(data.from_address)
        self.reply_to.setText(data.reply_to)
        self.host.setText(data.host)
        self.port.setValue(data.port or 0)
        self.security.setCurrentIndex(max(0, self.security.findData(data.security)))
        self.username.setText(data.username)
        self.message_stream.setText(data.message_stream)
        self.allow_insecure.setChecked(data.allow_insecure_auth)
        self.domain.setText(data.domain)
        self._fill_regions(data.kind)
        self._set_region(data.region)
        self.base_url.setText(data.base_url)
        self.ca_file.setText(data.ca_file)
        if data.base_url or data.ca_file:
            self.advanced_button.setChecked(True)
        self.rate_per_second.setValue(data.rate_per_second or 0)
        self.rate_per_hour.setValue(data.rate_per_hour or 0)
        self.rate_per_day.setValue(data.rate_per_day or 0)
        self.concurrency.setValue(data.concurrency)
        for combo, value in (
            (self.in_doubt_campaign, data.in_doubt_campaign),
            (self.in_doubt_transactional, data.in_doubt_transactional),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.require_consent.setChecked(data.require_tracking_consent)
        self._show_secret_state(account)

    def _show_secret_state(self, account: AccountData) -> None:
        placeholder = self.tr("unchanged") if account.has_secret else self.tr("none stored")
        self.secret.clear()
        self.secret.setPlaceholderText(placeholder)
        if account.kind == "ses":
            self.username.clear()  # part of the stored secret
            self.username.setPlaceholderText(placeholder)

    def account_input(self) -> AccountInput:
        """What the form says, as the service takes it."""
        kind = self.current_kind()
        smtp = kind == "smtp"
        security = str(self.security.currentData()) if smtp else "starttls"
        return AccountInput(
            name=self.name.text().strip(),
            kind=kind,
            from_address=self.from_address.text().strip(),
            reply_to=self.reply_to.text().strip(),
            host=self.host.text().strip() if smtp else "",
            port=(self.port.value() or None) if smtp else None,
            security=security,
            username=self.username.text().strip() if smtp else "",
            allow_insecure_auth=self._unencrypted() and self.allow_insecure.isChecked(),
            ca_file=self.ca_file.text().strip(),
            base_url="" if smtp else self.base_url.text().strip(),
            region=self._region(kind),
            domain=self.domain.text().strip() if kind == "mailgun" else "",
            rate_per_second=_none_if_zero(self.rate_per_second.value()),
            rate_per_hour=_none_if_zero(self.rate_per_hour.value()),
            rate_per_day=_none_if_zero(self.rate_per_day.value()),
            concurrency=self.concurrency.value(),
            in_doubt_campaign=str(self.in_doubt_campaign.currentData()),
            in_doubt_transactional=str(self.in_doubt_transactional.currentData()),
            message_stream=self.message_stream.text().strip() if kind == "postmark" else "",
            require_tracking_consent=self.require_consent.isChecked(),
        )

    def secret_value(self) -> str | None:
        """The password or key typed; ``None`` (keep the stored one) when left empty."""
        if self.current_kind() == "ses":
            key_id, key = self.username.text().strip(), self.secret.text().strip()
            # The service stores both halves as one secret and says what is missing.
            return f"{key_id}:{key}" if key_id or key else None
        return self.secret.text() or None

    # --- saving and testing --------------------------------------------------------------------

    def _save_op(self, then: Any) -> None:
        """Store the form in the background, then call ``then(saved)``."""
        data = self.account_input()
        secret = self.secret_value()
        db, secrets = self.ctx.db, self.ctx.secrets
        account_id = self.account.id if self.account else None

        def work() -> AccountData:
            if account_id is None:
                return create_account(db, secrets, data, secret)
            return update_account(db, secrets, account_id, data, secret)

        self._set_saving(True)
        Op(self, work).success(lambda saved: self._on_save_succeeded(saved, then)).failure(
            self._on_save_failed
        ).run_in_background("db")

    def _on_save_succeeded(self, saved: AccountData, then: Any) -> None:
        self._set_saving(False)
        self.account = saved
        self.saved = saved
        self.setWindowTitle(self.tr("Edit account"))
        self.kind.setEnabled(False)
        self._show_secret_state(saved)
        self.ctx.bus.notify(Changes(accounts=True))
        self.sig_account_saved.emit(saved)
        then(saved)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if self._testing:
            self._testing = False
            self.test_result.clear()
            self._update_buttons()
        if isinstance(exc, FacteurError):
            self._show_form_error(error_text(exc))
        else:
            show_error(self, exc)

    def accept(self) -> None:
        """Save in the background; the dialog closes once the save succeeded."""
        if self._saving:
            return
        self._save_op(lambda _saved: super(AccountDialog, self).accept())

    def _on_test_button_clicked(self) -> None:
        self.test_connection()

    def test_connection(self) -> None:
        """Save, then test the stored account on the network pool; the result shows inline."""
        if self._saving or self._testing:
            return
        self._testing = True
        self._update_buttons()
        self.test_result.setStyleSheet(PENDING_STYLE)
        self.test_result.setText(self.tr("Testing…"))
        self._save_op(self._start_test)

    def _start_test(self, saved: AccountData) -> None:
        db, secrets, account_id = self.ctx.db, self.ctx.secrets, saved.id
        Op(self, lambda: test_account(db, secrets, account_id)).success(
            self._on_test_succeeded
        ).failure(self._on_test_failed).run_in_background("io")

    def _on_test_succeeded(self, result: TestResult) -> None:
        self._testing = False
        self._update_buttons()
        message = error_text(result.error) if result.error is not None else result.message
        self._show_test_result(result.ok, message)
        self.sig_test_finished.emit(result)

    def _on_test_failed(self, exc: BaseException) -> None:
        self._testing = False
        self._update_buttons()
        self._show_test_result(False, error_text(exc))
        self.sig_test_finished.emit(TestResult(ok=False, message=str(exc)))

    def _show_test_result(self, ok: bool, message: str) -> None:
        self.test_result.setStyleSheet(SUCCESS_STYLE if ok else ERROR_STYLE)
        text = self.tr("Connection works: {message}") if ok else self.tr("Failed: {message}")
        self.test_result.setText(text.format(message=message))

    def _show_form_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.setVisible(bool(message))

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        if saving:
            self._show_form_error("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not self._saving)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not self._saving)
        self.test_button.setEnabled(not self._saving and not self._testing)
