"""Validating imported rows: raw cells in, insert-ready tuples and rejected-row reports out.

No SQLAlchemy and no Qt here: for a large CSV file, ``ParseProcess`` runs the reading, decoding,
CSV parsing and validation (``RowParser``) in a child process started with "spawn", which imports
only this module, ``reading``, ``mapping``, ``emails`` and their light dependencies (~0.1 s), while
the importing process stores the batches it sends: the two cores overlap (bench/import_bench.py).
"""

from __future__ import annotations

import collections
import gc
import itertools
import json
import multiprocessing
import multiprocessing.spawn
import operator
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.contacts.emails import InvalidEmail, normalise_email, normalise_plain_emails
from app.contacts.mapping import ATTRIBUTE_PREFIX, EMAIL, FIELDS, IGNORE, slugify, unique_headers
from app.contacts.reading import Limits, Table, open_table
from app.errors import N_, FacteurError

# The contact fields besides the email, in the order rows carry them.
OTHER_FIELDS = ("first_name", "last_name", "company", "phone", "locale")
_OTHER_FIELDS = OTHER_FIELDS
_SHOWN_VALUE = 200  # a rejected value longer than this is shortened in reports


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not imported, and why."""

    row: int  # spreadsheet row number (the header is row 1 in most files)
    value: str  # the offending value, "" when missing
    reason: str
    values: dict[str, str]  # the whole row (header -> cell), to save, fix and import again
    # ``reason`` is ``template`` formatted with ``params``: the interface translates the template.
    template: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False)


def _rejected(
    number: int, value: str, values: dict[str, str], template: str, **params: Any
) -> RejectedRow:
    reason = template.format(**params) if params else template
    return RejectedRow(number, value, reason, values, template, params)


_quote = json.encoder.encode_basestring  # the C string escaper behind json.dumps


def _json_text(attrs: dict[str, str]) -> str:
    """``attrs`` as JSON text; json.dumps builds an encoder per call, four times slower."""
    if not attrs:
        return "{}"
    return "{" + ",".join([_quote(k) + ":" + _quote(v) for k, v in attrs.items()]) + "}"


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


class RowParser:
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
                rejected.append(_rejected(number, "", self._values(cells), N_("missing email")))
            return None  # else a row of spaces: blank
        inner = _address_in(value)
        if inner is not None:
            try:
                return normalise_email(inner)
            except InvalidEmail:
                pass
        if "\0" in value:
            report = _rejected(
                number, _shown(value), self._values(cells), N_("the cell contains a NUL character")
            )
        else:
            report = _rejected(
                number,
                _shown(value),
                self._values(cells),
                N_("invalid email: {reason}"),
                reason=exc.reason,
            )
        rejected.append(report)
        return None

    def _reject_cells(self, number: int, cells: list[str], rejected: list[RejectedRow]) -> None:
        for i in self.mapped:
            value = cells[i].strip()
            if "\0" in value:
                template = N_('the value in "{column}" contains a NUL character')
                params: dict[str, Any] = {"column": self.headers[i]}
                break
            limit = self.max_cell
            if i in self.field_index:
                limit = self.field_limits[self.field_index.index(i)]
            if len(value) > limit:
                template = N_(
                    'the value in "{column}" is too long ({length:,} characters; at most {limit:,})'
                )
                params = {"column": self.headers[i], "length": len(value), "limit": limit}
                break
        else:  # not reached: parse() rejects a row only for one of the reasons above
            template, params, value = N_("the row cannot be imported"), {}, ""
        rejected.append(_rejected(number, _shown(value), self._values(cells), template, **params))


# -- validating in a child process --------------------------------------------------------------

_PROCESS_NAME = "facteur-import-reader"


class ParseProcess:
    """``RowParser.parse`` of a CSV file's rows, run in a child process started with "spawn".

    The child opens the file again, then reads, decodes, parses and validates it batch by batch,
    sending each batch's candidates (packed, see ``_pack``) and rejected rows through a pipe; the
    pipe's capacity bounds how far it runs ahead. Until the child is ready (~0.15 s), batches are
    parsed here by ``local`` (``RowParser.parse`` on the same file, same ``rejected`` list); the
    child is then told how many records to pass over. ``close()`` ends the child (at the end, on
    an error or a cancel). A ``FacteurError`` raised in the child is raised again here, as it
    was; a child that dies without a word becomes a ``FacteurError`` too.
    """

    def __init__(
        self,
        path: Path,
        limits: Limits,
        headers: list[str],
        mapping: dict[str, str],
        count: int,
        local: Callable[[], tuple[list[_Candidate], int, int]],
    ) -> None:
        self.name = path.name
        self._local = local
        self._consumed = 0  # records parsed here, before the child took over
        self._handed_over = False
        _keep_main_out()
        context = multiprocessing.get_context("spawn")  # never fork: we run on a worker thread
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=_child,
            args=(child_conn, str(path), limits, headers, mapping, count),
            name=_PROCESS_NAME,
            daemon=True,
        )
        try:
            self._process.start()
        except OSError as exc:
            self._conn.close()
            raise FacteurError(
                '"{name}" cannot be imported: no process could be started to read it ({reason}).',
                reason=exc.strerror or str(exc),
                name=self.name,
            ) from None
        finally:
            child_conn.close()

    def parse(self, rejected: list[RejectedRow]) -> tuple[list[_Candidate], int, int]:
        """The next batch, as ``RowParser.parse`` returns it; its rejected rows go to ``rejected``."""
        if not self._handed_over:
            if not self._conn.poll():
                batch = self._local()  # the child is still starting
                self._consumed += batch[1]
                return batch
            self._receive()  # "ready"
            self._send(self._consumed)
            self._handed_over = True
        _, packed, read, last_row, batch_rejected = self._receive()
        rejected.extend(batch_rejected)
        return _unpack(packed), read, last_row

    def _receive(self) -> tuple[Any, ...]:
        try:
            message = self._conn.recv()
        except (EOFError, OSError):
            raise self._died() from None
        kind = message[0]
        if kind == "error":
            raise message[1]
        if kind == "bug":
            raise RuntimeError(f"The process reading the file failed:\n{message[1]}")
        return message  # type: ignore[no-any-return]

    def _send(self, value: Any) -> None:
        try:
            self._conn.send(value)
        except OSError:
            raise self._died() from None

    def _died(self) -> FacteurError:
        return FacteurError(
            '"{name}" could not be read: the process reading it stopped unexpectedly.',
            name=self.name,
        )

    def close(self) -> None:
        process = self._process
        if process.is_alive():
            process.terminate()  # done (everything was received), or abandoned
        process.join()
        process.close()
        self._conn.close()


def _keep_main_out() -> None:
    """Spawned children run the parent's ``__main__`` script again (as ``__mp_main__``), so the
    app's or a benchmark's imports (SQLAlchemy, Qt: ~0.3 s) would come with it. The reader needs
    nothing from it: for that process only, the main module is left out of its preparation."""
    if getattr(multiprocessing.spawn.get_preparation_data, "_facteur", False):
        return
    original = multiprocessing.spawn.get_preparation_data

    def preparation_data(name: str) -> dict[str, Any]:
        data = original(name)
        if name == _PROCESS_NAME:
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    preparation_data._facteur = True  # type: ignore[attr-defined]
    multiprocessing.spawn.get_preparation_data = preparation_data


def _child(
    conn: Any,
    path: str,
    limits: Limits,
    headers: list[str],
    mapping: dict[str, str],
    count: int,
) -> None:
    """The child process: every batch of the file, then an empty one; or the error."""
    gc.disable()  # as in the importing process: no cycles are made, and collections cost
    try:
        with open_table(path, limits) as table:
            if table.format != "csv" or unique_headers(table.headers) != headers:
                raise FacteurError(
                    '"{name}" changed while it was being imported; import it again.',
                    name=Path(path).name,
                )
            parser = RowParser(headers, mapping, table, limits)
            rows = table.rows
            conn.send(("ready",))
            skip = conn.recv()  # records the importing process parsed while this one started
            if skip:
                collections.deque(itertools.islice(rows, skip), maxlen=0)
            while True:
                rejected: list[RejectedRow] = []
                candidates, read, last_row = parser.parse(rows, count, rejected)
                conn.send(("batch", _pack(candidates), read, last_row, rejected))
                if not read:
                    break
    except FacteurError as exc:
        conn.send(("error", exc))
    except BaseException:
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def _pack(candidates: list[_Candidate]) -> list[str] | list[_Candidate]:
    """The candidates as one NUL-separated text per column: a tenth of the time pickle takes
    over the tuples (and unpickling them cost the importing process 0.08 s per 100,000 rows).
    No candidate holds a NUL (such rows are rejected; attributes are JSON), but should one, the
    tuples go as they are."""
    if not candidates:
        return []
    separators = len(candidates) - 1
    columns = ["\0".join(column) for column in zip(*candidates, strict=True)]
    if all(column.count("\0") == separators for column in columns):
        return columns
    return candidates


def _unpack(packed: list[str] | list[_Candidate]) -> list[_Candidate]:
    if not packed or not isinstance(packed[0], str):
        return packed  # type: ignore[return-value]
    return list(zip(*[column.split("\0") for column in packed], strict=True))
