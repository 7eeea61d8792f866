"""Settings > Relay: connect the relay (address, shared secret, API key) with a Test button, see
how its sync goes (and sync now), and manage the signup forms it serves.

Everything touching the network or the database runs in the background through ``Op``: the
check and the sync on the network pool, saving and removing the connection on the database pool.
The status is read again every few seconds while the tab is visible.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDateTime,
    QItemSelection,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FacteurError
from app.logs import log_unexpected
from app.tracking import forms, relay_config, sync
from ui.context import AppContext
from ui.dialogs.form_dialog import FormDialog
from ui.errors import ERROR_STYLE, error_text, show_error, translate_stored
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op
from ui.widgets.tables import ask_yes_no, row_table

SUCCESS_STYLE = "color: #2e7d32;"
PENDING_STYLE = "color: palette(mid);"
STATUS_INTERVAL_MS = 5000
_Index = QModelIndex | QPersistentModelIndex


def docs_url() -> QUrl | None:
    """The relay's documentation (how to host it on Render or a VPS), when installed."""
    local = Path(__file__).resolve().parents[2] / "docs" / "relay.md"
    return QUrl.fromLocalFile(str(local)) if local.is_file() else None


def stored_text(text: str) -> str:
    """A message the core formatted in English (a check's outcome, a sync's last error), in the
    interface language when it is one of the relay's catalogued templates."""
    templates = tuple(getattr(relay_config, "STORED_MESSAGES", ())) + tuple(
        getattr(sync, "STORED_MESSAGES", ())
    )
    return translate_stored(text, templates) if templates else translate_stored(text)


def check_text(result: Any) -> str:
    """What a ``RelayCheck`` says, in the interface language."""
    error = getattr(result, "error", None)
    if isinstance(error, FacteurError):
        return error_text(error)
    return stored_text(str(result.message))


def _local_time(when: datetime | None) -> str:
    if when is None:
        return ""
    return QLocale().toString(QDateTime(when.astimezone()), QLocale.FormatType.ShortFormat)


class SecretEdit(QWidget):
    """A masked line edit with a "Show" toggle."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setMaxLength(4096)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName(f"{name}Show")
        self.toggle.setCheckable(True)
        self.toggle.setText(self.tr("Show"))
        self.toggle.setToolTip(self.tr("Show or hide what is typed"))
        self.toggle.toggled.connect(self._on_toggle_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - as QLineEdit
        self.edit.setText(text)

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("Hide") if shown else self.tr("Show"))


class FormsModel(ItemListModel):
    """Signup forms; ``UserRole`` is the ``FormData``."""

    NAME, LIST, OPT_IN, ENABLED = range(4)
    COLUMN_COUNT = 4

    def row_of(self, name: str) -> int:
        return self.row_where(lambda f: f.name == name)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return item.name
            if column == self.LIST:
                return item.list_name
            if column == self.OPT_IN:
                return self.tr("Double opt-in") if item.double_opt_in else self.tr("Single opt-in")
            return self.tr("Yes") if getattr(item, "enabled", True) else self.tr("No")
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {
                self.NAME: self.tr("Name"),
                self.LIST: self.tr("List"),
                self.OPT_IN: self.tr("Confirmation"),
                self.ENABLED: self.tr("Enabled"),
            }.get(section)
        return None


class RelaySettings(QWidget):
    """The Relay tab: the connection, its sync status, and the signup forms."""

    sig_relay_changed = Signal(bool)
    """The relay was saved (``True``) or disconnected (``False``)."""
    sig_check_finished = Signal(object)
    """A check of the relay ended; carries its ``RelayCheck``."""
    sig_sync_finished = Signal(object)
    """"Sync now" ended; carries its ``SyncResult`` (or the exception)."""
    sig_html_copied = Signal(str)
    """A form's HTML was put on the clipboard; carries it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("relaySettings")
        self.loaded = False
        self.status: Any = None  # the last RelayStatus read
        self.dialog: FormDialog | None = None
        self._loading = False
        self._busy = ""  # "", "check", "save", "disconnect": one connection action at a time
        self._syncing = False
        self._status_generation = 0
        self._forms_generation = 0
        self._select_form: str | None = None

        about = QLabel(self)
        about.setObjectName("relayAbout")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setOpenExternalLinks(True)
        text = self.tr(
            "Your computer cannot be reached from the internet, so opens, clicks, unsubscribes "
            "and signup forms go through a small relay you host (Render, a VPS). Facteur "
            "collects what it saw."
        )
        url = docs_url()
        if url is not None:
            link = self.tr("How to set up a relay")
            text = f'{html.escape(text)} <a href="{url.toString()}">{html.escape(link)}</a>'
        else:
            about.setTextFormat(Qt.TextFormat.PlainText)
        about.setText(text)

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self._build_connection())
        layout.addWidget(self._build_status())
        layout.addWidget(self._build_forms(), 1)

        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self._on_status_timer_timeout)
        self._update_buttons()

    # --- building ------------------------------------------------------------------------------

    def _build_connection(self) -> QGroupBox:
        box = QGroupBox(self.tr("Connection"), self)
        form = QFormLayout(box)
        self.url_edit = QLineEdit(box)
        self.url_edit.setObjectName("relayUrl")
        self.url_edit.setMaxLength(500)
        self.url_edit.setPlaceholderText("https://relay.example.fr")
        form.addRow(self.tr("Relay address:"), self.url_edit)
        self.secret_edit = SecretEdit("relaySecret", box)
        self.secret_edit.edit.setToolTip(
            self.tr("FACTEUR_RELAY_SECRET on the relay: signs the links in your mail.")
        )
        form.addRow(self.tr("Shared secret:"), self.secret_edit)
        self.api_key_edit = SecretEdit("relayApiKey", box)
        self.api_key_edit.edit.setToolTip(
            self.tr("FACTEUR_RELAY_API_KEY on the relay: lets Facteur collect the events.")
        )
        form.addRow(self.tr("API key:"), self.api_key_edit)

        self.test_button = QPushButton(self.tr("Test"), box)
        self.test_button.setObjectName("relayTest")
        self.test_button.setToolTip(
            self.tr("Reaches the relay and checks the secret and the API key. Nothing is saved.")
        )
        self.save_button = QPushButton(self.tr("Save"), box)
        self.save_button.setObjectName("relaySave")
        self.save_button.setToolTip(self.tr("Checks the relay, then saves the connection."))
        self.save_anyway_button = QPushButton(self.tr("Save without checking"), box)
        self.save_anyway_button.setObjectName("relaySaveAnyway")
        self.save_anyway_button.setVisible(False)
        self.disconnect_button = QPushButton(self.tr("Disconnect"), box)
        self.disconnect_button.setObjectName("relayDisconnect")
        buttons = QHBoxLayout()
        for button in (
            self.test_button,
            self.save_button,
            self.save_anyway_button,
            self.disconnect_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.check_result = QLabel(box)
        self.check_result.setObjectName("relayCheckResult")
        self.check_result.setWordWrap(True)
        self.check_result.setTextFormat(Qt.TextFormat.PlainText)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.check_result)

        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_anyway_button.clicked.connect(self._on_save_anyway_button_clicked)
        self.disconnect_button.clicked.connect(self._on_disconnect_button_clicked)
        for edit in (self.url_edit, self.secret_edit.edit, self.api_key_edit.edit):
            edit.textEdited.connect(self._on_field_text_edited)
        return box

    def _build_status(self) -> QGroupBox:
        box = QGroupBox(self.tr("Status"), self)
        form = QFormLayout(box)

        def label(name: str) -> QLabel:
            widget = QLabel(box)
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            return widget

        self.status_url = label("relayStatusUrl")
        self.status_last_sync = label("relayStatusLastSync")
        self.status_error = label("relayStatusError")
        self.status_error.setStyleSheet(ERROR_STYLE)
        self.status_applied = label("relayStatusApplied")
        form.addRow(self.tr("Connected to:"), self.status_url)
        form.addRow(self.tr("Last sync:"), self.status_last_sync)
        form.addRow(self.tr("Last error:"), self.status_error)
        form.addRow(self.tr("Events applied:"), self.status_applied)

        self.sync_button = QPushButton(self.tr("Sync now"), box)
        self.sync_button.setObjectName("relaySyncNow")
        self.sync_button.setToolTip(self.tr("Collects the relay's new events now."))
        self.sync_busy = QProgressBar(box)
        self.sync_busy.setObjectName("relaySyncBusy")
        self.sync_busy.setRange(0, 0)  # busy: how many events wait is not known
        self.sync_busy.setMaximumWidth(160)
        self.sync_busy.setTextVisible(False)
        self.sync_busy.setVisible(False)
        self.sync_result = label("relaySyncResult")
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addWidget(self.sync_busy)
        row.addWidget(self.sync_result, 1)
        form.addRow(row)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        return box

    def _build_forms(self) -> QGroupBox:
        box = QGroupBox(self.tr("Signup forms"), self)
        self.forms_model = FormsModel(box)
        self.forms_view = row_table(box, "formTable", self.forms_model)
        header = self.forms_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FormsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FormsModel.LIST, QHeaderView.ResizeMode.Stretch)
        self.form_new_button = QPushButton(self.tr("New…"), box)
        self.form_new_button.setObjectName("formNew")
        self.form_edit_button = QPushButton(self.tr("Edit…"), box)
        self.form_edit_button.setObjectName("formEdit")
        self.form_delete_button = QPushButton(self.tr("Delete"), box)
        self.form_delete_button.setObjectName("formDelete")
        self.form_copy_button = QPushButton(self.tr("Copy HTML"), box)
        self.form_copy_button.setObjectName("formCopyHtml")
        buttons = QVBoxLayout()
        for button in (
            self.form_new_button,
            self.form_edit_button,
            self.form_delete_button,
            self.form_copy_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.forms_view, 1)
        row.addLayout(buttons)
        self.forms_note = QLabel(box)
        self.forms_note.setObjectName("formsNote")
        self.forms_note.setWordWrap(True)
        self.forms_note.setTextFormat(Qt.TextFormat.PlainText)
        column = QVBoxLayout(box)
        column.addLayout(row, 1)
        column.addWidget(self.forms_note)

        self.form_new_button.clicked.connect(self._on_form_new_button_clicked)
        self.form_edit_button.clicked.connect(self._on_form_edit_button_clicked)
        self.form_delete_button.clicked.connect(self._on_form_delete_button_clicked)
        self.form_copy_button.clicked.connect(self._on_form_copy_button_clicked)
        self.forms_view.doubleClicked.connect(self._on_forms_view_double_clicked)
        self.forms_view.selectionModel().selectionChanged.connect(
            self._on_forms_view_selection_changed
        )
        self.forms_model.modelReset.connect(self._update_buttons)
        return box

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.loaded and not self._loading:
            self.load()
        else:
            self.refresh_status()
        self._status_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._status_timer.stop()

    def load(self) -> None:
        """Read the saved connection, its status and the forms in the background."""
        self._loading = True
        db, home = self.ctx.db, self.ctx.paths.home

        def read() -> tuple[Any, Any]:
            try:
                config = relay_config.load_relay(db, home)
            except FacteurError as exc:  # the secrets are gone: say so, show the rest
                config = exc
            return config, relay_config.relay_status(db, home)

        Op(self, read).success(self._on_relay_loaded).failure(
            self._on_relay_load_failed
        ).run_in_background("io")
        self.reload_forms()

    def _on_relay_loaded(self, result: tuple[Any, Any]) -> None:
        self._loading = False
        self.loaded = True
        config, status = result
        if isinstance(config, FacteurError):
            self.url_edit.setText(status.url)
            self._show_check(False, error_text(config))
        elif config is not None:
            self.url_edit.setText(config.url)
            self.secret_edit.setText(config.secret)
            self.api_key_edit.setText(config.api_key)
        self._show_status(status)

    def _on_relay_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.loaded = True
        self._show_check(False, error_text(exc))
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "reading the relay's settings")
        self._update_buttons()

    def _on_status_timer_timeout(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        """Read the sync status again (in the background)."""
        self._status_generation += 1
        generation = self._status_generation
        db, home = self.ctx.db, self.ctx.paths.home
        Op(self, lambda: relay_config.relay_status(db, home)).success(
            lambda status: self._on_status_read(generation, status)
        ).failure(lambda exc: self._on_status_read_failed(generation, exc)).run_in_background("io")

    def _on_status_read(self, generation: int, status: Any) -> None:
        if generation == self._status_generation:
            self._show_status(status)

    def _on_status_read_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._status_generation:
            return
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "reading the relay's status")
        self.status_error.setText(error_text(exc))

    def _show_status(self, status: Any) -> None:
        self.status = status
        connected = status is not None and status.connected
        self.status_url.setText(status.url if connected else self.tr("Not connected"))
        if status is not None and status.last_sync_at is not None:
            self.status_last_sync.setText(_local_time(status.last_sync_at))
        else:
            self.status_last_sync.setText(self.tr("Never"))
        error = stored_text(status.last_error) if status is not None else ""
        self.status_error.setText(error or self.tr("None"))
        self.status_error.setStyleSheet(ERROR_STYLE if error else "")
        applied = status.applied if status is not None else 0
        self.status_applied.setText(QLocale().toString(applied))
        self._update_buttons()

    def connected(self) -> bool:
        return self.status is not None and bool(self.status.connected)

    # --- the connection ------------------------------------------------------------------------

    def _values(self) -> tuple[str, str, str]:
        return self.url_edit.text().strip(), self.secret_edit.text(), self.api_key_edit.text()

    def _on_field_text_edited(self, _text: str) -> None:
        self.save_anyway_button.setVisible(False)  # what failed the check has changed

    def _on_test_button_clicked(self) -> None:
        self.test()

    def test(self) -> None:
        """Check the relay with the fields' values; the result shows below the buttons."""
        if self._busy:
            return
        self._start_check("check")

    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self, *, check: bool = True) -> None:
        """Check the relay, then save the connection (``check=False``: save without checking)."""
        if self._busy:
            return
        if check:
            self._start_check("save")
        else:
            self._start_save()

    def _on_save_anyway_button_clicked(self) -> None:
        self.save(check=False)

    def _start_check(self, purpose: str) -> None:
        self._busy = purpose
        self.save_anyway_button.setVisible(False)
        self._update_buttons()
        self._show_pending(self.tr("Checking the relay…"))
        url, secret, api_key = self._values()
        Op(self, lambda: relay_config.check_relay(url, secret, api_key)).success(
            lambda result: self._on_check_succeeded(purpose, result)
        ).failure(lambda exc: self._on_check_failed(purpose, exc)).run_in_background("io")

    def _on_check_succeeded(self, purpose: str, result: Any) -> None:
        self.sig_check_finished.emit(result)
        if not result.ok:
            self._check_refused(purpose, check_text(result))
            return
        if purpose == "save":
            self._start_save(result)
            return
        self._busy = ""
        self._update_buttons()
        self._show_check(True, self._works_text(result))

    def _on_check_failed(self, purpose: str, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "checking the relay")
        self.sig_check_finished.emit(exc)
        self._check_refused(purpose, error_text(exc))

    def _check_refused(self, purpose: str, message: str) -> None:
        self._busy = ""
        self._update_buttons()
        self._show_check(False, message)
        if purpose == "save":
            self.save_anyway_button.setVisible(True)

    def _works_text(self, result: Any) -> str:
        if getattr(result, "error", None) is not None:
            return check_text(result)  # the core's sentence: address, version, secret shared
        version = getattr(result, "version", "")
        if version:
            return self.tr("The relay works (version {version}).").format(version=version)
        return self.tr("The relay works.")

    def _start_save(self, checked: Any = None) -> None:
        self._busy = "save"
        self.save_anyway_button.setVisible(False)
        self._update_buttons()
        self._show_pending(self.tr("Saving…"))
        db, home = self.ctx.db, self.ctx.paths.home
        url, secret, api_key = self._values()

        def work() -> Any:
            relay_config.save_relay(db, home, url, secret, api_key)
            return relay_config.relay_status(db, home)

        Op(self, work).success(lambda status: self._on_saved(status, checked)).failure(
            self._on_save_failed
        ).run_in_background("db")

    def _on_saved(self, status: Any, checked: Any) -> None:
        self._busy = ""
        self._show_status(status)
        if checked is not None:
            text = self.tr("Saved. {works}").format(works=self._works_text(checked))
        else:
            text = self.tr("Saved without checking the relay.")
        self._show_check(True, text)
        self.sig_relay_changed.emit(True)
        self.push_forms()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "saving the relay")
        self._busy = ""
        self._update_buttons()
        self._show_check(False, error_text(exc))

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question (tests replace this)."""
        return ask_yes_no(self, title, text)

    def _on_disconnect_button_clicked(self) -> None:
        self.disconnect_relay()

    def disconnect_relay(self) -> None:
        """Forget the relay (after a confirmation); the relay itself keeps running."""
        if self._busy or not self.connected():
            return
        if not self.confirm(
            self.tr("Disconnect the relay"),
            self.tr(
                "Stop collecting opens, clicks, unsubscribes and signups from {url}? Campaigns "
                "sent from now on are not tracked."
            ).format(url=self.status.url),
        ):
            return
        self._busy = "disconnect"
        self._update_buttons()
        self._show_pending(self.tr("Disconnecting…"))
        db, home = self.ctx.db, self.ctx.paths.home

        def work() -> Any:
            relay_config.remove_relay(db, home)
            return relay_config.relay_status(db, home)

        Op(self, work).success(self._on_disconnected).failure(
            self._on_save_failed
        ).run_in_background("db")

    def _on_disconnected(self, status: Any) -> None:
        self._busy = ""
        for edit in (self.url_edit, self.secret_edit, self.api_key_edit):
            edit.setText("")
        self._show_status(status)
        self._show_check(True, self.tr("Disconnected."))
        self.sig_relay_changed.emit(False)

    def _show_pending(self, text: str) -> None:
        self.check_result.setStyleSheet(PENDING_STYLE)
        self.check_result.setText(text)

    def _show_check(self, ok: bool, message: str) -> None:
        self.check_result.setStyleSheet(SUCCESS_STYLE if ok else ERROR_STYLE)
        self.check_result.setText(("✓ " if ok else "✗ ") + message)

    # --- sync ----------------------------------------------------------------------------------

    def _on_sync_button_clicked(self) -> None:
        self.sync_now()

    def sync_now(self) -> None:
        """Collect the relay's new events now (on the network pool)."""
        if self._syncing or not self.connected():
            return
        self._syncing = True
        self.sync_busy.setVisible(True)
        self.sync_result.setStyleSheet(PENDING_STYLE)
        self.sync_result.setText(self.tr("Collecting events…"))
        self._update_buttons()
        db, home = self.ctx.db, self.ctx.paths.home
        Op(self, lambda: sync.sync_once(db, home)).success(self._on_synced).failure(
            self._on_sync_failed
        ).run_in_background("io")

    def _on_synced(self, result: Any) -> None:
        self._sync_ended()
        text = self.tr("%Ln event(s) applied", "", int(result.applied))
        errors = [stored_text(str(e)) for e in getattr(result, "errors", []) or []]
        if errors:
            text += "\n" + "\n".join(errors)
        self.sync_result.setStyleSheet(ERROR_STYLE if errors else SUCCESS_STYLE)
        self.sync_result.setText(text)
        self.refresh_status()
        self.sig_sync_finished.emit(result)

    def _on_sync_failed(self, exc: BaseException) -> None:
        self._sync_ended()
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "syncing with the relay")
        self.sync_result.setStyleSheet(ERROR_STYLE)
        self.sync_result.setText(error_text(exc))
        self.refresh_status()
        self.sig_sync_finished.emit(exc)

    def _sync_ended(self) -> None:
        self._syncing = False
        self.sync_busy.setVisible(False)
        self._update_buttons()

    # --- signup forms --------------------------------------------------------------------------

    def reload_forms(self) -> None:
        self._forms_generation += 1
        generation = self._forms_generation
        db = self.ctx.db
        Op(self, lambda: forms.list_forms(db)).success(
            lambda items: self._on_forms_loaded(generation, items)
        ).failure(lambda exc: self._on_forms_load_failed(generation, exc)).run_in_background("io")

    def _on_forms_loaded(self, generation: int, items: list[Any]) -> None:
        if generation != self._forms_generation:
            return
        current = self.selected_form()
        self.forms_model.set_items(items)
        wanted = self._select_form or (current.name if current else None)
        self._select_form = None
        if wanted:
            row = self.forms_model.row_of(wanted)
            if row >= 0:
                self.forms_view.selectRow(row)

    def _on_forms_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._forms_generation:
            show_error(self, exc)

    def selected_form(self) -> Any:
        rows = self.forms_view.selectionModel().selectedRows()
        return self.forms_model.item(rows[0].row()) if rows else None

    def _on_forms_view_selection_changed(
        self, _selected: QItemSelection, _old: QItemSelection
    ) -> None:
        self._update_buttons()

    def open_form_dialog(self, form: Any = None) -> FormDialog:
        """The form dialog (window-modal), for a new form or ``form``."""
        relay_url = self.status.url if self.connected() else ""
        dialog = FormDialog(self.ctx, self, form, relay_url=relay_url)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_form_saved.connect(self._on_dialog_form_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_form_saved(self, form: Any) -> None:
        self._select_form = form.name
        self.reload_forms()
        self.push_forms()

    def _on_form_new_button_clicked(self) -> None:
        self.open_form_dialog(None)

    def _on_form_edit_button_clicked(self) -> None:
        form = self.selected_form()
        if form is not None:
            self.open_form_dialog(form)

    def _on_forms_view_double_clicked(self, index: QModelIndex) -> None:
        self.open_form_dialog(self.forms_model.item(index.row()))

    def _on_form_delete_button_clicked(self) -> None:
        form = self.selected_form()
        if form is None:
            return
        if not self.confirm(
            self.tr("Delete the form"),
            self.tr(
                "Delete the signup form “{name}”? A page still posting to it gets an error."
            ).format(name=form.name),
        ):
            return
        db, name = self.ctx.db, form.name
        Op(self, lambda: forms.delete_form(db, name)).success(
            lambda _: self._on_form_deleted()
        ).failure(lambda exc: show_error(self, exc)).run_in_background("db")

    def _on_form_deleted(self) -> None:
        self.reload_forms()
        self.push_forms()

    def _on_form_copy_button_clicked(self) -> None:
        self.copy_html()

    def copy_html(self) -> str:
        """Put the selected form's HTML on the clipboard (``""`` when there is nothing to copy)."""
        form = self.selected_form()
        if form is None or not self.connected():
            return ""
        html = forms.form_html(form, self.status.url)
        QGuiApplication.clipboard().setText(html)
        self.forms_note.setStyleSheet(SUCCESS_STYLE)
        self.forms_note.setText(
            self.tr("The HTML of “{name}” is on the clipboard: paste it into your page.").format(
                name=form.name
            )
        )
        self.sig_html_copied.emit(html)
        return html

    def push_forms(self) -> None:
        """Send the forms to the relay (it serves only those it knows); a failure is shown and
        the next sync tries again."""
        if not self.connected():
            return
        db, home = self.ctx.db, self.ctx.paths.home
        Op(self, lambda: sync.push_forms(db, home)).failure(
            self._on_push_forms_failed
        ).run_in_background("io")

    def _on_push_forms_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "sending the forms to the relay")
        self.forms_note.setStyleSheet(ERROR_STYLE)
        self.forms_note.setText(
            self.tr("The relay did not get the forms yet: {reason}").format(reason=error_text(exc))
        )

    # --- state ---------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        idle = not self._busy
        connected = self.connected()
        self.test_button.setEnabled(idle)
        self.save_button.setEnabled(idle)
        self.save_anyway_button.setEnabled(idle)
        self.disconnect_button.setEnabled(idle and connected)
        self.sync_button.setEnabled(connected and not self._syncing)
        chosen = self.selected_form() is not None
        self.form_edit_button.setEnabled(chosen)
        self.form_delete_button.setEnabled(chosen)
        self.form_copy_button.setEnabled(chosen and connected)
        self.form_copy_button.setToolTip(
            "" if connected else self.tr("Connect a relay first: the form posts to it.")
        )
