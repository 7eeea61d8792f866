"""Reading contact files: CSV as French Excel writes it, and xlsx/xls/ods through python-calamine.

The format is told by the file's content, not its name (a ".xls" is often a CSV or a web page).
Files come from anywhere, so everything is checked before a parser touches it:

- size: a file larger than ``Limits.max_file_bytes`` is refused before it is read;
- zip containers (xlsx, ods): entry count, declared sizes and compression ratios, then the real
  inflated size of every entry (a declared size can lie), and the area the sheets' cells span:
  calamine allocates the whole rectangle from the first to the last cell, so one cell at XFD1048576
  in a 6 KB file would abort the process with an out-of-memory error;
- OLE compound files: an ``EncryptedPackage`` stream means a password-protected xlsx;
- CSV: decoded as it streams (never held whole in memory), UTF-8 checked over the whole file before
  anything else is tried, charset-normalizer consulted only when UTF-8 fails.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import operator
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.errors import N_, FacteurError

# A cell may be as long as a file may be: our own per-cell limit (``Limits.max_cell_chars``)
# rejects the row with a reason. With csv's default 128 KiB limit, a longer quoted cell would raise
# mid-record and the reader would carry on inside the cell, turning its lines into bogus rows.
# The limit is process-wide; raising it cannot break another reader.
csv.field_size_limit(max(csv.field_size_limit(), (1 << 31) - 1))


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or accidental file from exhausting memory or time."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 1_000
    max_cell_chars: int = 10_000
    # Zip containers (xlsx, ods).
    max_zip_entries: int = 10_000
    max_uncompressed_bytes: int = 3 * 1024 * 1024 * 1024
    # Real workbooks compress 5-20 times, bombs around 1,000 times.
    max_compression_ratio: int = 200
    ratio_checked_above: int = 1024 * 1024
    # calamine holds every cell of the sheet's rectangle (~32 bytes each): 30 M cells ~ 1 GB.
    max_sheet_cells: int = 30_000_000


DEFAULT_LIMITS = Limits()

FORMATS = ("csv", "xlsx", "xls", "ods")
_HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"%PDF-", N_("a PDF document")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"Rar!\x1a\x07", N_("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"{\\rtf", N_("an RTF document")),
    (b"\x7fELF", N_("a program")),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Encodings a French or English small business's files come in when they are not UTF-8: Windows
# Excel (cp1252), old Mac Excel (mac_roman), DOS exports (cp850). charset-normalizer left to itself
# calls French cp1252 "cp1250", which turns "è" into "č".
_LEGACY_ENCODINGS = ["cp1252", "mac_roman", "cp850"]
_DELIMITERS = (";", ",", "\t", "|")
_SEP_LINE = re.compile(r"\s*sep=([^\"\r\n])\s*\Z", re.IGNORECASE)


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _not_readable(path: Path, what: str) -> FacteurError:
    return FacteurError(
        '"{name}" is {what}, not a spreadsheet or CSV file.', name=path.name, what=what
    )


@dataclass
class Table:
    """An open contact file: its header and a stream of rows, read as they are consumed."""

    format: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    header_row: int  # spreadsheet row number of the header
    # Data rows after the header, for progress: exact for spreadsheets, the count of line breaks
    # for CSV (more than the rows when cells hold line breaks).
    total_rows: int | None
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row number, cells as text)
    # False when the file is known to hold no NUL character, so rows need no check for one.
    may_contain_nul: bool = True
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Open a contact file of any supported format, after checking it is safe to read.

    Raises ``FacteurError`` with a message for the user when the file cannot or must not be read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FacteurError('The file "{path}" does not exist.', path=str(path)) from None
    except OSError as exc:
        raise FacteurError(
            'The file "{path}" cannot be read: {reason}.', path=str(path), reason=exc.strerror
        ) from None
    if not path.is_file():
        raise FacteurError('"{path}" is not a file.', path=str(path))
    if size == 0:
        raise FacteurError('"{name}" is empty.', name=path.name)
    if size > limits.max_file_bytes:
        raise FacteurError(
            '"{name}" is too large to import ({size}; the limit is '
            "{limit}). Split it into smaller files.",
            limit=_size_text(limits.max_file_bytes),
            name=path.name,
            size=_size_text(size),
        )
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD_BYTES)
            kind = _sniff(path, f, head, size, limits)
        if kind == "csv":
            return _open_csv(path, head, limits)
        return _open_workbook(path, kind, limits)
    except OSError as exc:
        raise FacteurError(
            '"{name}" cannot be read: {reason}.', name=path.name, reason=exc.strerror or str(exc)
        ) from None


# -- format detection --------------------------------------------------------------------------


def _sniff(path: Path, f: IO[bytes], head: bytes, size: int, limits: Limits) -> str:
    """The file's format ("csv", "xlsx", "xls" or "ods"), or a FacteurError saying what it is."""
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(path, f, limits)
    if head.startswith(_CFB_MAGIC):
        return _sniff_cfb(path, f, size, limits)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _not_readable(path, what)
    lowered = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        raise FacteurError(
            '"{name}" is a web page (HTML) saved under a spreadsheet name. Open it in your '
            "spreadsheet program and save it as .xlsx or .csv.",
            name=path.name,
        )
    if lowered.startswith(b"<?xml"):
        raise FacteurError(
            '"{name}" is an XML file (perhaps an Excel 2003 XML spreadsheet). Open it in '
            "your spreadsheet program and save it as .xlsx or .csv.",
            name=path.name,
        )
    return "csv"


def _sniff_zip(path: Path, f: IO[bytes], limits: Limits) -> str:
    try:
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_zip_entries:
                raise _bomb(path)
            names = {i.filename for i in infos}
            if "mimetype" in names:
                mimetype = _read_small(zf, "mimetype").strip()
                if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    raise _not_readable(path, N_("an OpenDocument file of another kind"))
            if "[Content_Types].xml" in names:
                types = _read_small(zf, "[Content_Types].xml")
                if (
                    b"spreadsheetml.sheet.main" in types
                    or b".sheet.macroEnabled.main" in types
                    or (b"spreadsheetml.template.main" in types)
                ):
                    return "xlsx"
                if b"sheet.binary.macroEnabled.main" in types:
                    raise FacteurError(
                        '"{name}" is an Excel binary workbook (.xlsb), which cannot be '
                        "imported. Open it in Excel and save it as .xlsx or .csv.",
                        name=path.name,
                    )
                if b"wordprocessingml" in types:
                    raise _not_readable(path, N_("a Word document"))
                if b"presentationml" in types:
                    raise _not_readable(path, N_("a PowerPoint presentation"))
            raise _not_readable(path, N_("a ZIP archive"))
    except _ZIP_ERRORS:
        raise _damaged(path) from None


# What zipfile raises on a damaged archive (NotImplementedError: an unknown "version needed").
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    KeyError,
    struct.error,
    zlib.error,
    NotImplementedError,
)


def _read_small(zf: zipfile.ZipFile, name: str, limit: int = 1024 * 1024) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit or info.flag_bits & 0x1:
        return b""
    with zf.open(info) as member:
        return member.read(limit)


def _damaged(path: Path) -> FacteurError:
    return FacteurError('"{name}" is damaged or is not a spreadsheet or CSV file.', name=path.name)


def _bomb(path: Path) -> FacteurError:
    return FacteurError(
        '"{name}" expands to far more data than a contact file holds (it may be a '
        "decompression bomb); it was not read.",
        name=path.name,
    )


def _password_protected(path: Path) -> FacteurError:
    return FacteurError(
        '"{name}" is password-protected. Open it in your spreadsheet program, remove the '
        "password, save it, and import it again.",
        name=path.name,
    )


def _sniff_cfb(path: Path, f: IO[bytes], size: int, limits: Limits) -> str:
    """An OLE compound file: an old .xls, or an encrypted xlsx (Excel wraps those in one).

    An .xls is checked through and through before calamine reads it: calamine trusts every size
    and sector number of the file, and a few wrong bytes make it reserve terabytes (aborting the
    process), read out of range or loop forever.
    """
    f.seek(0)
    data = f.read()
    try:
        cfb = _Cfb(data)
        names = cfb.names()
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise _password_protected(path)
        if "Workbook" in names or "Book" in names:
            cfb.check_streams()
            rows, columns = _xls_extent(cfb.stream("Workbook") or cfb.stream("Book") or b"")
            if rows * columns > limits.max_sheet_cells:
                raise _too_spread(path, rows, columns)
            return "xls"
    except (ValueError, struct.error, IndexError):
        raise _damaged(path) from None
    if "WordDocument" in names:
        raise _not_readable(path, N_("a Word document"))
    if "PowerPoint Document" in names:
        raise _not_readable(path, N_("a PowerPoint presentation"))
    raise _not_readable(path, N_("an Office file of another kind"))


_RESERVED = 0xFFFFFFFA  # sector numbers from here on are markers
_DIFSECT = 0xFFFFFFFC
_END_OF_CHAIN = 0xFFFFFFFE


class _Cfb:
    """A compound file (MS-CFB) walked as calamine walks it; ValueError where calamine would
    allocate without bound, index out of range or loop."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        header = data[:512]
        if len(header) < 512:
            raise ValueError("short header")
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12) or struct.unpack_from("<H", header, 32)[0] != 6:
            raise ValueError("bad sector sizes")
        self.sector_size = size = 1 << shift
        self.n_sectors = max(0, -(-(len(data) - size) // size))
        dir_len, fat_len, dir_start = struct.unpack_from("<III", header, 40)
        mini_fat_start, mini_fat_len, difat_start, difat_len = struct.unpack_from(
            "<IIII", header, 60
        )
        # calamine reserves memory for these counts before reading anything.
        for count in (dir_len, fat_len, mini_fat_len, difat_len):
            if count * size > len(data):
                raise ValueError("impossible sector count")

        difat = list(struct.unpack_from("<109I", header, 76))
        number, seen = difat_start, set()
        while number < _RESERVED:
            self._check_sector(number, seen)
            difat.extend(self._u32s(self._sector(number)))
            number = difat.pop()
        fat_sectors = [n for n in difat if n < _DIFSECT]
        if len(set(fat_sectors)) != len(fat_sectors):
            raise ValueError("FAT sector listed twice")
        self.fat: list[int] = []
        for number in fat_sectors:
            self._check_sector(number, set())
            self.fat.extend(self._u32s(self._sector(number)))

        directory = self._chain(dir_start, dir_len * size)
        raw_entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        self.entries = [self._entry(raw) for raw in raw_entries]
        # Storages and unused entries have no data of their own.
        self.streams = [e for e, raw in zip(self.entries, raw_entries, strict=True) if raw[66] == 2]
        if not self.entries:
            raise ValueError("no root entry")
        self.ministream = b""
        self.minifat: list[int] = []
        if mini_fat_len > 0:
            root_start, root_len = self.entries[0][1:]
            self.ministream = self._chain(root_start, root_len)
            self.minifat = self._u32s(self._chain(mini_fat_start, mini_fat_len * size))

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.sector_size
        return self.data[start : start + self.sector_size]

    @staticmethod
    def _u32s(data: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))

    def _check_sector(self, number: int, seen: set[int]) -> None:
        if number >= self.n_sectors or number in seen:
            raise ValueError("sector out of range or chain loop")
        seen.add(number)

    def _entry(self, raw: bytes) -> tuple[str, int, int]:
        name = raw[:64].decode("utf-16-le", "replace").split("\0", 1)[0]

        start = struct.unpack_from("<I", raw, 116)[0]
        if self.sector_size == 512:
            length = struct.unpack_from("<I", raw, 120)[0]
        else:
            length = struct.unpack_from("<Q", raw, 120)[0]
        return name, start, length

    def _chain(self, number: int, reserve: int, *, mini: bool = False) -> bytes:
        if reserve > len(self.data):
            raise ValueError("stream larger than the file")
        table = self.minifat if mini else self.fat
        unit = 64 if mini else self.sector_size
        units = len(self.ministream) // 64 if mini else self.n_sectors
        parts: list[bytes] = []
        seen: set[int] = set()
        while number != _END_OF_CHAIN:
            if number >= units or number in seen or number >= len(table):
                raise ValueError("sector out of range or chain loop")
            seen.add(number)
            if mini:
                parts.append(self.ministream[number * unit : (number + 1) * unit])
            else:
                parts.append(self._sector(number))
            number = table[number]
        data = b"".join(parts)
        return data[:reserve] if reserve > 0 else data

    def names(self) -> set[str]:
        return {name for name, _, _ in self.entries}

    def stream(self, name: str) -> bytes | None:
        for entry_name, start, length in self.entries:
            if entry_name == name:  # calamine takes the first entry of that name
                return self._chain(start, length, mini=length < 4096)
        return None

    def check_streams(self) -> None:
        """Every named entry must be readable: calamine also reads the VBA project's streams."""
        for name, start, length in self.streams:
            if name:
                self._chain(start, length, mini=length < 4096)


# BIFF records holding one cell at (row, column) in their first four bytes.
_XLS_CELLS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006}


def _xls_records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + length > len(stream):
            return
        yield kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if kind == 0x000A:  # EOF
            return


def _xls_extent(stream: bytes) -> tuple[int, int]:
    """The largest rows x columns rectangle calamine will reserve or fill for a sheet."""
    sheets: list[int] = []
    for kind, data in _xls_records(stream, 0):
        if kind == 0x0085 and len(data) >= 4:  # BoundSheet: where a sheet's records start
            sheets.append(struct.unpack_from("<I", data)[0])
        elif kind == 0x00FC and len(data) >= 8:  # SST: calamine reserves its string count
            unique = struct.unpack_from("<i", data, 4)[0]
            if unique > len(stream) // 3:
                raise ValueError("impossible string count")
    worst = (0, 0)
    for pos in sheets:
        rows = set()
        columns = set()
        for kind, data in _xls_records(stream, pos):
            if kind == 0x0200 and len(data) in (10, 14):  # Dimensions: calamine reserves them
                if len(data) == 10:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data)
                else:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
                if last_row >= 1 and last_col >= 1:  # calamine's arithmetic, on 32 bits
                    height = (last_row - first_row) % (1 << 32)
                    width = (last_col - first_col) % (1 << 32)
                    if height * width > worst[0] * worst[1]:
                        worst = (height, width)
            elif kind in _XLS_CELLS and len(data) >= 4:
                row, column = struct.unpack_from("<HH", data)
                rows.add(row)
                columns.add(column)
            elif kind == 0x00BD and len(data) >= 6:  # MulRk: one row, a run of columns
                row, first = struct.unpack_from("<HH", data)
                last = struct.unpack_from("<H", data, len(data) - 2)[0]
                rows.add(row)
                columns.update((first, last))
        if rows:
            height, width = max(rows) - min(rows) + 1, max(columns) - min(columns) + 1
            if height * width > worst[0] * worst[1]:
                worst = (height, width)
    return worst


# -- CSV ----------------------------------------------------------------------------------------


@dataclass
class _Scan:
    ok: bool
    newlines: int = 0  # line breaks: a row count for progress (cells may hold some too)
    has_nul: bool = False
    bad_offset: int = 0


def _scan(path: Path, encoding: str) -> _Scan:
    """Decode the whole file as it streams, counting line breaks; no text is kept."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    ascii_based = codecs.lookup(encoding).name not in ("utf-16", "utf-32")
    newlines = carriage = 0
    has_nul = False
    offset = 0
    last = ""
    with path.open("rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return _Scan(False, bad_offset=max(0, offset + exc.start))
            if ascii_based:
                newlines += chunk.count(b"\n")
                carriage += chunk.count(b"\r")
                has_nul = has_nul or b"\0" in chunk
            else:
                newlines += text.count("\n")
                carriage += text.count("\r")
                has_nul = has_nul or "\0" in text
            if text:
                last = text[-1]
            if not chunk:
                break
            offset += len(chunk)
    # Old Mac files end their lines with a lone "\r"; a last line may have no line break.
    lines = (newlines or carriage) + (1 if last and last not in "\r\n" else 0)
    return _Scan(True, lines, has_nul)


def _detect_encoding(path: Path, head: bytes) -> tuple[str, _Scan]:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            scan = _scan(path, encoding)
            if not scan.ok:
                raise _damaged(path)
            return encoding, scan
    if head.count(b"\0") > max(2, len(head) // 1000):
        # Text has no NUL bytes; a stray one is rejected with its row, but many mean binary data.
        raise _not_readable(path, N_("binary data"))
    scan = _scan(path, "utf-8")
    if scan.ok:
        return "utf-8", scan
    # Not UTF-8: ask charset-normalizer about the start of the file and the place UTF-8 failed
    # (a file can be plain ASCII for megabytes before its first "é").
    from charset_normalizer import from_bytes

    with path.open("rb") as f:
        f.seek(max(0, scan.bad_offset - 32 * 1024))
        sample = head + b"\n" + f.read(64 * 1024)
    best = from_bytes(sample, cp_isolation=_LEGACY_ENCODINGS).best()
    candidates = ([best.encoding] if best is not None else []) + _LEGACY_ENCODINGS[:1]
    for encoding in dict.fromkeys(candidates):
        scan = _scan(path, encoding)
        if scan.ok:
            return encoding, scan
    raise FacteurError(
        '"{name}" is not a text file in a known character encoding; save it from your '
        'spreadsheet program as "CSV UTF-8" or as .xlsx.',
        name=path.name,
    )


def _sniff_delimiter(sample: str) -> str:
    """The separator that splits the first lines into the most consistent columns."""
    # Drop a last line that may have been cut by the sample's end.
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    lines = sample[: cut + 1] if cut > 0 else sample
    best, best_score = ";", (-1.0, 0)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(lines, newline=""), delimiter=delimiter)
        try:
            records = [r for r in itertools.islice(reader, 200) if any(r)][:50]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        rest = records[1:]
        consistent = sum(1 for r in rest if len(r) == width) / len(rest) if rest else 1.0
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path, head: bytes, limits: Limits) -> Table:
    encoding, scan = _detect_encoding(path, head)
    with path.open(encoding=encoding, newline="") as f:
        sample = f.read(_HEAD_BYTES)
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    if controls > max(2, len(sample) // 100):
        raise _not_readable(path, N_("binary data"))

    f = path.open(encoding=encoding, newline="")
    try:
        first = f.readline()
        declared = _SEP_LINE.match(first)
        if declared:
            # Excel's "sep=;" first line names the separator and is not a row of the sheet.
            delimiter = declared.group(1)
            lines: Iterator[str] = iter(f)
        else:
            delimiter = _sniff_delimiter(sample)
            lines = itertools.chain([first], f)
        records = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
        numbered = enumerate(records, start=1)
        header_row, headers = _first_non_blank(path, numbered)
        headers = _trim_header(path, headers, limits)
        total = max(0, scan.newlines - header_row - (0 if declared is None else 1))

        def rows() -> Iterator[tuple[int, list[str]]]:
            try:
                yield from numbered
            except UnicodeDecodeError:
                raise _damaged(path) from None
            except csv.Error as exc:
                raise FacteurError(
                    '"{name}" cannot be read as CSV: {reason}.', name=path.name, reason=str(exc)
                ) from None

        return Table(
            "csv",
            encoding,
            delimiter,
            headers,
            header_row,
            total,
            rows(),
            may_contain_nul=scan.has_nul,
            _closers=[f.close],
        )
    except BaseException:
        f.close()
        raise


def _first_non_blank(
    path: Path, numbered: Iterator[tuple[int, list[Any]]]
) -> tuple[int, list[str]]:
    for number, cells in numbered:
        texts = [c if type(c) is str else _cell_text(c) for c in cells]
        if any(t.strip() for t in texts):
            return number, texts
    raise FacteurError('"{name}" holds no data.', name=path.name)


def _trim_header(path: Path, headers: list[str], limits: Limits) -> list[str]:
    headers = [h.strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()  # trailing separators leave empty, unnamed columns: not data
    if len(headers) > limits.max_columns:
        raise FacteurError(
            '"{name}" has {columns:,} columns; at most {max_columns:,} can be imported.',
            name=path.name,
            columns=len(headers),
            max_columns=limits.max_columns,
        )
    return headers


# -- spreadsheets -------------------------------------------------------------------------------


@contextmanager
def _calamine_errors(path: Path) -> Iterator[None]:
    """calamine's errors as FacteurError, including its Rust panics on some damaged files."""
    import python_calamine as calamine

    try:
        yield
    except calamine.PasswordError:
        raise _password_protected(path) from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise FacteurError(
            '"{name}" cannot be read as a spreadsheet: {reason}.', name=path.name, reason=str(exc)
        ) from None
    except BaseException as exc:
        # pyo3 turns a panic into PanicException, a BaseException that cannot be imported.
        if type(exc).__name__ == "PanicException":
            raise _damaged(path) from None
        raise


def _open_workbook(path: Path, kind: str, limits: Limits) -> Table:
    import python_calamine as calamine

    if kind in ("xlsx", "ods"):
        _check_zip_container(path, kind, limits)
    with _calamine_errors(path), path.open("rb") as f:
        # From the content, not the path: calamine picks its reader from the extension.
        workbook = calamine.CalamineWorkbook.from_filelike(f)
    try:
        with _calamine_errors(path):
            sheet = _first_sheet_with_data(workbook, calamine)
            if sheet is None:
                raise FacteurError('"{name}" holds no data.', name=path.name)
            # iter_rows() starts at the sheet's first row even when the data starts lower.
            last_row = sheet.end[0] + 1 if sheet.end else 0
            if last_row - 1 > limits.max_rows:
                raise _too_many_rows(path, limits)
            if sheet.width > limits.max_columns * 4:
                raise FacteurError(
                    '"{name}" has {columns:,} columns; at most {max_columns:,} can be imported.',
                    name=path.name,
                    columns=sheet.width,
                    max_columns=limits.max_columns,
                )
            numbered = enumerate(sheet.iter_rows(), start=1)
            header_row, headers = _first_non_blank(path, numbered)
        headers = _trim_header(path, headers, limits)
        total = last_row - header_row

        def rows() -> Iterator[tuple[int, list[str]]]:
            with _calamine_errors(path):
                for number, cells in numbered:
                    yield number, [c if type(c) is str else _cell_text(c) for c in cells]

        return Table(
            kind, None, None, headers, header_row, total, rows(), _closers=[workbook.close]
        )
    except BaseException:
        workbook.close()
        raise


def _first_sheet_with_data(workbook: Any, calamine: Any) -> Any:
    for meta in workbook.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        if sheet.height > 0:
            return sheet
    return None


def _too_spread(path: Path, rows: int, columns: int) -> FacteurError:
    return FacteurError(
        '"{name}" has cells spread over {rows:,} rows and {columns:,} columns, more than '
        "can be imported. Delete the unused rows and columns (or copy the contacts to a new "
        "sheet) and save it again.",
        name=path.name,
        rows=rows,
        columns=columns,
    )


def _too_many_rows(path: Path, limits: Limits) -> FacteurError:
    return FacteurError(
        '"{name}" has more than {max_rows:,} rows; split it into smaller files.',
        name=path.name,
        max_rows=limits.max_rows,
    )


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 612345678.0 is the phone number 612345678
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


# -- zip containers: bombs and sheet extents ------------------------------------------------------


def _check_zip_container(path: Path, kind: str, limits: Limits) -> None:
    """Refuse zip bombs and sheets whose cells span a rectangle too large to hold in memory."""
    with path.open("rb") as f:
        try:
            with zipfile.ZipFile(f) as zf:
                infos = zf.infolist()
                sheets = _sheet_members(zf, kind)
        except _ZIP_ERRORS:
            raise _damaged(path) from None
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _password_protected(path)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise FacteurError(
                    '"{name}" uses a compression method that cannot be read; save it again '
                    "from your spreadsheet program.",
                    name=path.name,
                )
            total += info.file_size
            if total > limits.max_uncompressed_bytes:
                raise _bomb(path)
            if info.file_size > limits.ratio_checked_above and (
                info.file_size > limits.max_compression_ratio * max(1, info.compress_size)
            ):
                raise _bomb(path)
        # The declared sizes can lie: inflate everything (fast, nothing kept) and compare.
        for info in infos:
            strings = _SharedStringsCheck(info.file_size) if kind == "xlsx" else None
            if info.filename not in sheets:
                _inflate(path, f, info, strings.feed if strings else None)
            else:
                extent: _XlsxExtent | _OdsExtent = _XlsxExtent() if kind == "xlsx" else _OdsExtent()
                _inflate(
                    path, f, info, _both(extent.feed, strings.feed) if strings else extent.feed
                )
                rows, columns = extent.finish()
                if rows * columns > limits.max_sheet_cells and kind == "xlsx":
                    extent = _XlsxExtent(precise=True)
                    _inflate(path, f, info, extent.feed)
                    rows, columns = extent.finish()
                if rows * columns > limits.max_sheet_cells:
                    raise _too_spread(path, rows, columns)
            if strings is not None and strings.hostile:
                raise _bomb(path)


def _both(
    first: Callable[[bytes], None], second: Callable[[bytes], None]
) -> Callable[[bytes], None]:
    def feed(data: bytes) -> None:
        first(data)
        second(data)

    return feed


def _sheet_members(zf: zipfile.ZipFile, kind: str) -> set[str]:
    if kind == "ods":
        return {"content.xml"}
    members = {i.filename for i in zf.infolist()}
    sheets = {n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    # The workbook's relationships say where its sheets are; a hostile file may put them elsewhere.
    rels = b""
    if "xl/_rels/workbook.xml.rels" in members:
        if zf.getinfo("xl/_rels/workbook.xml.rels").file_size > 1024 * 1024:
            raise ValueError("implausibly large workbook relationships")  # hides sheets from us
        rels = _read_small(zf, "xl/_rels/workbook.xml.rels")
    for relationship in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", rels):
        target = re.search(rb'\bTarget="([^"]+)"', relationship)
        if target is None or not re.search(rb'\bType="[^"]*/worksheet"', relationship):
            continue
        name = target.group(1).decode("utf-8", "replace")
        name = name.lstrip("/") if name.startswith("/") else posixpath.normpath("xl/" + name)
        if name in members:
            sheets.add(name)
    return sheets


def _inflate(
    path: Path, f: IO[bytes], info: zipfile.ZipInfo, sink: Callable[[bytes], None] | None
) -> None:
    """Inflate one entry in bounded pieces; refuse it when it yields more than it declares."""
    f.seek(info.header_offset)
    local = f.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise _damaged(path)
    name_len, extra_len = struct.unpack_from("<HH", local, 26)
    f.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    produced = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0:
        chunk = f.read(min(left, _CHUNK))
        if not chunk:
            raise _damaged(path)
        left -= len(chunk)
        pending = chunk
        while pending:
            if inflater is None:
                out, pending = pending, b""
            else:
                try:
                    out = inflater.decompress(pending, _CHUNK)
                except zlib.error:
                    raise _damaged(path) from None
                pending = inflater.unconsumed_tail
            produced += len(out)
            if produced > info.file_size:
                raise _bomb(path)
            if sink is not None and out:
                sink(out)
            if inflater is not None and inflater.eof:
                pending = b""
    if produced != info.file_size:
        raise _damaged(path)


class _XlsxExtent:
    """Bounds the rows x columns rectangle calamine will allocate for a worksheet's XML.

    Rows and cells usually carry their position (``<row r="5">``, ``<c r="B5">``); without it they
    follow the previous one. The quick pass counts every positioned cell; only when that rectangle
    is too large does a slower pass leave out empty styled cells (``<c r="XFD9" s="1"/>``), which
    calamine skips, so a stray formatted cell does not get an honest file refused.
    """

    _ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d{1,10})"')
    _CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,7})(\d{1,10})"')
    _FILLED_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,7})(\d{1,10})"[^>]*?(/?)>')
    _CELL_TAG = re.compile(rb"<c[\s/>]")
    _ROW_TAG = re.compile(rb"<row[\s/>]")

    def __init__(self, precise: bool = False) -> None:
        self._precise = precise
        self._tail = b""
        self.max_row = 0  # of positioned cells
        self.max_col = 0
        # Only for cells without a position, placed after the previous row / cell:
        self.implicit = False
        self.max_row_ref = 0
        self.row_tags = 0
        self.widest_row = 0

    def feed(self, data: bytes) -> None:
        data = self._tail + data
        cut = data.rfind(b"</row>")
        cut = cut + 6 if cut >= 0 else data.rfind(b">") + 1
        if cut <= 0:
            if len(data) > 16 * _CHUNK:  # no tag end in 16 MB: nothing calamine would read
                data = data[-_CHUNK:]
            self._tail = data
            return
        self._segment(data[:cut])
        self._tail = data[cut:]

    def _segment(self, seg: bytes) -> None:
        row_refs = self._ROW_REF.findall(seg)
        if row_refs:
            self.max_row_ref = max(self.max_row_ref, max(map(int, row_refs)))
        self.row_tags += len(self._ROW_TAG.findall(seg))
        if self._precise:
            found = self._FILLED_REF.findall(seg)
            refs = [(c, r) for c, r, closed in found if not closed]
        else:
            refs = found = self._CELL_REF.findall(seg)
        if refs:
            self.max_row = max(self.max_row, max(map(int, map(_second, refs))))
            self.max_col = max(self.max_col, max(map(_column_number, set(map(_first, refs)))))
        if len(found) != len(self._CELL_TAG.findall(seg)):
            # Some cells have no position: bound the width by the most cells in one row.
            self.implicit = True
            self.widest_row = max(
                self.widest_row,
                max(len(self._CELL_TAG.findall(p)) for p in seg.split(b"</row>")),
            )

    def finish(self) -> tuple[int, int]:
        if self._tail:
            self._segment(self._tail)
            self._tail = b""
        if not self.implicit:
            return self.max_row, self.max_col
        rows = max(self.max_row, self.max_row_ref) + self.row_tags
        return rows, self.max_col + self.widest_row


class _SharedStringsCheck:
    """Flags a shared-strings table announcing more strings than its size can hold.

    calamine reserves memory for ``uniqueCount`` strings up front: a 2 KB file announcing four
    billion would make it abort the process for want of 96 GB.
    """

    _SST = re.compile(rb"<(?:[\w.-]+:)?sst\b[^>]*>")
    _COUNT = re.compile(rb'\b(?:unique)?[cC]ount="(\d{1,20})"')

    def __init__(self, size: int) -> None:
        self._most = size // 4 + 16  # "<si/>" takes 5 bytes at least
        self._tail = b""
        self.hostile = False

    def feed(self, data: bytes) -> None:
        data = self._tail + data
        if b"sst" not in data:
            self._tail = data[-8:]
            return
        for tag in self._SST.findall(data):
            if any(int(n) > self._most for n in self._COUNT.findall(tag)):
                self.hostile = True
        start = data.rfind(b"<")
        self._tail = data[start:][-4096:] if start >= 0 else b""


_first, _second = operator.itemgetter(0), operator.itemgetter(1)


def _column_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + (b - 64)
    return n


class _OdsExtent:
    """Bounds the rectangle calamine will fill for an ODS ``content.xml``.

    ODS repeats rows and cells with ``number-rows-repeated`` / ``number-columns-repeated``; every
    LibreOffice file repeats empty ones to the sheet's end, which costs nothing, but a repeated
    cell with content is filled in for real.
    """

    _ROW_START = re.compile(rb"<table:table-row(?=[\s/>])([^>]*?)(/?)>")
    _CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*?)(/?)>")
    _ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d{1,10})"')
    _COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d{1,10})"')
    _END = b"</table:table-row>"

    def __init__(self) -> None:
        self._tail = b""
        self.row = 0  # rows passed in the current table
        self.rows = 0  # last row with content, over all tables
        self.columns = 0

    def feed(self, data: bytes) -> None:
        data = self._tail + data
        cut = data.rfind(self._END)
        if cut < 0:
            if len(data) > 16 * _CHUNK:
                data = data[-_CHUNK:]
            self._tail = data
            return
        cut += len(self._END)
        for piece in data[:cut].split(self._END)[:-1]:
            self._row(piece)
        self._tail = data[cut:]

    def _row(self, piece: bytes) -> None:
        if b"<table:table " in piece or b"<table:table>" in piece:
            self.row = 0  # a new sheet starts
        starts = list(self._ROW_START.finditer(piece))
        if not starts:
            return
        # Self-closed rows before the last start tag are empty rows that only move the position.
        for m in starts[:-1]:
            self.row += self._repeat(self._ROWS_REPEATED, m.group(1))
        last = starts[-1]
        repeat = self._repeat(self._ROWS_REPEATED, last.group(1))
        body = piece[last.end() :]
        if last.group(2) or not (b"office:value-type" in body or b"<text:" in body):
            self.row += repeat
            return
        if b"columns-repeated" not in body:
            width = len(self._CELL.findall(body))
        else:
            width = column = 0
            for cell in self._CELL.finditer(body):
                column += self._repeat(self._COLUMNS_REPEATED, cell.group(1))
                if not cell.group(2) or b"office:value-type" in cell.group(1):
                    width = column
        self.row += repeat
        self.rows = max(self.rows, self.row)
        self.columns = max(self.columns, width)

    @staticmethod
    def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
        m = pattern.search(attributes)
        return int(m.group(1)) if m else 1

    def finish(self) -> tuple[int, int]:
        return self.rows, self.columns


__all__ = ["DEFAULT_LIMITS", "FORMATS", "Limits", "Table", "open_table"]
