"""Exports: CSV for French Excel and XLSX, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from app.contacts.exporting import BASE_COLUMNS, export_contacts, neutralise
from app.contacts.segments import create_segment
from app.contacts.service import ContactInput, ContactQuery, add_contact
from app.db import Database
from app.errors import FacteurError, InvalidInput

DANGEROUS = ["=1+1", "+33 6 12 34 56 78", "-5", "@SUM(A1:A2)", "\tTAB", "\rCR"]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exports (the SQLite database lives in ``tmp_path``)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: French Excel detects the encoding
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def read_xlsx(path: Path) -> list[list[Any]]:
    wb = CalamineWorkbook.from_path(str(path))
    try:
        assert wb.sheet_names == ["Contacts"]
        return wb.get_sheet_by_name("Contacts").to_python(skip_empty_area=False)
    finally:
        wb.close()


def read(path: Path) -> list[list[Any]]:
    return read_csv(path) if path.suffix == ".csv" else read_xlsx(path)


@pytest.fixture
def book(db: Database) -> Database:
    add_contact(db, ContactInput(
        email="alice@exemple.fr", first_name="Alice", last_name="Martin", company="Acme; Fils",
        tags=["vip", "=HYPERLINK(\"http://x\")"], lists=["Clients"], tracking_consent=True,
        attributes={"ville": "Lyon", "note": "ligne 1\nligne 2 \"citée\""},
    ))  # fmt: skip
    add_contact(db, ContactInput(
        email="bob@exemple.fr", first_name="Bob", company="=cmd|' /C calc'!A0",
        tags=["vip"], attributes={"solde": "-5", "=clé": "@SUM(A1:A2)", "ville": "Évry"},
    ))  # fmt: skip
    add_contact(db, ContactInput(
        email="chloe@exemple.fr", first_name="+Chloé", lists=["Clients", "Prospects"],
        attributes={"tab": "\tTAB", "cr": "\rCR", "ctl": "a\x01b\x1bc"},
    ))  # fmt: skip
    create_segment(
        db, "Lyonnais", {"all": [{"field": "attributes.ville", "op": "eq", "value": "lyon"}]}
    )
    return db


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_all(book: Database, out: Path, suffix: str) -> None:
    path = out / f"contacts{suffix}"
    assert export_contacts(book, path) == 3
    rows = read(path)
    header = rows[0]
    attrs = ["'=clé", "cr", "ctl", "note", "solde", "tab", "ville"]
    assert header == [*BASE_COLUMNS, *attrs]  # attribute columns after the built-in ones, sorted
    assert len(rows) == 4
    by_email = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_email) == ["alice@exemple.fr", "bob@exemple.fr", "chloe@exemple.fr"]
    alice, bob, chloe = by_email.values()
    assert alice["company"] == "Acme; Fils"
    assert alice["note"] == 'ligne 1\nligne 2 "citée"'
    assert alice["tags"] == '\'=HYPERLINK("http://x"), vip'  # tag names sorted, neutralised
    assert alice["lists"] == "Clients"
    assert alice["tracking_consent"] == "yes" and bob["tracking_consent"] == "no"
    assert alice["ville"] == "Lyon" and bob["ville"] == "Évry" and chloe["ville"] == ""
    assert datetime.fromisoformat(alice["created_at"]).utcoffset() is not None
    assert bob["company"] == "'=cmd|' /C calc'!A0"
    assert bob["solde"] == "'-5"
    assert bob["'=clé"] == "'@SUM(A1:A2)"
    assert chloe["first_name"] == "'+Chloé"
    assert chloe["tab"] == "'\tTAB"
    assert chloe["lists"] == "Clients, Prospects"
    if suffix == ".csv":
        assert chloe["cr"] == "'\rCR"
        assert chloe["ctl"] == "a\x01b\x1bc"
    else:
        assert chloe["cr"].startswith("'") and chloe["cr"].endswith("CR")
        assert chloe["ctl"] == "abc"  # XML cannot hold these control characters


def test_csv_format_details(book: Database, out: Path) -> None:
    path = out / "out.csv"
    export_contacts(book, path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffemail;first_name;last_name;")
    assert "\r\n" in text
    assert '"Acme; Fils"' in text  # a value holding the separator is quoted


def test_xlsx_holds_no_formula(book: Database, out: Path) -> None:
    path = out / "out.xlsx"
    export_contacts(book, path)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = z.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml


FILTERS = [
    (ContactQuery(list_name="Clients"), ["alice@exemple.fr", "chloe@exemple.fr"]),
    (ContactQuery(tag="vip"), ["alice@exemple.fr", "bob@exemple.fr"]),
    (ContactQuery(segment="Lyonnais"), ["alice@exemple.fr"]),
    (ContactQuery(search="bob"), ["bob@exemple.fr"]),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_filtered(book: Database, out: Path, suffix: str) -> None:
    for n, (query, expected) in enumerate(FILTERS):
        path = out / f"out{n}{suffix}"
        assert export_contacts(book, path, query) == len(expected)
        rows = read(path)
        assert [r[0] for r in rows[1:]] == expected, query
    # only the attributes of the exported contacts become columns
    assert read(out / f"out2{suffix}")[0] == [*BASE_COLUMNS, "note", "ville"]


def test_export_empty(db: Database, out: Path) -> None:
    assert export_contacts(db, out / "vide.csv") == 0
    assert read_csv(out / "vide.csv") == [list(BASE_COLUMNS)]
    assert export_contacts(db, out / "vide.xlsx") == 0
    assert read_xlsx(out / "vide.xlsx") == [list(BASE_COLUMNS)]


def test_format_argument_overrides_the_extension(book: Database, out: Path) -> None:
    path = out / "export.dat"
    assert export_contacts(book, path, fmt="XLSX") == 3
    with zipfile.ZipFile(path) as z:
        assert "xl/workbook.xml" in z.namelist()
    path = out / "export"
    assert export_contacts(book, path, fmt="csv") == 3
    assert read_csv(path)[0][0] == "email"


def test_unknown_format(book: Database, out: Path) -> None:
    for name, fmt in (("x.txt", None), ("x", None), ("x.csv", "pdf")):
        with pytest.raises(InvalidInput, match="Unknown export format"):
            export_contacts(book, out / name, fmt=fmt)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_unwritable_path_leaves_nothing(book: Database, out: Path, suffix: str) -> None:
    a_file = out / "fichier"
    a_file.write_text("x")
    a_dir = out / f"dossier{suffix}"
    a_dir.mkdir()
    for target in (
        out / "absent" / f"out{suffix}",  # a missing folder
        a_file / f"out{suffix}",  # a "folder" that is a file
        a_dir,  # the target is a folder
    ):
        with pytest.raises(FacteurError, match="Cannot write"):
            export_contacts(book, target)
    assert sorted(p.name for p in out.rglob("*")) == ["dossier" + suffix, "fichier"]
    assert list(a_dir.iterdir()) == []


def test_a_failure_while_writing_leaves_no_partial_file(
    book: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.contacts.exporting as exporting

    def broken_writer(path: Path, header: list[str], rows: Any) -> None:
        with path.open("w", encoding="utf-8") as f:
            f.write(";".join(header))
            next(iter(rows))
            raise RuntimeError("disk vanished")

    monkeypatch.setattr(exporting, "_write_csv", broken_writer)
    with pytest.raises(RuntimeError):
        export_contacts(book, out / "out.csv")
    assert list(out.iterdir()) == []


def test_existing_file_is_replaced_atomically(book: Database, out: Path) -> None:
    path = out / "out.csv"
    path.write_text("ancien contenu")
    export_contacts(book, path, ContactQuery(tag="vip"))
    assert len(read_csv(path)) == 3
    assert [p.name for p in out.iterdir()] == ["out.csv"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("", ""),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_csv_is_readable_as_text(book: Database, out: Path) -> None:
    path = out / "out.csv"
    export_contacts(book, path)
    buf = io.StringIO(path.read_text(encoding="utf-8-sig"))
    assert next(csv.DictReader(buf, delimiter=";"))["email"] == "alice@exemple.fr"
