"""Settings: the general tab (interface language, applied at next start; where data and logs are
kept) and the sending accounts (add, edit, test, delete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.sending.accounts import AccountData, delete_account, list_accounts
from app.sending.secrets import open_secret_store
from ui.context import AppContext, Changes
from ui.dialogs.account_dialog import AccountDialog
from ui.errors import error_text, show_error
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op

LANGUAGES = ("", "fr", "en")
ERROR_STYLE = "color: #c62828;"
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
        self.view = QTableView(self)
        self.view.setObjectName("accountTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
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
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

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
