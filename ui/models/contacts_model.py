"""The contacts table model: the ids of the current query in memory, rows fetched in batches.

Only the ordered ids of the current ``ContactQuery`` are held (100,000 ints is under 1 MB). They
are queried in the background, with the first batch of rows so that the first paint fetches
nothing; the model keeps showing the previous rows until they arrive, then resets. A newer query
supersedes one still running: its late result is ignored.

Row data is fetched synchronously when the view asks for a row not in the cache: one batch of
``batch_size`` rows around it (a quarter above, the rest below, as scrolling is mostly downwards),
leaving out rows already cached, into an LRU cache of ``max_cached_rows`` contacts. That is a
deliberate exception to "no database call on the GUI thread", as in Anki's browser: a batch of 100
by primary key costs ~3 ms on SQLite (200 cost ~5.5 ms) and the view only asks for the rows it
paints (about 30), whereas fetching in the background would mean placeholder rows, a second paint
when they arrive, and the view measuring and sorting on blanks. On a slow PostgreSQL link a batch
costs three round trips.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.contacts.service import ContactData, ContactQuery, fetch_contacts, query_contact_ids
from app.db import Database
from app.db.models import CONTACT_STATUSES
from app.logs import log_unexpected
from ui.models.item_list_model import column_title
from ui.tasks import Op, TaskRunner

Index = QModelIndex | QPersistentModelIndex
FetchFn = Callable[[Database, Sequence[int]], list[ContactData]]
QueryIdsFn = Callable[[Database, ContactQuery], list[int]]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 2

# Column key, and the ContactQuery.order_by it sorts by (None: not sortable in SQL).
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("email", "email"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("company", "company"),
    ("phone", "phone"),
    ("status", "status"),
    ("tags", None),
    ("lists", None),
    ("created_at", "created_at"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
# Computed once: or-ing enum flags in Python costs more than the rest of flags().
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_ROLES = frozenset(
    {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), ID_ROLE, CONTACT_ROLE}
)


def status_text(status: str) -> str:
    """A contact status as the user reads it."""
    labels = {
        "subscribed": QCoreApplication.translate("ContactStatus", "Subscribed"),
        "unsubscribed": QCoreApplication.translate("ContactStatus", "Unsubscribed"),
        "bounced": QCoreApplication.translate("ContactStatus", "Bounced"),
        "complained": QCoreApplication.translate("ContactStatus", "Complained"),
        "pending": QCoreApplication.translate("ContactStatus", "Pending"),
    }
    return labels.get(status, status)


def column_of(order_by: str) -> int:
    """The column sorted by ``order_by``, or -1 when no column shows it."""
    for column, (_, sort_key) in enumerate(COLUMNS):
        if sort_key == order_by:
            return column
    return -1


class ContactsTableModel(QAbstractTableModel):
    """The contacts of one ``ContactQuery``, sorted and filtered in SQL."""

    sig_count_changed = Signal(int)
    """The ids of the current query arrived (after every load); carries how many contacts match."""
    sig_load_failed = Signal(object)
    """Querying the ids failed; carries the exception. The previous rows stay."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        fetch: FetchFn = fetch_contacts,
        query_ids: QueryIdsFn = query_contact_ids,
        batch_size: int = 100,
        max_cached_rows: int = 4000,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._fetch = fetch
        self._query_ids = query_ids
        self._batch_size = batch_size
        self._max_cached_rows = max(max_cached_rows, 2 * batch_size)
        self._query = ContactQuery()
        self._ids: list[int] = []
        # Contact id -> its row data, least recently used first.
        self._cache: OrderedDict[int, _Row] = OrderedDict()
        # Each load gets a number; a result whose number is not the latest is stale.
        self._generation = 0
        self._loaded_generation = 0
        self._titles = (
            self.tr("Email"),
            self.tr("First name"),
            self.tr("Last name"),
            self.tr("Company"),
            self.tr("Phone"),
            self.tr("Status"),
            self.tr("Tags"),
            self.tr("Lists"),
            self.tr("Created"),
        )
        self._locale = QLocale()
        self._status_texts = {status: status_text(status) for status in CONTACT_STATUSES}

    # --- the query ----------------------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        """The query last asked for (its rows may still be loading)."""
        return self._query

    @property
    def loading(self) -> bool:
        return self._loaded_generation != self._generation

    @property
    def ids(self) -> Sequence[int]:
        """The ids of the rows shown, in order (read-only view; do not mutate)."""
        return self._ids

    def set_query(self, query: ContactQuery) -> None:
        """Run ``query`` in the background; the model resets when its ids arrive."""
        self._query = query
        self._load()

    def refresh(self) -> None:
        """Re-run the current query (data changed); cached rows are dropped when it returns."""
        self._load()

    def _load(self) -> None:
        self._generation += 1
        generation = self._generation
        db, query, query_ids, fetch = self._db, self._query, self._query_ids, self._fetch
        first = self._batch_size

        def load() -> tuple[list[int], list[ContactData]]:
            # The first rows come with the ids: the first paint then needs no fetch of its own.
            ids = query_ids(db, query)
            return ids, fetch(db, ids[:first])

        Op(self, load, runner=self._runner).success(
            lambda loaded: self._on_query_loaded(generation, *loaded)
        ).failure(lambda exc: self._on_query_failed(generation, exc)).run_in_background("io")

    def _on_query_loaded(
        self, generation: int, ids: list[int], first_rows: list[ContactData]
    ) -> None:
        if generation != self._generation:
            return  # a newer query is running; its result will come
        self._loaded_generation = generation
        if ids == self._ids:
            # Same rows (an edit that did not move anything): keep selection and scroll, repaint.
            self._fill_cache(ids[: self._batch_size], first_rows)
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._ids = ids
            self._fill_cache(ids[: self._batch_size], first_rows)
            self.endResetModel()
        self.sig_count_changed.emit(len(ids))

    def _fill_cache(self, ids: Sequence[int], contacts: list[ContactData]) -> None:
        """Drop every cached row, then cache ``contacts`` (fetched for ``ids``)."""
        self._cache.clear()
        found = {c.id: c for c in contacts}
        for contact_id in ids:
            self._cache[contact_id] = _Row(found.get(contact_id))

    def _on_query_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loaded_generation = generation
        self.sig_load_failed.emit(exc)

    # --- rows ---------------------------------------------------------------------------------

    def contact_at(self, row: int) -> ContactData | None:
        """The contact on ``row`` (fetching its batch if needed); ``None`` if it was deleted."""
        entry = self._row(row)
        return entry.contact if entry is not None else None

    def _row(self, row: int) -> _Row | None:
        if not 0 <= row < len(self._ids):
            return None
        contact_id = self._ids[row]
        entry = self._cache.get(contact_id)
        if entry is None:
            self._fetch_around(row)
            entry = self._cache[contact_id]
        else:
            self._cache.move_to_end(contact_id)
        return entry if entry.contact is not None else None

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def ids_for_rows(self, rows: Iterable[int]) -> list[int]:
        return [self._ids[r] for r in rows if 0 <= r < len(self._ids)]

    def row_of(self, contact_id: int) -> int:
        """The row showing ``contact_id``, or -1."""
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def _fetch_around(self, row: int) -> None:
        stop = min(len(self._ids), max(0, row - self._batch_size // 4) + self._batch_size)
        start = max(0, stop - self._batch_size)
        wanted = [i for i in self._ids[start:stop] if i not in self._cache]
        try:
            found = {c.id: c for c in self._fetch(self._db, wanted)}
        except Exception as exc:  # noqa: BLE001 - painting must go on; the rows show empty
            # Cached as missing, so a failing database is not queried again on every paint.
            log_unexpected(exc, "fetching a batch of contacts")
            found = {}
        for contact_id in wanted:
            # A contact deleted since the ids were queried is cached as missing: an empty row.
            self._cache[contact_id] = _Row(found.get(contact_id))
        while len(self._cache) > self._max_cached_rows:
            self._cache.popitem(last=False)

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Unhandled roles return before any lookup: a view asks for half a dozen roles per cell.
        if role not in _ROLES:
            return None
        entry = self._row(index.row())  # an invalid index has row -1: None
        if entry is None or entry.contact is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if entry.texts is None:
                entry.texts = self._texts(entry.contact)
            return entry.texts[index.column()]
        if role == ID_ROLE:
            return entry.contact.id
        if role == CONTACT_ROLE:
            return entry.contact
        column = index.column()
        if COLUMN_KEYS[column] in ("tags", "lists"):  # ToolTipRole: they may not fit the column
            if entry.texts is None:
                entry.texts = self._texts(entry.contact)
            return entry.texts[column]
        return None

    def _texts(self, contact: ContactData) -> tuple[str, ...]:
        """The row's display strings, computed once per fetched contact."""
        created = ""
        if contact.created_at is not None:
            created = self._locale.toString(
                QDateTime(contact.created_at.astimezone()), QLocale.FormatType.ShortFormat
            )
        return (
            contact.email,
            contact.first_name,
            contact.last_name,
            contact.company,
            contact.phone,
            self._status_texts.get(contact.status) or status_text(contact.status),
            ", ".join(contact.tags),
            ", ".join(contact.lists),
            created,
        )

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self._titles, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL in the new order; columns SQL cannot sort (tags, lists) are ignored."""
        if not 0 <= column < len(COLUMNS):
            return
        order_by = COLUMNS[column][1]
        if order_by is None:
            return
        query = replace(
            self._query, order_by=order_by, descending=order == Qt.SortOrder.DescendingOrder
        )
        if query != self._query:
            self.set_query(query)


class _Row:
    """A cached row: the contact (``None`` once deleted) and its display strings when computed."""

    __slots__ = ("contact", "texts")

    def __init__(self, contact: ContactData | None) -> None:
        self.contact = contact
        self.texts: tuple[str, ...] | None = None
