"""Add or remove tags (or lists) on many contacts at once."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.contacts.service import list_lists, list_tags, set_list_membership, tag_contacts
from app.errors import FacteurError
from app.logs import log_unexpected
from ui.context import AppContext, Changes
from ui.dialogs.contact_dialog import names_edit, split_names
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import ERROR_STYLE, error_text, show_error
from ui.tasks import Op

KINDS = ("tag", "list")


class BulkAssignDialog(SavingDialog):
    """Tags (``kind="tag"``) or lists (``kind="list"``) for the contacts ``ids``."""

    sig_links_changed = Signal(int)
    """The change was saved; carries how many contact-tag or contact-list links were changed."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        kind: str,
        ids: Sequence[int],
    ) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.ctx = ctx
        self.kind = kind
        self.ids = list(ids)
        self._saving = False
        self.setObjectName("bulkAssignDialog")
        self.setMinimumWidth(420)
        count = QLocale().toString(len(self.ids))
        if kind == "tag":
            self.setWindowTitle(self.tr("Tags"))
            intro = (
                self.tr("Tags for the selected contact:")
                if len(self.ids) == 1
                else self.tr("Tags for {0} selected contacts:").format(count)
            )
            add_text, remove_text = self.tr("Add these tags"), self.tr("Remove these tags")
            placeholder = self.tr("Other tags, comma-separated (created if new)")
        else:
            self.setWindowTitle(self.tr("Lists"))
            intro = (
                self.tr("Lists for the selected contact:")
                if len(self.ids) == 1
                else self.tr("Lists for {0} selected contacts:").format(count)
            )
            add_text, remove_text = (
                self.tr("Add to these lists"),
                self.tr("Remove from these lists"),
            )
            placeholder = self.tr("Other lists, comma-separated (created if new)")

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro, self))
        self.add_mode = QRadioButton(add_text, self)
        self.add_mode.setObjectName("addMode")
        self.remove_mode = QRadioButton(remove_text, self)
        self.remove_mode.setObjectName("removeMode")
        self.add_mode.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.add_mode)
        group.addButton(self.remove_mode)
        layout.addWidget(self.add_mode)
        layout.addWidget(self.remove_mode)

        self.names = QListWidget(self)
        self.names.setObjectName("namesList")
        self.names.itemChanged.connect(self._on_names_item_changed)
        layout.addWidget(self.names, 1)
        self.new_names, self._completion = names_edit(placeholder, self)
        self.new_names.setObjectName("newNamesEdit")
        self.new_names.textChanged.connect(self._on_new_names_text_changed)
        layout.addWidget(self.new_names)

        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(self.tr("Apply"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok_button()
        self._load_names()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def chosen_names(self) -> list[str]:
        """Checked existing names, then the typed ones."""
        checked = [
            item.text()
            for item in (self.names.item(i) for i in range(self.names.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        return list(dict.fromkeys([*checked, *split_names(self.new_names.text())]))

    def check_name(self, name: str) -> bool:
        """Tick an existing name; ``False`` when there is no such name (yet)."""
        for item in (self.names.item(i) for i in range(self.names.count())):
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    # --- loading -------------------------------------------------------------------------------

    def _load_names(self) -> None:
        db, kind = self.ctx.db, self.kind

        def names() -> list[str]:
            return [n.name for n in (list_tags(db) if kind == "tag" else list_lists(db))]

        Op(self, names).success(self._on_names_loaded).failure(
            lambda exc: log_unexpected(exc, "loading names for the bulk dialog")
        ).run_in_background("io")

    def _on_names_loaded(self, names: list[str]) -> None:
        self.names.blockSignals(True)
        for name in names:
            item = QListWidgetItem(name, self.names)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.names.blockSignals(False)
        self._completion.setStringList(names)

    def _on_names_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_ok_button()

    def _on_new_names_text_changed(self, _text: str) -> None:
        self._update_ok_button()

    def _update_ok_button(self) -> None:
        self.ok_button.setEnabled(bool(self.ids) and bool(self.chosen_names()) and not self._saving)

    # --- saving --------------------------------------------------------------------------------

    def accept(self) -> None:
        """Apply in the background; the dialog closes once it succeeded."""
        names = self.chosen_names()
        if self._saving or not names or not self.ids:
            return
        db, ids, remove = self.ctx.db, self.ids, self.remove_mode.isChecked()
        link = tag_contacts if self.kind == "tag" else set_list_membership
        self._set_saving(True)
        Op(self, lambda: link(db, ids, names, remove=remove)).success(
            self._on_save_succeeded
        ).failure(self._on_save_failed).run_in_background("db")

    def _on_save_succeeded(self, changed: int) -> None:
        self._set_saving(False)
        self.ctx.bus.notify(
            Changes(contacts=True, tags=self.kind == "tag", lists=self.kind == "list")
        )
        self.sig_links_changed.emit(changed)
        super().accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, FacteurError):
            self.error.setText(error_text(exc))
            self.error.setVisible(True)
        else:
            show_error(self, exc)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        if saving:
            self.error.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not saving)
        self._update_ok_button()
