"""Settings: the general tab (interface language, applied at next start; start at login; how late
a missed scheduled send still goes out; where data and logs are kept), the sending accounts
(add, edit, test, delete) and the tracking relay (``ui.widgets.relay_settings``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.automation import autostart
from app.automation.settings import (
    MAX_MISFIRE_GRACE,
    misfire_grace_seconds,
    set_misfire_grace_seconds,
)
from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.accounts import AccountData, delete_account, list_accounts
from app.sending.secrets import open_secret_store
from ui.context import AppContext, Changes
from ui.dialogs.account_dialog import AccountDialog
from ui.errors import ERROR_STYLE, error_text, show_error
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op
from ui.widgets.relay_settings import RelaySettings
from ui.widgets.tables import ask_yes_no, row_table

LANGUAGES = ("", "fr", "en")
_Index = QModelIndex | QPersistentModelIndex


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._build_general(), self.tr("General"))
        self.accounts = AccountsSection(ctx, self)
        self.tabs.addTab(self.accounts, self.tr("Accounts"))
        self.relay = RelaySettings(ctx, self)
        self.tabs.addTab(self.relay, self.tr("Relay"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _build_general(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.setMaximumWidth(320)
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        language = self.ctx.settings.language
        self.language.setCurrentIndex(
            max(0, LANGUAGES.index(language)) if language in LANGUAGES else 0
        )
        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)
        form.addRow(self.tr("Language:"), self.language)
        self.restart_note = QLabel(self.tr("The new language applies when Facteur is restarted."))
        self.restart_note.setVisible(False)
        form.addRow("", self.restart_note)
        layout.addWidget(general)
        self.automation = AutomationSection(self.ctx, page)
        layout.addWidget(self.automation)

        where = QGroupBox(self.tr("Data"))
        info = QFormLayout(where)
        info.addRow(self.tr("Data folder:"), _selectable(str(self.ctx.paths.home)))
        info.addRow(self.tr("Database:"), _selectable(self.ctx.db.describe()))
        info.addRow(self.tr("Log file:"), _selectable(str(self.ctx.paths.log_file)))
        layout.addWidget(where)
        layout.addStretch(1)
        return page

    def _on_language_current_index_changed(self, index: int) -> None:
        self.ctx.settings.language = self.language.itemData(index)
        self.ctx.save_settings()
        self.restart_note.setVisible(True)


class AutomationSection(QGroupBox):
    """Start at login (this computer's session) and the grace period of missed scheduled sends
    (a database setting, shared by every desktop and daemon). Read when first shown."""

    MINUTES, HOURS = 60, 3600
    SAVE_DELAY_MS = 600  # a spin box moving by steps saves once, after the last step

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Scheduled sends"))
        self.setObjectName("automationSection")
        self.loaded = False
        self._loading = False

        self.autostart = QCheckBox(self.tr("Start Facteur when I log in"), self)
        self.autostart.setObjectName("autostartCheck")
        self.autostart.setEnabled(False)
        autostart_note = QLabel(
            self.tr(
                "Facteur then starts hidden in the system tray, so scheduled sends and sequences "
                "go out without opening it."
            ),
            self,
        )
        autostart_note.setWordWrap(True)
        self.grace_value = QSpinBox(self)
        self.grace_value.setObjectName("graceValue")
        self.grace_unit = QComboBox(self)
        self.grace_unit.setObjectName("graceUnit")
        self.grace_unit.addItem(self.tr("minutes"), self.MINUTES)
        self.grace_unit.addItem(self.tr("hours"), self.HOURS)
        for widget in (self.grace_value, self.grace_unit):
            widget.setEnabled(False)
        grace = QHBoxLayout()
        grace.addWidget(self.grace_value)
        grace.addWidget(self.grace_unit)
        grace.addStretch(1)
        grace_note = QLabel(
            self.tr(
                "Later than that, a missed send is listed at the bottom of the window for you to "
                "send or dismiss. This applies to every computer using this database."
            ),
            self,
        )
        grace_note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("automationError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setVisible(False)
        form = QFormLayout(self)
        form.addRow(self.autostart)
        form.addRow(autostart_note)
        form.addRow(
            self.tr("Missed scheduled sends still go out if Facteur is back within:"), grace
        )
        form.addRow(grace_note)
        form.addRow(self.error)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(self.SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)
        self.autostart.toggled.connect(self._on_autostart_toggled)
        self.grace_value.valueChanged.connect(self._on_grace_value_value_changed)
        self.grace_unit.currentIndexChanged.connect(self._on_grace_unit_current_index_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.loaded and not self._loading:
            self.load()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        if self._save_timer.isActive():
            self.save_grace()  # leaving the page (or quitting) right after a change

    def load(self) -> None:
        """Read the login entry and the grace period in the background."""
        self._loading = True
        db = self.ctx.db
        Op(self, lambda: (_autostart_state(), misfire_grace_seconds(db))).success(
            self._on_settings_loaded
        ).failure(self._on_settings_load_failed).run_in_background("io")

    def _on_settings_loaded(self, result: tuple[bool | BaseException, int]) -> None:
        self._loading = False
        self.loaded = True
        enabled, seconds = result
        if isinstance(enabled, BaseException):
            self._show_error(enabled)
        else:
            self._set_checked(enabled)
            self.autostart.setEnabled(True)
        self._set_grace(seconds)
        for widget in (self.grace_value, self.grace_unit):
            widget.setEnabled(True)

    def _on_settings_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "automation settings")
        self.error.setText(error_text(exc))
        self.error.setVisible(True)

    def _set_checked(self, checked: bool) -> None:
        blocked = self.autostart.blockSignals(True)
        self.autostart.setChecked(checked)
        self.autostart.blockSignals(blocked)

    # --- start at login -------------------------------------------------------------------------

    def _on_autostart_toggled(self, checked: bool) -> None:
        self.error.setVisible(False)
        self.autostart.setEnabled(False)  # until this change is written
        paths = self.ctx.paths

        def change() -> bool:
            if checked:
                autostart.enable(autostart.launch_command(paths.home, paths.db_url))
            else:
                autostart.disable()
            return autostart.is_enabled()

        Op(self, change).success(self._on_autostart_changed).failure(
            lambda exc: self._on_autostart_change_failed(not checked, exc)
        ).run_in_background("io")

    def _on_autostart_changed(self, enabled: bool) -> None:
        self._set_checked(enabled)
        self.autostart.setEnabled(True)

    def _on_autostart_change_failed(self, previous: bool, exc: BaseException) -> None:
        self._set_checked(previous)
        self.autostart.setEnabled(True)
        self._show_error(exc)

    # --- grace period ---------------------------------------------------------------------------

    def grace_seconds(self) -> int:
        return self.grace_value.value() * int(self.grace_unit.currentData())

    def _set_grace(self, seconds: int) -> None:
        """Show ``seconds`` in whole hours when it is, else in minutes (rounded up)."""
        hours = seconds > 0 and seconds % self.HOURS == 0
        blocked = (self.grace_value.blockSignals(True), self.grace_unit.blockSignals(True))
        self.grace_unit.setCurrentIndex(1 if hours else 0)
        self._set_grace_range()
        self.grace_value.setValue(seconds // self.HOURS if hours else -(-seconds // self.MINUTES))
        self.grace_value.blockSignals(blocked[0])
        self.grace_unit.blockSignals(blocked[1])

    def _set_grace_range(self) -> None:
        self.grace_value.setRange(0, MAX_MISFIRE_GRACE // int(self.grace_unit.currentData()))

    def _on_grace_value_value_changed(self, _value: int) -> None:
        self._save_timer.start()

    def _on_grace_unit_current_index_changed(self, _index: int) -> None:
        # The number stays and is read in the new unit ("2" then "hours": two hours).
        blocked = self.grace_value.blockSignals(True)
        self._set_grace_range()
        self.grace_value.blockSignals(blocked)
        self._save_timer.start()

    def _on_save_timer_timeout(self) -> None:
        self.save_grace()

    def save_grace(self) -> None:
        """Store the grace period now (normally a moment after the last change)."""
        self._save_timer.stop()
        self.error.setVisible(False)
        db, seconds = self.ctx.db, self.grace_seconds()
        Op(self, lambda: set_misfire_grace_seconds(db, seconds)).failure(
            self._show_error
        ).run_in_background("db")


def _autostart_state() -> bool | BaseException:
    """Whether Facteur starts at login, or why that cannot be read (the rest still loads)."""
    try:
        return autostart.is_enabled()
    except Exception as exc:  # noqa: BLE001 - shown next to the check box
        return exc


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(
        label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse
    )
    return label


class AccountsModel(ItemListModel):
    """Sending accounts; ``UserRole`` is the ``AccountData``."""

    NAME, KIND, FROM, SECRET = range(4)
    COLUMN_COUNT = 4

    def item(self, row: int) -> AccountData:
        return self._items[row]

    def row_of(self, account_id: int) -> int:
        return self.row_where(lambda a: a.id == account_id)

    def kind_text(self, kind: str) -> str:
        return {
            "smtp": self.tr("SMTP server"),
            "sendgrid": "SendGrid",
            "mailgun": "Mailgun",
            "ses": "Amazon SES",
            "postmark": "Postmark",
            "brevo": "Brevo",
        }.get(kind, kind)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return item.name
            if column == self.KIND:
                return self.kind_text(item.kind)
            if column == self.FROM:
                return item.from_address
            return self.tr("Stored") if item.has_secret else self.tr("None")
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {
                self.NAME: self.tr("Name"),
                self.KIND: self.tr("Kind"),
                self.FROM: self.tr("From"),
                self.SECRET: self.tr("Password or key"),
            }.get(section)
        return None


class AccountsSection(QWidget):
    """The accounts table with Add / Edit / Delete; loaded in the background while visible."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("accountsSection")
        self.loaded = False
        self.dialog: AccountDialog | None = None
        self._stale = True
        self._generation = 0
        self._select_id: int | None = None

        self.secrets_note = QLabel(self)
        self.secrets_note.setObjectName("secretsNote")
        self.secrets_note.setWordWrap(True)
        self.secrets_note.setStyleSheet(ERROR_STYLE)
        self.secrets_note.setTextFormat(Qt.TextFormat.PlainText)
        self.secrets_note.setVisible(False)
        self.model = AccountsModel(self)
        self.view = row_table(self, "accountTable", self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AccountsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AccountsModel.FROM, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setObjectName("accountAdd")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("accountEdit")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("accountDelete")
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.secrets_note)
        layout.addLayout(row)

        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.model.modelReset.connect(self._update_buttons)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.ctx.secrets is None and not self.secrets_note.isVisible():
            self._find_secret_store()
        if self._stale:
            self._load()

    def _find_secret_store(self) -> None:
        """Open the secret store again, to say why it cannot be used (or to use it now)."""
        home = self.ctx.paths.home
        Op(self, lambda: open_secret_store(home)).success(self._on_secret_store_found).failure(
            self._on_secret_store_failed
        ).run_in_background("io")

    def _on_secret_store_found(self, store: Any) -> None:
        self.ctx.secrets = store
        self.secrets_note.setVisible(False)
        self._update_buttons()

    def _on_secret_store_failed(self, exc: BaseException) -> None:
        self.secrets_note.setText(
            self.tr("Passwords and API keys cannot be stored: {reason}").format(
                reason=error_text(exc)
            )
        )
        self.secrets_note.setVisible(True)
        self._update_buttons()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.accounts:
            self.reload()

    def reload(self) -> None:
        """Load the accounts now if visible, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        Op(self, lambda: list_accounts(db)).success(
            lambda items: self._on_accounts_loaded(generation, items)
        ).failure(lambda exc: self._on_accounts_load_failed(generation, exc)).run_in_background(
            "io"
        )

    def _on_accounts_loaded(self, generation: int, items: list[AccountData]) -> None:
        if generation != self._generation:
            return
        current = self.selected()
        self.model.set_items(items)
        wanted = (
            self._select_id if self._select_id is not None else (current.id if current else None)
        )
        self._select_id = None
        if wanted:
            row = self.model.row_of(wanted)
            if row >= 0:
                self.view.selectRow(row)
        self.loaded = True

    def _on_accounts_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_error(self, exc)

    # --- actions -------------------------------------------------------------------------------

    def selected(self) -> AccountData | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        usable = self.ctx.secrets is not None
        chosen = self.selected() is not None
        self.add_button.setEnabled(usable)
        self.edit_button.setEnabled(usable and chosen)
        self.delete_button.setEnabled(usable and chosen)

    def open_dialog(self, account: AccountData | None) -> AccountDialog:
        """The account dialog (window-modal), for a new account or ``account``."""
        dialog = AccountDialog(self.ctx, self, account)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_account_saved.connect(self._on_dialog_account_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_account_saved(self, account: AccountData) -> None:
        self._select_id = account.id

    def _on_add_button_clicked(self) -> None:
        if self.ctx.secrets is not None:
            self.open_dialog(None)

    def _on_edit_button_clicked(self) -> None:
        account = self.selected()
        if account is not None and self.ctx.secrets is not None:
            self.open_dialog(account)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if self.ctx.secrets is not None:
            self.open_dialog(self.model.item(index.row()))

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question (tests replace this)."""
        return ask_yes_no(self, title, text)

    def _on_delete_button_clicked(self) -> None:
        account = self.selected()
        if account is None or self.ctx.secrets is None:
            return
        if not self.confirm(
            self.tr("Delete the account"),
            self.tr("Delete the account “{name}” and its stored password or key?").format(
                name=account.name
            ),
        ):
            return
        db, secrets, account_id = self.ctx.db, self.ctx.secrets, account.id
        Op(self, lambda: delete_account(db, secrets, account_id)).success(
            lambda _: self.ctx.bus.notify(Changes(accounts=True))
        ).failure(lambda exc: show_error(self, exc)).run_in_background("db")
