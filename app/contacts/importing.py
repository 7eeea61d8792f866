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
  On PostgreSQL, Core's ``insert()`` executemany is used.
"""

from __future__ import annotations

import csv
import gc
import itertools
import json
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from app.contacts.emails import InvalidEmail, normalise_email, normalise_plain_emails
from app.contacts.mapping import (
    ATTRIBUTE_PREFIX,
    EMAIL,
    FIELDS,
    IGNORE,
    auto_mapping,
    resolve_mapping,
    slugify,
    unique_headers,
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
ON_DUPLICATE = ("update", "skip")
# The contact fields besides the email, in the order rows carry them.
_OTHER_FIELDS = ("first_name", "last_name", "company", "phone", "locale")
_IN_CHUNK = 1000  # bound parameters per IN (...) list
_LINK_CHUNK = 50_000  # SQLite: emails per statement linking contacts to a list or tag
_SHOWN_VALUE = 200  # a rejected value longer than this is shortened in reports

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
class RejectedRow:
    """A row that was not imported, and why."""

    row: int  # spreadsheet row number (the header is row 1 in most files)
    value: str  # the offending value, "" when missing
    reason: str
    values: dict[str, str]  # the whole row (header -> cell), to save, fix and import again


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
) -> ImportResult:
    """Import the contacts of a CSV/xlsx/xls/ods file into ``db`` in one transaction.

    ``mapping`` overrides the automatic column mapping header by header ({"Column": "field"}).
    Every contact of a valid row is added to ``lists`` and ``tags`` (created when missing).
    ``progress(done_rows, total_rows_or_None)`` is called after each batch and ``cancel()`` polled
    between batches, both from the calling thread. ``limits`` bounds file size, rows and cells
    (``DEFAULT_LIMITS`` when None). Raises ``ImportCancelled`` after a cancel and ``FacteurError``
    for a file that cannot be imported; in both cases nothing is stored.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(f'on_duplicate must be "update" or "skip", not {on_duplicate!r}.')
    list_names = _names(lists, "list", ContactList.__table__.c.name.type.length or 200)
    tag_names = _names(tags, "tag", Tag.__table__.c.name.type.length or 100)
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    with open_table(path, limits) as table:
        headers = unique_headers(table.headers)
        parser = _RowParser(headers, resolve_mapping(headers, mapping), table, limits)
        rejected: list[RejectedRow] = []
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
                done = _run(table, parser, writer, rejected, limits, progress, cancel)
                writer.finish()
        except (IntegrityError, dbapi.IntegrityError):
            raise FacteurError(
                "Some of these contacts were added by someone else while the file was being "
                "imported; nothing was imported. Import the file again."
            ) from None
        except (OperationalError, dbapi.OperationalError) as exc:
            raise FacteurError(
                f"The contacts could not be saved to the database ({getattr(exc, 'orig', exc)}); "
                "nothing was "
                "imported."
            ) from None
    if progress is not None and table.total_rows != done:
        progress(done, done)
    return ImportResult(writer.imported, writer.updated, writer.skipped, rejected)


def _run(
    table: Table,
    parser: _RowParser,
    writer: _Writer,
    rejected: list[RejectedRow],
    limits: Limits,
    progress: Callable[[int, int | None], None] | None,
    cancel: Callable[[], bool] | None,
) -> int:
    done = 0
    rows = table.rows
    while True:
        if cancel is not None and cancel():
            raise ImportCancelled("The import was cancelled; no contact was imported.")
        candidates, read, last_row = parser.parse(rows, BATCH_ROWS, rejected)
        if not read:
            break
        if last_row - table.header_row > limits.max_rows:
            raise FacteurError(
                f"The file has more than {limits.max_rows:,} rows; split it into smaller files."
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


# -- validating rows ----------------------------------------------------------------------------

# One valid row, as it is inserted: (email, *fields in _OTHER_FIELDS order, attributes as JSON text).
_Candidate = tuple[str, ...]
_ATTRIBUTES = 1 + len(_OTHER_FIELDS)  # index of the attributes in a candidate
_second = operator.itemgetter(1)

_LANGUAGES = {
    "francais": "fr",
    "french": "fr",
    "anglais": "en",
    "english": "en",
    "allemand": "de",
    "german": "de",
    "deutsch": "de",
    "espagnol": "es",
    "spanish": "es",
    "espanol": "es",
    "italien": "it",
    "italian": "it",
    "italiano": "it",
    "neerlandais": "nl",
    "dutch": "nl",
    "portugais": "pt",
    "portuguese": "pt",
    "portugues": "pt",
}
_LOCALE = re.compile(r"([a-z]{2,3})(?:[-_]([a-z]{2}|[0-9]{3}))?\Z", re.IGNORECASE)
_ANGLE_ADDRESS = re.compile(r"<\s*([^<>\s]+@[^<>\s]+?)\s*>")


def _locale(value: str) -> str:
    """ "fr", "FR", "fr_FR", "Français" -> "fr" / "fr-FR"; anything else is kept as written."""
    match = _LOCALE.match(value)
    if match:
        language, region = match.groups()
        return f"{language.lower()}-{region.upper()}" if region else language.lower()
    return _LANGUAGES.get(slugify(value).replace("_", ""), value)


def _address_in(value: str) -> str | None:
    """The address in "Jean Dupont <jean@x.fr>" or "mailto:jean@x.fr", as mail programs copy it."""
    match = _ANGLE_ADDRESS.search(value)
    if match:
        return match.group(1)
    stripped = value.strip()
    if stripped[:7].lower() == "mailto:":
        return stripped[7:].split("?", 1)[0]
    return None


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_VALUE else value[:_SHOWN_VALUE] + "…"


class _RowParser:
    """Turns raw rows into valid candidates, and bad rows into ``RejectedRow`` reports."""

    def __init__(
        self, headers: list[str], mapping: dict[str, str], table: Table, limits: Limits
    ) -> None:
        self.headers = headers
        self.width = width = len(headers)
        index = {target: i for i, h in enumerate(headers) if (target := mapping[h]) != IGNORE}
        self.email_index = index[EMAIL]
        # Fields without a column read the always-empty cell appended at index ``width``.
        self.field_index = [index.get(f, width) for f in _OTHER_FIELDS]
        self.fields_of = operator.itemgetter(*self.field_index)
        self.field_limits = [FIELDS[f] for f in _OTHER_FIELDS]
        self.attributes = [
            (target[len(ATTRIBUTE_PREFIX) :], i)
            for i, h in enumerate(headers)
            if (target := mapping[h]).startswith(ATTRIBUTE_PREFIX)
        ]
        self.mapped = sorted({self.email_index, *index.values()} - {width})
        # For _parse_columns: each attribute's '"key":' JSON prefix.
        self.attribute_prefixes = [(_quote(key) + ":", i) for key, i in self.attributes]
        self.columnar = len({key for key, _ in self.attributes}) == len(self.attributes)
        self.max_cell = limits.max_cell_chars
        self.check_nul = table.may_contain_nul
        self.pad = [""] * (width + 1)

    def parse(
        self, rows: Iterator[tuple[int, list[str]]], count: int, rejected: list[RejectedRow]
    ) -> tuple[list[_Candidate], int, int]:
        """Read up to ``count`` rows: (valid rows, rows read, last row number).

        A batch is first tried column by column (``_parse_columns``), where the work is done by
        C loops (``map``, ``zip``, ``str.join``); a batch that is not plainly valid there (a bad or
        unusual address, a blank line, a value too long...) is parsed row by row instead, with
        the same result.
        """
        batch = list(itertools.islice(rows, count))
        if not batch:
            return [], 0, 0
        last_row = batch[-1][0]
        candidates = self._parse_columns(batch)
        if candidates is None:
            candidates = self._parse_rows(batch, rejected)
        return candidates, len(batch), last_row

    def _parse_columns(self, batch: list[tuple[int, list[str]]]) -> list[_Candidate] | None:
        """The batch's candidates when every row is valid and plain, else None."""
        if not self.columnar:
            return None
        width = self.width
        table = list(map(_second, batch))
        n = len(table)
        if min(map(len, table)) < width:
            return None
        columns = list(zip(*table, strict=False))  # cells past ``width`` are ignored below
        strip = str.strip
        emails = normalise_plain_emails(list(map(strip, columns[self.email_index])))
        if emails is None:
            return None
        # Fields: stripped, within their length limits, the locale tidied.
        empty = [""] * n
        fields: list[list[str]] = []
        for index, limit in zip(self.field_index, self.field_limits, strict=True):
            if index == width:
                fields.append(empty)
                continue
            values = list(map(strip, columns[index]))
            if max(map(len, values)) > limit:
                return None
            fields.append(values)
        texts: list[list[str]] = [*fields]
        # Attributes as JSON text, empty values left out, as _json_text writes them.
        pieces: list[list[str]] = []
        for prefix, index in self.attribute_prefixes:
            values = list(map(strip, columns[index]))
            if max(map(len, values)) > self.max_cell:
                return None
            texts.append(values)
            column = list(map(operator.add, itertools.repeat(prefix), map(_quote, values)))
            if "" in values:
                column = [p if v else "" for p, v in zip(column, values, strict=True)]
            pieces.append(column)
        if self.check_nul and any("\0" in "".join(t) for t in texts):
            return None
        locales = fields[4]
        if any(locales):
            fields[4] = [_locale(v) if v else v for v in locales]
        if not pieces:
            attributes: list[str] = ["{}"] * n
        elif any("" in column for column in pieces):
            attributes = [
                "{" + ",".join(filter(None, row)) + "}" for row in zip(*pieces, strict=True)
            ]
        else:
            attributes = list(map("{%s}".__mod__, map(",".join, zip(*pieces, strict=True))))
        return list(zip(emails, *fields, attributes, strict=True))

    def _parse_rows(
        self, batch: list[tuple[int, list[str]]], rejected: list[RejectedRow]
    ) -> list[_Candidate]:
        """The batch's candidates, row by row; bad rows are reported in ``rejected``."""
        width, pad, email_index = self.width, self.pad, self.email_index
        fields_of, attributes, max_cell = self.fields_of, self.attributes, self.max_cell
        l_first, l_last, l_company, l_phone, l_locale = self.field_limits
        check_nul = self.check_nul
        out: list[_Candidate] = []
        append = out.append
        for number, cells in batch:
            if not any(cells):
                continue  # a blank line
            n = len(cells)
            if n == width:
                cells.append("")
            elif n < width:
                cells.extend(pad[n:])
            else:
                del cells[width:]  # cells past the last titled column have no field to go to
                cells.append("")
            raw = cells[email_index]
            try:
                email = normalise_email(raw)
            except InvalidEmail as exc:
                email = self._salvage(number, cells, raw, exc, rejected)
                if email is None:
                    continue
            first, last, company, phone, locale = fields = tuple(map(str.strip, fields_of(cells)))
            attrs = {key: v for key, i in attributes if (v := cells[i].strip())}
            if (
                len(first) > l_first
                or len(last) > l_last
                or len(company) > l_company
                or len(phone) > l_phone
                or len(locale) > l_locale
                or (attrs and max(map(len, attrs.values())) > max_cell)
                or (check_nul and "\0" in "".join(fields) + "".join(attrs.values()))
            ):
                self._reject_cells(number, cells, rejected)
                continue
            if locale:
                locale = _locale(locale)
            append((email, first, last, company, phone, locale, _json_text(attrs)))
        return out

    def _values(self, cells: list[str]) -> dict[str, str]:
        return dict(zip(self.headers, cells, strict=False))

    def _salvage(
        self,
        number: int,
        cells: list[str],
        raw: str,
        exc: InvalidEmail,
        rejected: list[RejectedRow],
    ) -> str | None:
        """The address of a row whose email cell did not validate as it is, or None (reported)."""
        value = raw.strip()
        if not value:
            if any(c.strip() for c in cells):
                rejected.append(RejectedRow(number, "", "missing email", self._values(cells)))
            return None  # else a row of spaces: blank
        inner = _address_in(value)
        if inner is not None:
            try:
                return normalise_email(inner)
            except InvalidEmail:
                pass
        reason = (
            "the cell contains a NUL character" if "\0" in value else f"invalid email: {exc.reason}"
        )
        rejected.append(RejectedRow(number, _shown(value), reason, self._values(cells)))
        return None

    def _reject_cells(self, number: int, cells: list[str], rejected: list[RejectedRow]) -> None:
        for i in self.mapped:
            value = cells[i].strip()
            if "\0" in value:
                reason = f'the value in "{self.headers[i]}" contains a NUL character'
                break
            limit = self.max_cell
            if i in self.field_index:
                limit = self.field_limits[self.field_index.index(i)]
            if len(value) > limit:
                reason = (
                    f'the value in "{self.headers[i]}" is too long ({len(value):,} characters; '
                    f"at most {limit:,})"
                )
                break
        else:  # not reached: parse() rejects a row only for one of the reasons above
            reason, value = "the row cannot be imported", ""
        rejected.append(RejectedRow(number, _shown(value), reason, self._values(cells)))


# -- writing ------------------------------------------------------------------------------------


_quote = json.encoder.encode_basestring  # the C string escaper behind json.dumps


def _json_text(attrs: dict[str, str]) -> str:
    """``attrs`` as JSON text; json.dumps builds an encoder per call, four times slower."""
    if not attrs:
        return "{}"
    return "{" + ",".join([_quote(k) + ":" + _quote(v) for k, v in attrs.items()]) + "}"


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
                self._sqlite(self._link_list_sql, (list_id, array))
            for tag_id in self.tag_ids:
                self._sqlite(self._link_tag_sql, (tag_id, array))

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
                self.conn.execute(
                    self._insert_dialect(_membership)
                    .from_select(
                        ["list_id", "contact_id", "status", "subscribed_at"],
                        select(literal(list_id), _contact.c.id, literal("subscribed"), now).where(
                            match
                        ),
                    )
                    .on_conflict_do_nothing()
                )
            for tag_id in self.tag_ids:
                self.conn.execute(
                    self._insert_dialect(_contact_tag)
                    .from_select(
                        ["contact_id", "tag_id"],
                        select(_contact.c.id, literal(tag_id)).where(match),
                    )
                    .on_conflict_do_nothing()
                )


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
            f'The rejected rows cannot be saved to "{path}": {exc.strerror}.'
        ) from None
