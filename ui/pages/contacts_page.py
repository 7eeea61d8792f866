"""The contacts page: search and filters (in SQL), the lazy table, add/edit/delete, tags and lists
on the selection, import (also by dropping a file) and export of what the filter shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.contacts.exporting import export_contacts
from app.contacts.segments import SegmentData, audience_choices
from app.contacts.service import (
    ContactData,
    ContactQuery,
    NamedCount,
    remove_contacts,
)
from app.db.models import CONTACT_STATUSES
from app.errors import FacteurError
from ui.context import AppContext, Changes
from ui.dialogs.bulk_assign_dialog import BulkAssignDialog
from ui.dialogs.contact_dialog import ContactDialog
from ui.errors import error_text, show_error
from ui.models.contacts_model import ContactsTableModel, column_of, status_text
from ui.tasks import Op
from ui.widgets.tables import row_table

IMPORT_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")
EXPORT_SUFFIXES = (".csv", ".xlsx")
SEARCH_DELAY_MS = 250
# Restoring a selection after a reload costs one range per run of rows; past this, it is dropped.
MAX_RESTORED_SELECTION = 10_000
ALL = "all:"  # filter combo data is "kind:name"


def importable_path(paths: Sequence[str]) -> str | None:
    """The first path a contacts import can read, by its extension."""
    for path in paths:
        if Path(path).suffix.lower() in IMPORT_SUFFIXES:
            return path
    return None


class ContactsPage(QWidget):
    """Every contact, filtered and sorted in SQL; rows are fetched only when shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.model = ContactsTableModel(ctx.db, ctx.tasks, self)
        self._filters_generation = 0
        self._filters_requested = False
        self._refresh_after_filters = False
        self._scroll_to_top = False
        self._kept_ids: set[int] = set()
        self._kept_current: int | None = None
        self._focus_id: int | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_actions())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_table(), 1)
        self.message = QLabel(self)
        self.message.setObjectName("contactsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        self.status.currentIndexChanged.connect(self._on_status_current_index_changed)
        self.model.sig_count_changed.connect(self._on_model_count_changed)
        self.model.sig_load_failed.connect(self._on_model_load_failed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        ctx.bus.sig_changed.connect(self._on_bus_changed)

        self._update_actions()
        # The filter names wait for the first rows (see _on_model_count_changed).
        self.model.refresh()

    # --- building ------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        name: str,
        slot: Callable[[], None],
        shortcut: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # Only while the table (or the toolbar) has focus: Delete in the search box edits text.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def _build_actions(self) -> QToolBar:
        self.action_add = self._action(
            self.tr("Add"),
            "addContact",
            self._on_add_triggered,
            QKeySequence(QKeySequence.StandardKey.New),
        )
        self.action_edit = self._action(
            self.tr("Edit"), "editContact", self._on_edit_triggered, QKeySequence(Qt.Key.Key_Return)
        )
        self.action_edit.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.action_delete = self._action(
            self.tr("Delete"),
            "deleteContacts",
            self._on_delete_triggered,
            QKeySequence(QKeySequence.StandardKey.Delete),
        )
        self.action_tags = self._action(self.tr("Tags…"), "tagContacts", self._on_tags_triggered)
        self.action_lists = self._action(
            self.tr("Lists…"), "listContacts", self._on_lists_triggered
        )
        self.action_import = self._action(
            self.tr("Import…"), "importContacts", self._on_import_triggered
        )
        self.action_export = self._action(
            self.tr("Export…"), "exportContacts", self._on_export_triggered
        )
        toolbar = QToolBar(self)
        toolbar.setObjectName("contactsToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.action_add, self.action_edit, self.action_delete])
        toolbar.addSeparator()
        toolbar.addActions([self.action_tags, self.action_lists])
        toolbar.addSeparator()
        toolbar.addActions([self.action_import, self.action_export])
        self.addAction(self.action_add)  # Ctrl+N anywhere on the page
        return toolbar

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText(self.tr("Search by email, name, company or phone"))
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 2)
        self.filter = QComboBox(self)
        self.filter.setObjectName("contactFilter")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.addItem(self.tr("All contacts"), ALL)
        row.addWidget(self.filter, 1)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("Any status"), None)
        for status in CONTACT_STATUSES:
            self.status.addItem(status_text(status), status)
        row.addWidget(self.status)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("contactCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.count_label, 1)
        return row

    def _build_table(self) -> QTableView:
        table = row_table(self, "contactsTable", self.model, multi=True)
        table.setCornerButtonEnabled(False)
        rows = table.verticalHeader()
        rows.setVisible(False)
        # Fixed heights: the view never measures 100,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in enumerate((240, 120, 120, 170, 120, 100, 150, 150, 130)):
            table.setColumnWidth(column, width)
        # Set before enabling sorting, which sorts at once by the indicator (Qt's default is
        # column 0 descending): it now matches the model's query, so no extra query runs.
        query = self.model.query
        header.setSortIndicator(
            max(0, column_of(query.order_by)),
            Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
        )
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions(
            [self.action_edit, self.action_delete, self.action_tags, self.action_lists]
        )
        self.table = table
        return table

    # --- query ---------------------------------------------------------------------------------

    def current_query(self) -> ContactQuery:
        """The query the search box and the filters describe, in the table's order."""
        kind, _, name = (self.filter.currentData() or ALL).partition(":")
        order = self.model.query
        return ContactQuery(
            search=self.search.text().strip(),
            list_name=name if kind == "list" else None,
            tag=name if kind == "tag" else None,
            segment=name if kind == "segment" else None,
            status=self.status.currentData(),
            order_by=order.order_by,
            descending=order.descending,
        )

    def apply_filters(self) -> None:
        """Query again if the search or a filter changed."""
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self._scroll_to_top = True
            self.model.set_query(query)

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_return_pressed(self) -> None:
        self.apply_filters()

    def _on_search_timer_timeout(self) -> None:
        self.apply_filters()

    def _on_filter_current_index_changed(self, _index: int) -> None:
        self.apply_filters()

    def _on_status_current_index_changed(self, _index: int) -> None:
        self.apply_filters()

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        # Tags and lists cannot be sorted in SQL: put the indicator back where the order really is.
        wanted = column_of(self.model.query.order_by)
        if wanted >= 0 and column != wanted:
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.query.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().setSortIndicator(wanted, order)

    def _on_model_count_changed(self, count: int) -> None:
        self.count_label.setText(self.count_text(count))
        if not self._filters_requested:
            # Only now: competing with the first ids query (for the database and the GIL) would
            # delay the first paint on a large base.
            self._load_filters()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if not self._filters_requested:
            self._load_filters()
        if isinstance(exc, FacteurError):
            self.message.setText(error_text(exc))
        else:
            show_error(self, exc)

    def count_text(self, count: int) -> str:
        # %Ln: Qt picks the plural form of the language and formats the number for the locale.
        return self.tr("%Ln contact(s)", "", count)

    # --- filters -------------------------------------------------------------------------------

    def _load_filters(self) -> None:
        self._filters_requested = True
        self._filters_generation += 1
        generation = self._filters_generation
        db = self.ctx.db

        Op(self, lambda: audience_choices(db)).success(
            lambda found: self._on_filters_loaded(generation, *found)
        ).run_in_background("io")

    def _on_filters_loaded(
        self,
        generation: int,
        lists: list[NamedCount],
        tags: list[NamedCount],
        segments: list[SegmentData],
    ) -> None:
        if generation != self._filters_generation:
            return
        current = self.filter.currentData() or ALL
        self.filter.blockSignals(True)
        try:
            self.filter.clear()
            self.filter.addItem(self.tr("All contacts"), ALL)
            for kind, names, text in (
                ("list", [x.name for x in lists], self.tr("List: {0}")),
                ("tag", [t.name for t in tags], self.tr("Tag: {0}")),
                ("segment", [s.name for s in segments], self.tr("Segment: {0}")),
            ):
                if names:
                    self.filter.insertSeparator(self.filter.count())
                for name in names:
                    self.filter.addItem(text.format(name), f"{kind}:{name}")
            index = self.filter.findData(current)
            self.filter.setCurrentIndex(max(0, index))
        finally:
            self.filter.blockSignals(False)
        if self.current_query() != self.model.query:
            self.apply_filters()  # the list, tag or segment filtered on is gone
        elif self._refresh_after_filters:
            self.model.refresh()
        self._refresh_after_filters = False

    def select_filter(self, kind: str, name: str = "") -> bool:
        """Show one list, tag or segment (``kind`` ``"all"`` for everything); ``False`` if unknown."""
        index = self.filter.findData(ALL if kind == "all" else f"{kind}:{name}")
        if index < 0:
            return False
        self.filter.setCurrentIndex(index)
        return True

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        kind = (self.filter.currentData() or ALL).partition(":")[0]
        filtered_on = {"list": changes.lists, "tag": changes.tags, "segment": changes.segments}
        # Rows show tag and list names, so a renamed tag is a change to the rows too.
        rows_changed = changes.contacts or changes.tags or changes.lists or filtered_on.get(kind)
        if changes.lists or changes.tags or changes.segments:
            self._load_filters()
            if filtered_on.get(kind):
                # The list filtered on may be renamed or gone: query once the names are reloaded.
                self._refresh_after_filters = True
                return
        if rows_changed:
            self.model.refresh()

    # --- selection -----------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        rows: set[int] = set()
        for selection_range in self.table.selectionModel().selection():
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        """Ids of the selected contacts, in table order (from the ranges: cheap for 100,000)."""
        return self.model.ids_for_rows(self.selected_rows())

    def select_ids(self, ids: Sequence[int], *, scroll: bool = False) -> None:
        """Select the rows showing these contacts (those not shown are ignored)."""
        wanted = set(ids)
        rows = [row for row, cid in enumerate(self.model.ids) if cid in wanted] if wanted else []
        runs: list[list[int]] = []
        for row in rows:
            if runs and runs[-1][1] == row - 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for first, last in runs:
            selection.select(self.model.index(first, 0), self.model.index(last, last_column))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().select(selection, flags)
        if rows and scroll:
            self.table.scrollTo(self.model.index(rows[0], 0))

    def _on_table_selection_changed(
        self, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        self._update_actions()

    def _selection_size(self) -> int:
        """Selected rows, from the ranges' heights: instant even with 100,000 selected.

        Ranges may overlap, which only overcounts: a total of 1 is still exactly one row.
        """
        return sum(r.height() for r in self.table.selectionModel().selection())

    def _update_actions(self) -> None:
        count = self._selection_size()
        self.action_edit.setEnabled(count == 1)
        for action in (self.action_delete, self.action_tags, self.action_lists):
            action.setEnabled(count > 0)

    def _on_model_about_to_be_reset(self) -> None:
        too_many = self._selection_size() > MAX_RESTORED_SELECTION
        self._kept_ids = set() if too_many else set(self.selected_ids())
        current = self.table.currentIndex()
        self._kept_current = self.model.id_at(current.row()) if current.isValid() else None

    def _on_model_reset(self) -> None:
        scroll = False
        if self._focus_id is not None and self.model.row_of(self._focus_id) >= 0:
            self._kept_ids, self._kept_current = {self._focus_id}, self._focus_id
            self._scroll_to_top = False
            scroll = True
        self._focus_id = None
        if self._kept_ids:
            self.select_ids(sorted(self._kept_ids), scroll=scroll)
        if self._kept_current is not None:
            row = self.model.row_of(self._kept_current)
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        self._kept_ids, self._kept_current = set(), None
        if self._scroll_to_top:
            self.table.scrollToTop()
            self._scroll_to_top = False
        self._update_actions()

    # --- add, edit, delete ---------------------------------------------------------------------

    def _on_add_triggered(self) -> None:
        self.open_contact_dialog(None)

    def _on_edit_triggered(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self._edit_row(rows[0])

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._edit_row(index.row())

    def _edit_row(self, row: int) -> None:
        contact = self.model.contact_at(row)
        if contact is not None:
            self.open_contact_dialog(contact)

    def open_contact_dialog(self, contact: ContactData | None) -> ContactDialog:
        dialog = ContactDialog(self.ctx, self, contact)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_contact_saved.connect(self._on_contact_dialog_contact_saved)
        dialog.open()
        return dialog

    def _on_contact_dialog_contact_saved(self, contact: ContactData) -> None:
        if self.model.row_of(contact.id) < 0:
            # A new contact: the bus refresh is on its way; select it when its row arrives.
            self._focus_id = contact.id
        self.message.setText(self.tr("Saved {0}.").format(contact.email))

    def _on_delete_triggered(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        contact = self.model.contact_at(self.selected_rows()[0]) if len(ids) == 1 else None
        if contact is not None:
            text = self.tr("Delete {0}? This cannot be undone.").format(contact.email)
        elif len(ids) == 1:
            text = self.tr("Delete this contact? This cannot be undone.")
        else:
            text = self.tr("Delete {0} contacts? This cannot be undone.").format(
                QLocale().toString(len(ids))
            )
        answer = QMessageBox.question(
            self,
            self.tr("Delete contacts"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_contacts(ids)

    def delete_contacts(self, ids: Sequence[int]) -> None:
        """Delete in the background (no confirmation: the caller asked)."""
        db, ids = self.ctx.db, list(ids)
        self.action_delete.setEnabled(False)
        Op(self, lambda: remove_contacts(db, ids)).success(self._on_contacts_removed).failure(
            self._on_contacts_remove_failed
        ).run_in_background("db")

    def _on_contacts_removed(self, count: int) -> None:
        self.message.setText(self.tr("%Ln contact(s) deleted.", "", count))
        self.ctx.bus.notify(Changes(contacts=True))

    def _on_contacts_remove_failed(self, exc: BaseException) -> None:
        self._update_actions()
        show_error(self, exc)

    # --- tags and lists ------------------------------------------------------------------------

    def _on_tags_triggered(self) -> None:
        self.open_bulk_dialog("tag")

    def _on_lists_triggered(self) -> None:
        self.open_bulk_dialog("list")

    def open_bulk_dialog(self, kind: str) -> BulkAssignDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = BulkAssignDialog(self.ctx, self, kind=kind, ids=ids)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_links_changed.connect(self._on_bulk_dialog_links_changed)
        dialog.open()
        return dialog

    def _on_bulk_dialog_links_changed(self, changed: int) -> None:
        if changed == 0:
            self.message.setText(self.tr("No change was needed."))
        elif changed == 1:
            self.message.setText(self.tr("1 change saved."))
        else:
            self.message.setText(self.tr("{0} changes saved.").format(QLocale().toString(changed)))

    # --- import and export ---------------------------------------------------------------------

    def _on_import_triggered(self) -> None:
        self.open_import_wizard(None)

    def open_import_wizard(self, path: str | None) -> QDialog:
        """The import wizard, on ``path`` when a file was dropped; it notifies the bus itself."""
        from ui.dialogs.import_wizard import ImportWizard  # heavy, and only needed on demand

        wizard = ImportWizard(self.ctx, parent=self, path=path)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_import_wizard(path)

    @staticmethod
    def _dropped_path(event: QDropEvent) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        return importable_path([u.toLocalFile() for u in mime.urls() if u.isLocalFile()])

    def _on_export_triggered(self) -> None:
        path = self.ask_export_path()
        if path:
            self.export_to(path)

    def ask_export_path(self) -> str:
        """Where to export, from a save dialog; ``""`` when cancelled."""
        csv_filter = self.tr("CSV file (*.csv)")
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export contacts"),
            str(Path.home() / "contacts.csv"),
            f"{csv_filter};;{xlsx_filter}",
        )
        if path and Path(path).suffix.lower() not in EXPORT_SUFFIXES:
            path += ".xlsx" if chosen == xlsx_filter else ".csv"
        return path

    def export_to(self, path: str) -> None:
        """Export what the table shows (its filters and order) to ``path`` in the background."""
        db, query = self.ctx.db, self.current_query()
        self.action_export.setEnabled(False)
        Op(self, lambda: export_contacts(db, path, query)).success(
            lambda count: self._on_export_finished(path, count)
        ).failure(self._on_export_failed).run_in_background("io")

    def _on_export_finished(self, path: str, count: int) -> None:
        self.action_export.setEnabled(True)
        self.message.setText(self.tr("%Ln contact(s) exported to {0}.", "", count).format(path))

    def _on_export_failed(self, exc: BaseException) -> None:
        self.action_export.setEnabled(True)
        show_error(self, exc)
