"""A table over a short list of plain items (one per row), loaded whole in the background.

Subclasses say how many columns there are (``COLUMN_COUNT``) and what each cell shows (``data``,
``headerData``); this class keeps the rows. For big tables (contacts, messages) see the models
that fetch rows by batches instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex


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
