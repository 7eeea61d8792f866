"""Lists, tags and segments: who is in each, and creating, renaming, deleting and editing them.

Everything the page shows is loaded in the background, and only while the page is visible: a change
announced on the bus while it is hidden is loaded when the page is next shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.contacts.segments import SegmentData, create_segment, list_segments, update_segment
from app.contacts.service import (
    NamedCount,
    create_list,
    create_tag,
    delete_named,
    list_lists,
    list_tags,
    rename,
)
from app.errors import FacteurError
from ui.context import AppContext, Changes
from ui.errors import error_text, show_error
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op
from ui.widgets.rule_builder import RuleBuilder
from ui.widgets.tables import ask_yes_no, row_table

KINDS = ("list", "tag", "segment")
_Index = QModelIndex | QPersistentModelIndex


class NamedCountModel(ItemListModel):
    """Names with their number of contacts (lists, tags or segments); ``UserRole`` is the item."""

    NAME, COUNT = range(2)
    COLUMN_COUNT = 2

    def item(self, row: int) -> NamedCount | SegmentData:
        return self._items[row]

    def row_of(self, name: str) -> int:
        return self.row_where(lambda item: item.name == name)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return item.name
            return self.tr("…") if item.count < 0 else item.count
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == self.NAME:
                return self.tr("Name")
            if section == self.COUNT:
                return self.tr("Contacts")
        return None


class AudienceSection(QWidget):
    """One tab: a table of names and counts, and its buttons."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"{kind}Section")
        self.model = NamedCountModel(self)
        self.view = row_table(None, f"{kind}Table", self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NamedCountModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NamedCountModel.COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.setObjectName(f"{kind}New")
        self.edit_button: QPushButton | None = None
        if kind == "segment":
            self.edit_button = QPushButton(self.tr("Edit…"))
            self.edit_button.setObjectName(f"{kind}Edit")
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.setObjectName(f"{kind}Rename")
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName(f"{kind}Delete")
        buttons = QVBoxLayout()
        for button in (self.new_button, self.edit_button, self.rename_button, self.delete_button):
            if button is not None:
                buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def selected(self) -> NamedCount | SegmentData | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()

    def set_items(self, items: list[NamedCount] | list[SegmentData]) -> None:
        current = self.selected()
        self.model.set_items(items)
        if current is not None:
            self.select(current.name)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.edit_button, self.rename_button, self.delete_button):
            if button is not None:
                button.setEnabled(chosen)


class AudiencesPage(QWidget):
    """Lists, tags and segments, each with its number of contacts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.segment_dialog: SegmentDialog | None = None
        self._generation = dict.fromkeys(KINDS, 0)
        self._stale: set[str] = set(KINDS)
        self.loaded: set[str] = set()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("audienceTabs")
        self.sections = {kind: AudienceSection(kind) for kind in KINDS}
        self.tabs.addTab(self.sections["list"], self.tr("Lists"))
        self.tabs.addTab(self.sections["tag"], self.tr("Tags"))
        self.tabs.addTab(self.sections["segment"], self.tr("Segments"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        for kind, section in self.sections.items():
            section.new_button.clicked.connect(lambda _=False, k=kind: self._on_new_clicked(k))
            section.rename_button.clicked.connect(
                lambda _=False, k=kind: self._on_rename_clicked(k)
            )
            section.delete_button.clicked.connect(
                lambda _=False, k=kind: self._on_delete_clicked(k)
            )
        segments = self.sections["segment"]
        assert segments.edit_button is not None
        segments.edit_button.clicked.connect(self._on_edit_button_clicked)
        segments.view.doubleClicked.connect(self._on_segment_view_double_clicked)
        ctx.bus.sig_changed.connect(self._on_bus_changed)

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._load_stale()

    def _on_bus_changed(self, changes: Changes) -> None:
        kinds: set[str] = set()
        if changes.lists or changes.contacts:
            kinds.add("list")
        if changes.tags or changes.contacts:
            kinds.add("tag")
        if changes.segments or changes.contacts or changes.lists or changes.tags:
            kinds.add("segment")  # a segment's count depends on contacts, their lists and tags
        self.reload(kinds)

    def reload(self, kinds: set[str] | None = None) -> None:
        """Reload these kinds now if the page is visible, else when it is next shown."""
        self._stale |= set(KINDS) if kinds is None else kinds
        if self.isVisible():
            self._load_stale()

    def _load_stale(self) -> None:
        kinds, self._stale = self._stale, set()
        for kind in sorted(kinds):
            self._load(kind)

    def _load(self, kind: str) -> None:
        # A newer load of the same kind supersedes an older one still running.
        self._generation[kind] += 1
        generation = self._generation[kind]
        db = self.ctx.db
        loaders: dict[str, Any] = {
            "list": lambda: list_lists(db),
            "tag": lambda: list_tags(db),
            "segment": lambda: list_segments(db, with_counts=True),
        }
        Op(self, loaders[kind]).success(
            lambda items: self._on_load_succeeded(kind, generation, items)
        ).failure(lambda exc: self._on_load_failed(kind, generation, exc)).run_in_background("io")

    def _on_load_succeeded(self, kind: str, generation: int, items: list[Any]) -> None:
        if generation == self._generation[kind]:
            self.sections[kind].set_items(items)
            self.loaded.add(kind)

    def _on_load_failed(self, kind: str, generation: int, exc: BaseException) -> None:
        if generation == self._generation[kind]:
            show_error(self, exc)

    # --- dialogs, kept small so tests can replace them --------------------------------------

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """A name typed by the user, or ``None`` when cancelled."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    # --- actions -------------------------------------------------------------------------------

    def _titles(self, kind: str) -> dict[str, str]:
        return {
            "list": {
                "new": self.tr("New list"),
                "rename": self.tr("Rename the list"),
                "delete": self.tr("Delete the list"),
            },
            "tag": {
                "new": self.tr("New tag"),
                "rename": self.tr("Rename the tag"),
                "delete": self.tr("Delete the tag"),
            },
            "segment": {
                "new": self.tr("New segment"),
                "rename": self.tr("Rename the segment"),
                "delete": self.tr("Delete the segment"),
            },
        }[kind]

    def _changes(self, kind: str) -> Changes:
        return Changes(lists=kind == "list", tags=kind == "tag", segments=kind == "segment")

    def _run(self, kind: str, fn: Any, select: str | None = None, after: Any = None) -> None:
        """A change in the background; on success the bus is told, and ``select`` is selected."""

        def done(result: object) -> None:
            changes = self._changes(kind)
            if isinstance(result, list) and result:
                # rename/delete_named name the saved segments concerned.
                changes = Changes(**{**changes.__dict__, "segments": True})
            self.ctx.bus.notify(changes)
            if select is not None:
                self._select_after_load(kind, select)
            if after is not None:
                after(result)

        Op(self, fn).success(done).failure(lambda exc: show_error(self, exc)).run_in_background(
            "db"
        )

    def _select_after_load(self, kind: str, name: str) -> None:
        section = self.sections[kind]

        def select() -> None:
            section.select(name)
            section.model.modelReset.disconnect(select)

        section.model.modelReset.connect(select)

    def _on_new_clicked(self, kind: str) -> None:
        if kind == "segment":
            self.open_segment_dialog(None)
            return
        label = (
            self.tr("Name of the new list:") if kind == "list" else self.tr("Name of the new tag:")
        )
        name = self.ask_text(self._titles(kind)["new"], label)
        if name is None or not name.strip():
            return
        db = self.ctx.db
        create = create_list if kind == "list" else create_tag
        self._run(kind, lambda: create(db, name), select=name.strip())

    def _on_rename_clicked(self, kind: str) -> None:
        item = self.sections[kind].selected()
        if item is None:
            return
        new = self.ask_text(self._titles(kind)["rename"], self.tr("New name:"), item.name)
        if new is None or new.strip() == item.name:
            return
        db, old = self.ctx.db, item.name
        self._run(kind, lambda: rename(db, kind, old, new), select=new.strip())

    def _on_delete_clicked(self, kind: str) -> None:
        item = self.sections[kind].selected()
        if item is None:
            return
        if not self.confirm(self._titles(kind)["delete"], self.delete_question(kind, item)):
            return
        db, name = self.ctx.db, item.name

        def warn(orphans: object) -> None:
            # A segment naming the deleted list/tag now matches nobody: say which ones.
            if isinstance(orphans, list) and orphans:
                self.inform(self.orphans_message(kind, name, orphans))

        self._run(kind, lambda: delete_named(db, kind, name), after=warn)

    def orphans_message(self, kind: str, name: str, segments: list[str]) -> str:
        names = ", ".join(f"“{s}”" for s in segments)
        if kind == "list":
            return self.tr(
                "These segments still use the deleted list “{0}” and no longer match its "
                "former members: {1}. Edit them on the Segments tab."
            ).format(name, names)
        return self.tr(
            "These segments still use the deleted tag “{0}” and no longer match its "
            "former contacts: {1}. Edit them on the Segments tab."
        ).format(name, names)

    def inform(self, text: str) -> None:
        """An information box (tests replace it)."""
        QMessageBox.information(self, self.tr("Segments to review"), text)

    def delete_question(self, kind: str, item: NamedCount | SegmentData) -> str:
        """The confirmation text, naming the contacts that stay."""
        name, n = item.name, item.count
        if kind == "segment":
            return self.tr("Delete the segment “{0}”? Its contacts are not affected.").format(name)
        count = self.locale().toString(n)
        if kind == "list":
            if n == 0:
                return self.tr("Delete the list “{0}”? It has no contacts.").format(name)
            if n == 1:
                return self.tr("Delete the list “{0}”? Its contact is kept.").format(name)
            return self.tr("Delete the list “{0}”? Its {1} contacts are kept.").format(name, count)
        if n == 0:
            return self.tr("Delete the tag “{0}”? No contact has it.").format(name)
        if n == 1:
            return self.tr("Delete the tag “{0}”? The contact that has it is kept.").format(name)
        return self.tr("Delete the tag “{0}”? The {1} contacts that have it are kept.").format(
            name, count
        )

    def _on_edit_button_clicked(self) -> None:
        item = self.sections["segment"].selected()
        if isinstance(item, SegmentData):
            self.open_segment_dialog(item)

    def _on_segment_view_double_clicked(self, index: QModelIndex) -> None:
        item = self.sections["segment"].model.item(index.row())
        if isinstance(item, SegmentData):
            self.open_segment_dialog(item)

    def open_segment_dialog(self, segment: SegmentData | None) -> SegmentDialog | None:
        """The segment editor (window-modal); ``None`` when the saved rule cannot be edited here."""
        try:
            dialog = SegmentDialog(self.ctx, self, segment)
        except FacteurError as exc:
            show_error(self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_segment_saved.connect(self._on_segment_dialog_segment_saved)
        self.segment_dialog = dialog
        dialog.open()
        return dialog

    def _on_segment_dialog_segment_saved(self, segment: SegmentData) -> None:
        self._select_after_load("segment", segment.name)


class SegmentDialog(QDialog):
    """A segment's name and rule, with the live count of matching contacts."""

    sig_segment_saved = Signal(object)
    """The segment was stored; carries its ``SegmentData``."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, segment: SegmentData | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.segment = segment
        self._saving = False
        self.setObjectName("segmentDialog")
        self.setWindowTitle(self.tr("Edit segment") if segment else self.tr("New segment"))
        self.resize(760, 460)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("segmentName")
        self.name_edit.setMaxLength(200)
        self.builder = RuleBuilder(ctx)
        if segment is not None:
            self.name_edit.setText(segment.name)
            self.name_edit.setReadOnly(True)
            self.name_edit.setToolTip(self.tr("Use Rename… in the list to change the name."))
            self.builder.set_rule(segment.rule)  # raises FacteurError when it cannot be shown
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.builder)
        self.error_label = QLabel()
        self.error_label.setObjectName("segmentError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.builder.sig_rule_changed.connect(self._on_builder_rule_changed)
        self._update_save()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _update_save(self) -> None:
        ready = bool(self.name_edit.text().strip()) and self.builder.error() is None
        self.save_button.setEnabled(ready and not self._saving)

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self.error_label.setVisible(False)
        self._update_save()

    def _on_builder_rule_changed(self, _rule: object) -> None:
        self._update_save()

    def reject(self) -> None:
        if not self._saving:  # the save is short; closing under it would lose its result
            super().reject()

    def _on_buttons_accepted(self) -> None:
        if self._saving or not self.save_button.isEnabled():
            return
        db, rule = self.ctx.db, self.builder.rule()
        name = self.name_edit.text().strip()
        creating = self.segment is None

        def work() -> SegmentData:
            if creating:
                return create_segment(db, name, rule)
            return update_segment(db, name, rule)

        self._saving = True
        self._update_save()
        self.error_label.setVisible(False)
        Op(self, work).success(self._on_save_succeeded).failure(
            self._on_save_failed
        ).run_in_background("db")

    def _on_save_succeeded(self, segment: SegmentData) -> None:
        self._saving = False
        self.ctx.bus.notify(Changes(segments=True))
        self.sig_segment_saved.emit(segment)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, FacteurError):
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
        else:
            show_error(self, exc)
        self._update_save()
