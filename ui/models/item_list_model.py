"""A table over a short list of plain items (one per row), loaded whole in the background.

Subclasses say how many columns there are (``COLUMN_COUNT``), their titles (``_titles``, or
``titles()``) and what each cell shows (``data``); this class keeps the rows. For big tables (contacts, messages) see the models
that fetch rows by batches instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The ``headerData`` of a table whose columns are titled by ``titles`` (no row titles)."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(titles)
    ):
        return titles[section]
    return None


class ItemListModel(QAbstractTableModel):
    COLUMN_COUNT = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        """Replace every row (the view's selection is reset)."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[Any]:
        return list(self._items)

    def item(self, row: int) -> Any:
        return self._items[row]

    def item_at(self, index: Index) -> Any | None:
        """The item of ``index``'s row, or ``None`` for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def row_where(self, matches: Callable[[Any], bool]) -> int:
        """The first row whose item ``matches``, or -1."""
        return next((i for i, item in enumerate(self._items) if matches(item)), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def titles(self) -> Sequence[str]:
        """The column titles (translated when the model is made)."""
        return getattr(self, "_titles", ())

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self.titles(), section, orientation, role)
