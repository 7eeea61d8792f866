"""Export contacts to CSV or XLSX, streaming, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.contacts.service import ContactData, ContactQuery, _load, filtered_ids
from app.db import Database
from app.db.models import Contact
from app.errors import FacteurError, InvalidInput

BASE_COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "company",
    "phone",
    "locale",
    "status",
    "tags",
    "lists",
    "tracking_consent",
    "consent_at",
    "consent_source",
    "created_at",
    "updated_at",
)
FORMATS = ("csv", "xlsx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 2000


def neutralise(value: str) -> str:
    """Prefix a quote to a cell a spreadsheet would evaluate as a formula (OWASP CSV injection)."""
    if value and value[0] in _DANGEROUS:
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return neutralise(", ".join(str(v) for v in value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat(timespec="seconds"))
    return neutralise(str(value))


def export_contacts(
    db: Database,
    path: str | os.PathLike[str],
    query: ContactQuery | None = None,
    fmt: str | None = None,
) -> int:
    """Write the contacts ``query`` selects (all by default) to ``path``; returns the row count.

    CSV is UTF-8 with a BOM and ``;`` separators, which French Excel opens correctly.
    Custom attributes become one column each, after the built-in fields, in alphabetical order.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InvalidInput("Unknown export format {fmt!r}: use csv or xlsx.", fmt=fmt)
    query = query or ContactQuery()
    with db.session() as s:
        ids = list(s.scalars(filtered_ids(s, query)))
        keys: dict[str, None] = {}
        for start in range(0, len(ids), _CHUNK):
            for attrs in s.scalars(
                select(Contact.attributes).where(Contact.id.in_(ids[start : start + _CHUNK]))
            ):
                keys.update(dict.fromkeys(attrs or {}))
        # Sorted: PostgreSQL's JSONB keeps no key order, and rows come in no particular order,
        # so the same data must give the same columns on both backends.
        names = sorted(keys, key=lambda k: (k.casefold(), k))
        # Attribute names come from imported files' headers: neutralised like any other cell.
        header = [*BASE_COLUMNS, *(neutralise(k) for k in names)]
        rows = _rows(s, ids, names)
        tmp = path.with_name(path.name + ".part")
        try:
            if fmt == "csv":
                _write_csv(tmp, header, rows)
            else:
                _write_xlsx(tmp, header, rows)
            tmp.replace(path)
        except OSError as exc:
            _discard(tmp)
            raise FacteurError(
                "Cannot write {path}: {reason}", path=str(path), reason=exc.strerror or str(exc)
            ) from exc
        except BaseException:
            _discard(tmp)  # never leave a half-written file behind
            raise
    return len(ids)


def _discard(tmp: Path) -> None:
    # Not unlink(missing_ok=True): "a folder in the path is a file" is NotADirectoryError.
    with contextlib.suppress(OSError):
        tmp.unlink()


def _rows(session: Any, ids: list[int], keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        by_id = _load(session, chunk)
        for cid in chunk:
            c: ContactData | None = by_id.get(cid)
            if c is None:
                continue
            yield [_cell(getattr(c, col)) for col in BASE_COLUMNS] + [
                _cell(c.attributes.get(k)) for k in keys
            ]


def _write_csv(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_xlsx(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Open the file first: an unwritable path fails before openpyxl starts streaming.
    with path.open("wb") as f:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Contacts")
        try:
            for row in itertools.chain([header], rows):
                cells = []
                for value in row:
                    # XML cannot hold most control characters; openpyxl would refuse the export.
                    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                    cell.data_type = "s"  # never a formula, whatever the text
                    cells.append(cell)
                ws.append(cells)
        except BaseException:
            # A write-only sheet streams into a temporary file through a generator: finish it,
            # or both the generator (an error at garbage collection) and the file are left over.
            with contextlib.suppress(Exception):
                wb.save(io.BytesIO())
            raise
        wb.save(f)
