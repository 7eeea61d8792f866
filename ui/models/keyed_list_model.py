"""A short list model whose rows have a key (a name, an address): reading the list again with the
same keys repaints the rows in place, so the selection and the scroll position stay."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.models.item_list_model import ItemListModel


class KeyedListModel(ItemListModel):
    """Subclasses say what identifies a row (``key``)."""

    def key(self, item: Any) -> Any:
        raise NotImplementedError

    def replace_items(self, items: Sequence[Any]) -> None:
        """The same rows (values moved on): repaint them; other rows: reset the model."""
        new = list(items)
        if [self.key(i) for i in new] != [self.key(i) for i in self._items]:
            self.set_items(new)
            return
        self._items = new
        if new:
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, self.COLUMN_COUNT - 1))

    def row_of(self, key: Any) -> int:
        """The row whose item has ``key``, or -1."""
        return self.row_where(lambda item: self.key(item) == key)
