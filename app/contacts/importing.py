"""Importing contacts from CSV, xlsx, xls and ods files.

One import is one transaction: every valid row is stored, or none is (cancel, fatal error).
Rows are read as a stream (``app.contacts.reading``), validated in batches, and written with one
bulk statement per batch (100,000 CSV rows: about 0.7 s on SQLite; bench/import_bench.py):

- a batch is validated column by column, in C loops, when every row in it is plain and valid (the
  common case); otherwise row by row, with the same results;
- the email is normalised with the fast ``normalise_email``; a bad row is reported with its
  spreadsheet row number, never stored, and never stops the import;
- a contact appearing twice (in the file, or already stored) is merged, never duplicated:
  ``on_duplicate="update"`` lets non-empty cells win (a blank cell never erases anything),
  ``"skip"`` leaves stored contacts untouched;
- on SQLite (the desktop default) new contacts go in through the DBAPI cursor's ``executemany``,
  the values common to every row written once into the statement: SQLAlchemy's per-row type
  processing would cost more than the whole insert. Lists and tags are linked at the end, one
  statement per list or tag joining a JSON array of the emails to the contacts. (A background
  thread storing a batch while the next is read cut the CSV import to ~0.57 s, but as a third
  thread wanting the GIL it doubled the GUI's stalls during an import: bench/gui_import_bench.py.)
  On PostgreSQL, Core's ``insert()`` executemany is used;
- a CSV file larger than ``PROCESS_ABOVE_BYTES`` is read and validated in a child process
  (``app.contacts.parsing.ParseProcess``, "spawn", no SQLAlchemy or Qt imported there) while this
  process stores the batches it sends: the two cores overlap (100,000 rows: ~0.87 s -> ~0.65 s),
  and the GUI thread competes with one thread only for this process's GIL.
"""

from __future__ import annotations

import csv
import functools
import gc
import json
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from app.automation.events import listened, write_events
from app.contacts.mapping import auto_mapping, resolve_mapping, unique_headers
from app.contacts.parsing import (
    _ATTRIBUTES,
    OTHER_FIELDS,
    ParseProcess,
    RejectedRow,
    RowParser,
    _Candidate,
    _json_text,
)
from app.contacts.reading import DEFAULT_LIMITS, Limits, Table, open_table
from app.db.models import Contact, ContactList, ContactTag, ListMembership, Tag
from app.db.types import UTCDateTime, utcnow
from app.errors import FacteurError, ImportCancelled, InvalidInput

__all__ = [
    "DEFAULT_LIMITS",
    "FilePreview",
    "ImportResult",
    "Limits",
    "RejectedRow",
    "import_contacts",
    "inspect_file",
    "write_rejected_csv",
]

# Rows validated and written together; progress and cancellation are handled between batches.
BATCH_ROWS = 2000
# CSV files larger than this are read and validated in a child process (``ParseProcess``) while
# this one stores the rows: ~0.1 s to start it, ~0.25 s saved per 100,000 rows (2-core machine).
PROCESS_ABOVE_BYTES = 2 * 1024 * 1024
ON_DUPLICATE = ("update", "skip")
# The contact fields besides the email, in the order rows carry them.
_OTHER_FIELDS = OTHER_FIELDS
_IN_CHUNK = 1000  # bound parameters per IN (...) list
_LINK_CHUNK = 50_000  # SQLite: emails per statement linking contacts to a list or tag

_RowParser = RowParser
_contact = Contact.__table__
_membership = ListMembership.__table__
_contact_tag = ContactTag.__table__


@dataclass(frozen=True)
class FilePreview:
    """What the import wizard shows before importing: format, columns, first rows, mapping."""

    path: str
    format: str  # "csv" | "xlsx" | "xls" | "ods"
    encoding: str | None  # CSV only, e.g. "utf-8", "utf-8-sig", "cp1252"
    delimiter: str | None  # CSV only: ";" "," "\t" or "|"
    headers: list[str]
    rows: list[list[str]]  # first non-blank rows after the header, one cell per header
    mapping: dict[str, str]  # header -> target, as guessed from the headers


@dataclass(frozen=True)
class ImportResult:
    """Counts of an import; every non-blank data row is in exactly one of them."""

    imported: int  # contacts created
    updated: int  # rows merged into an existing contact (stored before, or earlier in the file)
    skipped: int  # duplicate rows left out (on_duplicate="skip")
    invalid: list[RejectedRow]

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON data (for ``facteur contacts import --json``)."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "invalid": [{"row": r.row, "value": r.value, "reason": r.reason} for r in self.invalid],
        }


def inspect_file(path: str | Path, limit: int = 20, *, limits: Limits | None = None) -> FilePreview:
    """Read a file's format, columns and first ``limit`` rows, and guess the column mapping.

    Raises ``FacteurError`` when the file is not one that can be imported.
    """
    with open_table(path, limits or DEFAULT_LIMITS) as table:
        headers = unique_headers(table.headers)
        width = len(headers)
        rows: list[list[str]] = []
        for _, cells in table.rows:
            if len(rows) >= limit:
                break
            if any(c.strip() for c in cells):
                rows.append(cells[:width] + [""] * (width - len(cells)))
        return FilePreview(
            path=str(path),
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            headers=headers,
            rows=rows,
            mapping=auto_mapping(headers),
        )


def import_contacts(
    db: Any,
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    lists: Sequence[str] = (),
    tags: Sequence[str] = (),
    on_duplicate: str = "update",
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    limits: Limits | None = None,
    process_above: int | None = None,
) -> ImportResult:
    """Import the contacts of a CSV/xlsx/xls/ods file into ``db`` in one transaction.

    ``mapping`` overrides the automatic column mapping header by header ({"Column": "field"}).
    Every contact of a valid row is added to ``lists`` and ``tags`` (created when missing).
    ``progress(done_rows, total_rows_or_None)`` is called after each batch and ``cancel()`` polled
    between batches, both from the calling thread. ``limits`` bounds file size, rows and cells
    (``DEFAULT_LIMITS`` when None). Raises ``ImportCancelled`` after a cancel and ``FacteurError``
    for a file that cannot be imported; in both cases nothing is stored. A CSV file larger than
    ``process_above`` bytes (``PROCESS_ABOVE_BYTES`` when None) is read and validated in a child
    process, with the same results.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(f'on_duplicate must be "update" or "skip", not {on_duplicate!r}.')
    list_names = _names(lists, "list", ContactList.__table__.c.name.type.length or 200)
    tag_names = _names(tags, "tag", Tag.__table__.c.name.type.length or 100)
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    with open_table(path, limits) as table:
        headers = unique_headers(table.headers)
        resolved = resolve_mapping(headers, mapping)
        parser = _RowParser(headers, resolved, table, limits)
        rejected: list[RejectedRow] = []
        threshold = PROCESS_ABOVE_BYTES if process_above is None else process_above
        next_batch = functools.partial(parser.parse, table.rows, BATCH_ROWS, rejected)
        child: ParseProcess | None = None
        if table.format == "csv" and path.stat().st_size > threshold:
            # Started first: it imports its modules while the database is prepared here.
            child = ParseProcess(path, limits, headers, resolved, BATCH_ROWS, next_batch)
            next_batch = functools.partial(child.parse, rejected)
        # The SQLite path runs its statements on the DBAPI connection: its errors come unwrapped.
        dbapi = db.engine.dialect.loaded_dbapi
        try:
            with _collection_paused(), db.session() as session:
                writer = _Writer(
                    session.connection(),
                    source=f"import:{path.name}"[: _contact.c.consent_source.type.length or 300],
                    update=on_duplicate == "update",
                    list_names=list_names,
                    tag_names=tag_names,
                )
                done = _run(table, next_batch, writer, limits, progress, cancel)
                writer.finish()
        except (IntegrityError, dbapi.IntegrityError):
            raise FacteurError(
                "Some of these contacts were added by someone else while the file was being "
                "imported; nothing was imported. Import the file again."
            ) from None
        except (OperationalError, dbapi.OperationalError) as exc:
            raise FacteurError(
                "The contacts could not be saved to the database ({reason}); nothing was imported.",
                reason=str(getattr(exc, "orig", exc)),
            ) from None
        finally:
            if child is not None:
                child.close()
    if progress is not None and table.total_rows != done:
        progress(done, done)
    return ImportResult(writer.imported, writer.updated, writer.skipped, rejected)


def _run(
    table: Table,
    next_batch: Callable[[], tuple[list[_Candidate], int, int]],
    writer: _Writer,
    limits: Limits,
    progress: Callable[[int, int | None], None] | None,
    cancel: Callable[[], bool] | None,
) -> int:
    done = 0
    while True:
        if cancel is not None and cancel():
            raise ImportCancelled("The import was cancelled; no contact was imported.")
        candidates, read, last_row = next_batch()
        if not read:
            break
        if last_row - table.header_row > limits.max_rows:
            raise FacteurError(
                "The file has more than {max_rows:,} rows; split it into smaller files.",
                max_rows=limits.max_rows,
            )
        writer.write(candidates)
        done += read
        if progress is not None:
            progress(done, table.total_rows)
    if cancel is not None and cancel():
        raise ImportCancelled("The import was cancelled; no contact was imported.")
    return done


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Automatic garbage collection off while the rows stream through (restored after).

    Each batch keeps a few thousand lists and tuples alive while it is validated and written;
    surviving the young collections, they triggered full collections, each walking every object
    of the process: 0.09 s of a 100,000-row import (0.8 s) in bench/import_bench.py, and GUI
    stalls. The import makes no reference cycles to collect; objects are still freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _names(values: Sequence[str] | str, what: str, max_length: int) -> list[str]:
    if isinstance(values, str):
        values = [values]
    names: list[str] = []
    for value in values:
        name = value.strip()
        if not name:
            raise InvalidInput(f"A {what} name cannot be empty.")
        if len(name) > max_length:
            raise InvalidInput(
                f'The {what} name "{name}" is too long (at most {max_length} characters).'
            )
        if name not in names:
            names.append(name)
    return names


# -- writing ------------------------------------------------------------------------------------


class _Writer:
    """Stores the candidates of each batch inside the import's transaction.

    ``finish()`` must be called after the last batch, before the commit.
    """

    def __init__(
        self,
        conn: Connection,
        *,
        source: str,
        update: bool,
        list_names: list[str],
        tag_names: list[str],
    ) -> None:
        self.conn = conn
        self.now = utcnow()
        self.source = source
        self.update = update
        self.imported = self.updated = self.skipped = 0
        self.sqlite = conn.dialect.name == "sqlite"
        self._insert_dialect = sqlite.insert if self.sqlite else postgresql.insert
        # Emails known to be stored, before or by this import.
        self.known: set[str] = set()
        # On an empty table there is nothing to look up: saves a query per batch on a first import.
        self.lookup = conn.execute(select(_contact.c.id).limit(1)).first() is not None
        self.list_ids = self._ids(ContactList.__table__, list_names)
        self.tag_ids = self._ids(Tag.__table__, tag_names)
        # Automations: one check each, then events are written in bulk only when listened to.
        self.on_created = listened(conn, "contact_created")
        self.on_list = {
            i: n
            for i, n in zip(self.list_ids, list_names, strict=True)
            if listened(conn, "list_added", n)
        }
        self.on_tag = {
            i: n
            for i, n in zip(self.tag_ids, tag_names, strict=True)
            if listened(conn, "tag_added", n)
        }
        self._to_link: dict[str, None] = {}  # emails to link to the lists and tags at the end
        if self.sqlite:
            self._prepare_sqlite_insert()

    def _ids(self, table: Any, names: list[str]) -> list[int]:
        if not names:
            return []
        for name in names:
            self.conn.execute(
                self._insert_dialect(table)
                .values(name=name)
                .on_conflict_do_nothing(index_elements=["name"])
            )
        found = dict(
            self.conn.execute(select(table.c.name, table.c.id).where(table.c.name.in_(names))).all()
        )
        return [found[n] for n in names]

    def _prepare_sqlite_insert(self) -> None:
        """One INSERT for the whole import, with every value but the row's own computed once.

        Columns are taken from the model, their constant values passed through each column
        type's own bind processor, so the rows are stored exactly as SQLAlchemy would store them.
        """
        per_row = ["email", *_OTHER_FIELDS, "attributes"]
        given: dict[str, Any] = {
            "status": "subscribed",
            "consent_at": self.now,
            "consent_source": self.source,
            "created_at": self.now,
            "updated_at": self.now,
        }
        columns = list(per_row)
        constants: list[Any] = []
        for column in _contact.columns:
            if column.primary_key or column.name in per_row:
                continue
            if column.name in given:
                value = given[column.name]
            elif column.default is not None and column.default.is_scalar:
                value = column.default.arg
            elif column.default is not None and column.default.is_callable:
                value = column.default.arg(None)
            else:
                continue  # nullable, or a server default
            columns.append(column.name)
            constants.append(self._sqlite_value(column.type, value))
        # The constants are written into the statement itself: binding them again for every row
        # cost ~0.05 s per 100,000 rows.
        names = ", ".join(f'"{c}"' for c in columns)
        values = ", ".join(["?"] * len(per_row) + [_sql_literal(v) for v in constants])
        self._insert_sql = f'INSERT INTO "{_contact.name}" ({names}) VALUES ({values})'
        # Emails go in as one JSON array, joined to the contacts through the email's unique index:
        # one statement per lookup, and per list or tag for the whole import, run inside SQLite.
        found = f'FROM json_each(?) AS j JOIN "{_contact.name}" AS c ON c.email = j.value'
        self._stored_sql = f"SELECT c.email {found}"
        now = _sql_literal(self._sqlite_value(_membership.c.subscribed_at.type, self.now))
        self._link_list_sql = (
            f'INSERT INTO "{_membership.name}" (list_id, contact_id, status, subscribed_at) '
            f"SELECT ?, c.id, 'subscribed', {now} {found} WHERE true ON CONFLICT DO NOTHING"
        )
        self._link_tag_sql = (
            f'INSERT INTO "{_contact_tag.name}" (contact_id, tag_id) '
            f"SELECT c.id, ? {found} WHERE true ON CONFLICT DO NOTHING"
        )

    def _sqlite_value(self, type_: Any, value: Any) -> Any:
        """``value`` as SQLAlchemy binds it for a column of type ``type_``."""
        dialect = self.conn.dialect
        processor = type_.dialect_impl(dialect).bind_processor(dialect)
        return processor(value) if processor else value

    def write(self, candidates: list[_Candidate]) -> None:
        """Create, merge or skip each candidate, then link the batch's contacts to lists/tags."""
        known, update = self.known, self.update
        if self.lookup:
            unknown = [e for e in dict.fromkeys(c[0] for c in candidates) if e not in known]
            if unknown:
                known.update(self._stored(unknown))
        emails = list(map(_first, candidates))
        new: dict[str, _Candidate] = {}
        merges: dict[str, _Candidate] = {}
        if known.isdisjoint(emails) and len(set(emails)) == len(emails):
            new = dict(zip(emails, candidates, strict=True))  # the common case: all new, distinct
            self.imported += len(new)
        else:
            for row in candidates:
                email = row[0]
                if email in known:
                    if not update:
                        self.skipped += 1
                        continue
                    self.updated += 1
                    entry = merges.get(email)
                    merges[email] = row if entry is None else _merged(entry, row)
                else:
                    entry = new.get(email)
                    if entry is None:
                        new[email] = row
                        self.imported += 1
                    elif update:
                        self.updated += 1
                        new[email] = _merged(entry, row)
                    else:
                        self.skipped += 1
        if new:
            self._insert(list(new.values()))
            known.update(new)
            if self.on_created:
                write_events(self.conn, "contact_created", emails=list(new), source="import")
        if merges:
            self._merge_stored(merges)
        if self.list_ids or self.tag_ids:
            self._link(list(dict.fromkeys(emails)))

    def _stored(self, emails: list[str]) -> set[str]:
        if self.sqlite:
            return {e for (e,) in self._sqlite(self._stored_sql, (_json_list(emails),))}
        found: set[str] = set()
        for chunk in _chunks(emails):
            found.update(
                self.conn.execute(
                    select(_contact.c.email).where(_contact.c.email.in_(chunk))
                ).scalars()
            )
        return found

    def _sqlite(self, sql: str, params: Any, *, many: bool = False) -> list[Any]:
        """Run ``sql`` on the DBAPI connection, within the import's transaction."""
        cursor = self.conn.connection.dbapi_connection.cursor()
        try:
            if many:
                cursor.executemany(sql, params)
                return []
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()

    def finish(self) -> None:
        """Link the contacts to the lists and tags (SQLite: once, for the whole import)."""
        emails = list(self._to_link)
        for start in range(0, len(emails), _LINK_CHUNK):
            array = _json_list(emails[start : start + _LINK_CHUNK])
            for list_id in self.list_ids:
                self._sqlite_link(self._link_list_sql, list_id, array, "list_added", self.on_list)
            for tag_id in self.tag_ids:
                self._sqlite_link(self._link_tag_sql, tag_id, array, "tag_added", self.on_tag)

    def _sqlite_link(
        self, sql: str, target: int, array: str, event: str, watched: dict[int, str]
    ) -> None:
        """Link the contacts; when ``event`` is listened to, record it for the new links only."""
        if target not in watched:
            self._sqlite(sql, (target, array))
            return
        added = [row[0] for row in self._sqlite(f"{sql} RETURNING contact_id", (target, array))]
        self._record_links(event, watched[target], added)

    def _record_links(self, event: str, name: str, contact_ids: list[int]) -> None:
        if contact_ids:
            key = "list" if event == "list_added" else "tag"
            write_events(
                self.conn, event, contact_ids=contact_ids, data={key: name}, source="import"
            )

    def _insert(self, rows: list[_Candidate]) -> None:
        if self.sqlite:
            self._sqlite(self._insert_sql, rows, many=True)
            return
        now = self.now
        params = [
            {
                "email": email,
                **dict(zip(_OTHER_FIELDS, fields, strict=True)),
                "attributes": json.loads(attributes),
                "status": "subscribed",
                "consent_at": now,
                "consent_source": self.source,
                "created_at": now,
                "updated_at": now,
            }
            for email, *fields, attributes in rows
        ]
        self.conn.execute(insert(_contact), params)

    def _merge_stored(self, merges: dict[str, _Candidate]) -> None:
        """Non-empty incoming values win over stored ones; stored values are never blanked."""
        columns = [_contact.c[f] for f in _OTHER_FIELDS]
        params: list[dict[str, Any]] = []
        for chunk in _chunks(list(merges)):
            stored = self.conn.execute(
                select(_contact.c.email, *columns, _contact.c.attributes).where(
                    _contact.c.email.in_(chunk)
                )
            )
            for email, *old, old_attrs in stored:
                _, *fields, attributes = merges[email]
                attrs = json.loads(attributes)
                merged = [new or was for new, was in zip(fields, old, strict=True)]
                old = list(old)
                merged_attrs = dict(old_attrs) if isinstance(old_attrs, dict) else {}
                merged_attrs.update(attrs)
                if merged == old and merged_attrs == old_attrs:
                    continue
                params.append(
                    {"b_email": email, "b_attributes": merged_attrs, "b_updated_at": self.now}
                    | {f"b_{f}": v for f, v in zip(_OTHER_FIELDS, merged, strict=True)}
                )
        if params:
            values: dict[str, Any] = {f: bindparam(f"b_{f}") for f in _OTHER_FIELDS}
            statement = (
                update(_contact)
                .where(_contact.c.email == bindparam("b_email"))
                .values(
                    **values,
                    attributes=bindparam("b_attributes", type_=_contact.c.attributes.type),
                    updated_at=bindparam("b_updated_at", type_=UTCDateTime()),
                )
            )
            self.conn.execute(statement, params)

    def _link(self, emails: list[str]) -> None:
        """Add the contacts to the lists and tags; existing links (and unsubscriptions) stay."""
        if self.sqlite:
            self._to_link.update(dict.fromkeys(emails))
            return
        now = literal(self.now, UTCDateTime())
        for chunk in _chunks(emails):
            match = _contact.c.email.in_(chunk)
            for list_id in self.list_ids:
                statement = (
                    self._insert_dialect(_membership)
                    .from_select(
                        ["list_id", "contact_id", "status", "subscribed_at"],
                        select(literal(list_id), _contact.c.id, literal("subscribed"), now).where(
                            match
                        ),
                    )
                    .on_conflict_do_nothing()
                )
                self._pg_link(statement, _membership.c.contact_id, list_id, "list_added")
            for tag_id in self.tag_ids:
                statement = (
                    self._insert_dialect(_contact_tag)
                    .from_select(
                        ["contact_id", "tag_id"],
                        select(_contact.c.id, literal(tag_id)).where(match),
                    )
                    .on_conflict_do_nothing()
                )
                self._pg_link(statement, _contact_tag.c.contact_id, tag_id, "tag_added")

    def _pg_link(self, statement: Any, contact_id: Any, target: int, event: str) -> None:
        watched = self.on_list if event == "list_added" else self.on_tag
        if target not in watched:
            self.conn.execute(statement)
            return
        added = list(self.conn.execute(statement.returning(contact_id)).scalars())
        self._record_links(event, watched[target], added)


def _merged(entry: _Candidate, row: _Candidate) -> _Candidate:
    """``entry`` with the non-empty values of a later ``row`` of the same email written over it."""
    fields = [new or old for new, old in zip(row[1:_ATTRIBUTES], entry[1:_ATTRIBUTES], strict=True)]
    attrs = {**json.loads(entry[_ATTRIBUTES]), **json.loads(row[_ATTRIBUTES])}
    return (entry[0], *fields, _json_text(attrs))


_first = operator.itemgetter(0)
_json_list = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _sql_literal(value: Any) -> str:
    """``value`` (None, a number or text, as a bind processor returns it) as an SQLite literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str) and "\0" not in value:
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


# -- rejected rows ------------------------------------------------------------------------------


def write_rejected_csv(rejected: Sequence[RejectedRow], path: str | Path) -> None:
    """Save rejected rows to fix and import again: the original columns plus "row" and "reason".

    UTF-8 with a byte-order mark and ";" separators, so French Excel opens it correctly.
    The importer recognises this layout and ignores its "row" and "reason" columns.
    """
    headers: dict[str, None] = {}
    for item in rejected:
        headers.update(dict.fromkeys(item.values))
    try:
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            writer.writerow(["row", *headers, "reason"])
            for item in rejected:
                writer.writerow([item.row, *(item.values.get(h, "") for h in headers), item.reason])
    except OSError as exc:
        raise FacteurError(
            'The rejected rows cannot be saved to "{path}": {reason}.',
            path=str(path),
            reason=exc.strerror,
        ) from None
