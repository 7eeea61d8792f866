"""The outbox as a table: messages of one ``ActivityQuery``, fetched a page at a time.

An outbox holds a row per recipient of every send, so 100,000 rows is ordinary: the model only
knows how many rows match (``count_messages``) and fetches the pages the view paints
(``list_messages(offset, limit)``), in the background. A row not fetched yet shows empty until its
page arrives. A refresh (the sender moved on) keeps showing the previous pages while the new ones
load, so rows being sent do not flicker; only a change in the number of rows resets the model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
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

from app.db import Database
from app.logs import log_unexpected
from app.sending.activity import ActivityQuery, MessageRow, count_messages, list_messages
from ui.errors import translate_stored, translate_template
from ui.models.item_list_model import column_title
from ui.tasks import Op, TaskRunner

Index = QModelIndex | QPersistentModelIndex
CountFn = Callable[[Database, ActivityQuery], int]
ListFn = Callable[..., list[MessageRow]]

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
EMAIL, CAMPAIGN, STATUS, ATTEMPTS, ERROR, TIME = range(6)
COLUMN_COUNT = 6
RETRYABLE = frozenset({"failed", "in_doubt"})
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


def message_status_text(status: str) -> str:
    """A message status as the user reads it (the one place they are translated)."""
    labels = {
        "queued": QCoreApplication.translate("MessageStatus", "Queued"),
        "sending": QCoreApplication.translate("MessageStatus", "Sending"),
        "sent": QCoreApplication.translate("MessageStatus", "Sent"),
        "failed": QCoreApplication.translate("MessageStatus", "Failed"),
        "in_doubt": QCoreApplication.translate("MessageStatus", "In doubt"),
        "suppressed": QCoreApplication.translate("MessageStatus", "Not sent (suppressed)"),
    }
    return labels.get(status, status)


class MessagesModel(QAbstractTableModel):
    """Messages matching a query, newest first; pages of ``page_size`` rows fetched on demand."""

    sig_count_changed = Signal(int)
    """The count of the current query arrived (after every load); carries it."""
    sig_load_failed = Signal(object)
    """Counting failed; carries the exception. The previous rows stay."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = 100,
        max_cached_pages: int = 40,
        count: CountFn = count_messages,
        fetch: ListFn = list_messages,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._page_size = page_size
        self._max_cached_pages = max(2, max_cached_pages)
        self._count_fn = count
        self._fetch_fn = fetch
        self._query = ActivityQuery()
        self._count = 0
        # Page number -> its rows, least recently used first.
        self._pages: OrderedDict[int, list[MessageRow]] = OrderedDict()
        # Pages of before the last refresh, shown until their fresh version arrives.
        self._stale: dict[int, list[MessageRow]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self._loaded_generation = 0
        self._query_changed = True
        self._locale = QLocale()
        self._titles = (
            self.tr("Email"),
            self.tr("Campaign"),
            self.tr("Status"),
            self.tr("Attempts"),
            self.tr("Error"),
            self.tr("Time"),
        )

    # --- the query ----------------------------------------------------------------------------

    @property
    def query(self) -> ActivityQuery:
        return self._query

    @property
    def loading(self) -> bool:
        """A count (or a page) is still on its way."""
        return self._loaded_generation != self._generation or bool(self._pending)

    def set_query(self, query: ActivityQuery) -> None:
        """Count and fetch ``query`` in the background; the model resets when the count arrives."""
        if query != self._query:
            self._query = query
            self._query_changed = True
        self._load()

    def refresh(self) -> None:
        """Count again and fetch the shown pages again (messages moved on)."""
        self._load()

    def _load(self) -> None:
        self._generation += 1
        generation = self._generation
        db, query, size = self._db, self._query, self._page_size
        count_fn, fetch_fn = self._count_fn, self._fetch_fn

        def load() -> tuple[int, list[MessageRow]]:
            # The first page comes with the count, so the first paint waits for nothing more.
            return count_fn(db, query), fetch_fn(db, query, offset=0, limit=size)

        Op(self, load, runner=self._runner).success(
            lambda loaded: self._on_count_loaded(generation, *loaded)
        ).failure(lambda exc: self._on_count_failed(generation, exc)).run_in_background("io")

    def _on_count_loaded(self, generation: int, count: int, first: list[MessageRow]) -> None:
        if generation != self._generation:
            return  # a newer load is running
        self._loaded_generation = generation
        self._pending.clear()
        if self._query_changed or count != self._count:
            self.beginResetModel()
            self._count = count
            self._pages = OrderedDict({0: first})
            self._stale = {}
            self._query_changed = False
            self.endResetModel()
        else:
            self._stale = {n: rows for n, rows in self._pages.items() if n != 0}
            self._pages = OrderedDict({0: first})
            self._page_changed(0)
        self.sig_count_changed.emit(count)

    def _on_count_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loaded_generation = generation
        self.sig_load_failed.emit(exc)

    # --- pages --------------------------------------------------------------------------------

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        db, query, size, fetch_fn = self._db, self._query, self._page_size, self._fetch_fn
        (
            Op(
                self,
                lambda: fetch_fn(db, query, offset=page * size, limit=size),
                runner=self._runner,
            )
            .success(lambda rows: self._on_page_loaded(generation, page, rows))
            .failure(lambda exc: self._on_page_failed(generation, page, exc))
            .run_in_background("io")
        )

    def _on_page_loaded(self, generation: int, page: int, rows: list[MessageRow]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._store(page, rows)

    def _on_page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        log_unexpected(exc, "fetching a page of messages")
        # Stored empty, so a failing database is not asked again at every paint (until refresh).
        self._store(page, [])

    def _store(self, page: int, rows: list[MessageRow]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        self._stale.pop(page, None)
        while len(self._pages) > self._max_cached_pages:
            self._pages.popitem(last=False)
        self._page_changed(page)

    def _page_changed(self, page: int) -> None:
        first = page * self._page_size
        last = min(self._count, first + self._page_size) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def message_at(self, row: int) -> MessageRow | None:
        """The message on ``row``, or ``None`` while its page is loading (its fetch is started)."""
        if not 0 <= row < self._count:
            return None
        page, offset = divmod(row, self._page_size)
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
        else:
            self._request(page)
            rows = self._stale.get(page)
        if rows is None or offset >= len(rows):
            return None  # not fetched yet, or fewer rows than counted (deleted meanwhile)
        return rows[offset]

    def messages_in(
        self, ranges: Iterable[tuple[int, int]]
    ) -> tuple[list[MessageRow], list[tuple[int, int]]]:
        """For ranges of rows (first, last): the messages already fetched, and the runs of rows
        (offset, count) not fetched yet, for the caller to fetch in the background. Works page by
        page, so selecting 100,000 rows costs a thousand steps, not 100,000."""
        found: list[MessageRow] = []
        missing: list[tuple[int, int]] = []
        size = self._page_size
        for first, last in sorted(ranges):
            first, last = max(first, 0), min(last, self._count - 1)
            for page in range(first // size, last // size + 1):
                start, stop = max(first, page * size), min(last, page * size + size - 1) + 1
                rows = self._pages.get(page)
                if rows is not None:
                    found.extend(rows[start - page * size : stop - page * size])
                elif missing and sum(missing[-1]) == start:
                    missing[-1] = (missing[-1][0], missing[-1][1] + stop - start)
                else:
                    missing.append((start, stop - start))
        return found, missing

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, MESSAGE_ROLE):
            return None
        if not index.isValid():
            return None
        message = self.message_at(index.row())
        if message is None:
            return None
        if role == MESSAGE_ROLE:
            return message
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._error(message) if column == ERROR and message.last_error else None
        if column == EMAIL:
            return message.email
        if column == CAMPAIGN:
            return message.campaign
        if column == STATUS:
            return message_status_text(message.status)
        if column == ATTEMPTS:
            return message.attempts
        if column == ERROR:
            return self._error(message)
        if column == TIME:
            when = message.sent_at or message.updated_at
            if when is None:
                return ""
            return self._locale.toString(
                QDateTime(when.astimezone()), QLocale.FormatType.ShortFormat
            )
        return None

    @staticmethod
    def _error(message: MessageRow) -> str:
        # Facteur's own reasons (app.sending.outbox.STORED_MESSAGES, stored formatted in
        # English) are shown translated with their values; another catalogued message stored
        # whole (an error building the message) too; a server's reply is shown as it is.
        text = message.last_error
        translated = translate_stored(text)
        return translated if translated != text else translate_template(text, {}, text)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self._titles, section, orientation, role)
