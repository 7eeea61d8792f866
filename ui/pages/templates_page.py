"""Templates: the list (name and last change) with New / Duplicate / Delete, and the editor.

The list selection always shows the template in the editor; switching away from unsaved changes
asks first. Like the other pages, the list loads in the background and only while visible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QDateTime,
    QItemSelection,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.templates.service import (
    TemplateData,
    TemplateInput,
    create_template,
    delete_template,
    list_templates,
)
from ui.context import AppContext, Changes
from ui.errors import show_error
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op
from ui.widgets.tables import ask_yes_no, row_table
from ui.widgets.template_editor import TemplateEditor

_Index = QModelIndex | QPersistentModelIndex
NAME_LIMIT = 200


class TemplatesModel(ItemListModel):
    """Templates with the date of their last change; ``UserRole`` is the ``TemplateData``."""

    NAME, UPDATED = range(2)
    COLUMN_COUNT = 2

    def item(self, row: int) -> TemplateData:
        return self._items[row]

    def row_of(self, template_id: int) -> int:
        return self.row_where(lambda t: t.id == template_id)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.NAME:
                return item.name
            return QLocale().toString(
                QDateTime(item.updated_at.astimezone()), QLocale.FormatType.ShortFormat
            )
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NAME:
            return item.subject or None
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == self.NAME:
                return self.tr("Name")
            if section == self.UPDATED:
                return self.tr("Changed")
        return None


class TemplatesPage(QWidget):
    """Every template, and the editor for the selected one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._stale = {"templates", "contacts"}
        self._generation = 0
        self._syncing = False
        self._busy = False

        self.model = TemplatesModel(self)
        self.view = row_table(self, "templateTable", self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(TemplatesModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TemplatesModel.UPDATED, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setObjectName("templateNew")
        self.duplicate_button = QPushButton(self.tr("Duplicate"), self)
        self.duplicate_button.setObjectName("templateDuplicate")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("templateDelete")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(buttons)

        self.editor = TemplateEditor(ctx, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.editor.sig_template_saved.connect(self._on_editor_template_saved)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._load_stale()

    def _on_bus_changed(self, changes: Changes) -> None:
        stale: set[str] = set()
        if changes.templates:
            stale.add("templates")
        if changes.contacts:
            stale.add("contacts")  # new custom fields, other contacts for the preview
        self.reload(stale)

    def reload(self, what: set[str] | None = None) -> None:
        """Reload now if the page is visible, else when it is next shown."""
        self._stale |= {"templates", "contacts"} if what is None else what
        if self.isVisible():
            self._load_stale()

    def _load_stale(self) -> None:
        stale, self._stale = self._stale, set()
        if "contacts" in stale:
            self.editor.load_variables()
            self.editor.load_contacts()
        if "templates" in stale:
            self._load_templates()

    def _load_templates(self) -> None:
        # A newer load supersedes an older one still running.
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        Op(self, lambda: list_templates(db)).success(
            lambda items: self._on_templates_loaded(generation, items)
        ).failure(lambda exc: self._on_templates_load_failed(generation, exc)).run_in_background(
            "io"
        )

    def _on_templates_loaded(self, generation: int, items: list[TemplateData]) -> None:
        if generation != self._generation:
            return
        first_load = not self.loaded
        self._syncing = True
        try:
            self.model.set_items(items)
        finally:
            self._syncing = False
        self.loaded = True
        if first_load and self.editor.template is None and not self.editor.is_dirty() and items:
            self.editor.load(items[0])
        elif self.editor.template is not None and self.model.row_of(self.editor.template.id) < 0:
            # Deleted elsewhere (another window, the CLI): what is shown is now a new template.
            self.editor.template = None
        self._sync_selection()

    def _on_templates_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_error(self, exc)

    # --- selection -----------------------------------------------------------------------------

    def selected(self) -> TemplateData | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _sync_selection(self) -> None:
        """Select the row of the template in the editor (none for a new one)."""
        self._syncing = True
        try:
            row = self.model.row_of(self.editor.template.id) if self.editor.template else -1
            if row >= 0:
                self.view.selectRow(row)
            else:
                self.view.clearSelection()
        finally:
            self._syncing = False
        self._update_buttons()

    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        if self._syncing:
            return
        item = self.selected()
        current = self.editor.template
        if item is None or (current is not None and item.id == current.id):
            self._update_buttons()
            return
        self._sync_selection()  # stays on the current template until the user has answered
        self.leave_editor(lambda: self.open_template(item))

    def open_template(self, template: TemplateData | None) -> None:
        """Show ``template`` in the editor (``None``: a new, empty one)."""
        self.editor.load(template)
        self._sync_selection()
        if template is None:
            self.editor.name.setFocus()

    def leave_editor(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the editor's changes are saved or discarded; not if cancelled."""
        if not self.editor.is_dirty():
            then()
            return
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Discard:
            then()
        elif answer == QMessageBox.StandardButton.Save:
            self.editor.save(on_saved=lambda _saved: then())

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (tests replace this)."""
        name = self.editor.name.text().strip() or self.tr("New template")
        return QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to “{name}”?").format(name=name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question (tests replace this)."""
        return ask_yes_no(self, title, text)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None and not self._busy
        self.duplicate_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # --- actions -------------------------------------------------------------------------------

    def _on_editor_template_saved(self, _saved: TemplateData) -> None:
        self._sync_selection()  # a new template: its row appears after the reload

    def _on_new_button_clicked(self) -> None:
        self.leave_editor(lambda: self.open_template(None))

    def copy_name(self, name: str) -> str:
        """``"Offer (copy)"``, ``"Offer (copy 2)"``...: a name no template has."""
        taken = {t.name for t in self.model.items()}
        n = 1
        while True:
            suffix = self.tr(" (copy)") if n == 1 else self.tr(" (copy {n})").format(n=n)
            candidate = name[: NAME_LIMIT - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
            n += 1

    def _on_duplicate_button_clicked(self) -> None:
        source = self.selected()
        if source is not None:
            self.leave_editor(lambda: self.duplicate(source))

    def duplicate(self, source: TemplateData) -> None:
        """Store a copy of ``source`` (as saved) under a new name, and open it."""
        db = self.ctx.db
        data = TemplateInput(
            name=self.copy_name(source.name),
            subject=source.subject,
            html=source.html,
            text=source.text,
            from_override=source.from_override,
            reply_to=source.reply_to,
            attachments=list(source.attachments),
        )
        self._run(lambda: create_template(db, data), self._on_duplicated)

    def _on_duplicated(self, copy: TemplateData) -> None:
        self.ctx.bus.notify(Changes(templates=True))
        self.open_template(copy)

    def _on_delete_button_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        if not self.confirm(
            self.tr("Delete the template"),
            self.tr("Delete the template “{name}”? This cannot be undone.").format(name=item.name),
        ):
            return
        db, template_id = self.ctx.db, item.id
        self._run(lambda: delete_template(db, template_id), lambda _: self._on_deleted(template_id))

    def _on_deleted(self, template_id: int) -> None:
        if self.editor.template is not None and self.editor.template.id == template_id:
            self.editor.load(None)
        self.ctx.bus.notify(Changes(templates=True))

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """A change in the background; buttons wait for it."""

        def succeeded(result: Any) -> None:
            self._busy = False
            self._update_buttons()
            done(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_buttons()
            show_error(self, exc)

        self._busy = True
        self._update_buttons()
        Op(self, fn).success(succeeded).failure(failed).run_in_background("db")
