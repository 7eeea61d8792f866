"""Contact import: formats, encodings, mapping, duplicates, lists/tags, hostile files, cancel.

Files are generated here, as the French small businesses' spreadsheet programs write them. Two
formats the project's libraries cannot write are committed in ``fixtures/`` (see make_fixtures.py).
Tests taking ``db`` run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.contacts import importing
from app.contacts.importing import (
    ImportResult,
    Limits,
    RejectedRow,
    import_contacts,
    inspect_file,
    write_rejected_csv,
)
from app.contacts.mapping import auto_mapping, slugify, unique_headers
from app.db import Database
from app.db.models import Contact, ContactList, ContactTag, ListMembership, Tag
from app.errors import FacteurError, ImportCancelled, InvalidInput

FIXTURES = Path(__file__).parent / "fixtures"


# -- helpers ------------------------------------------------------------------------------------


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def stored(db: Database) -> dict[str, Contact]:
    with db.session() as s:
        return {c.email: c for c in s.scalars(select(Contact))}


def count(db: Database, model: Any) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def memberships(db: Database) -> list[tuple[str, str, str]]:
    with db.session() as s:
        rows = s.execute(
            select(ContactList.name, Contact.email, ListMembership.status)
            .join(ListMembership, ListMembership.list_id == ContactList.id)
            .join(Contact, Contact.id == ListMembership.contact_id)
            .order_by(ContactList.name, Contact.email)
        )
        return [tuple(r) for r in rows]


def tagged(db: Database) -> list[tuple[str, str]]:
    with db.session() as s:
        rows = s.execute(
            select(Tag.name, Contact.email)
            .join(ContactTag, ContactTag.tag_id == Tag.id)
            .join(Contact, Contact.id == ContactTag.contact_id)
            .order_by(Tag.name, Contact.email)
        )
        return [tuple(r) for r in rows]


def add_contact(db: Database, email: str, **values: Any) -> None:
    with db.session() as s:
        s.add(Contact(email=email, **values))


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def ods(path: Path, rows_xml: str) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice structures one."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_row(*values: str) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        if v
        else "<table:table-cell/>"
        for v in values
    )
    return f"<table:table-row>{cells}</table:table-row>"


# -- CSV: encodings, separators, layout -----------------------------------------------------------


def test_french_excel_cp1252_semicolon(db: Database, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "clients.csv",
        "Adresse e-mail;Prénom;Nom;Société;Téléphone;Ville;Date de naissance\r\n"
        "helene.lefevre@exemple.fr;Hélène;Lefèvre;Société Générale;06 12 34 56 78;Besançon;"
        "17/05/1980\r\n"
        "Francois@Exemple.FR;François;Noël;Cœur & Fils;;Orléans;\r\n",
        "cp1252",
    )
    preview = inspect_file(path)
    assert (preview.format, preview.encoding, preview.delimiter) == ("csv", "cp1252", ";")
    assert preview.mapping == {
        "Adresse e-mail": "email",
        "Prénom": "first_name",
        "Nom": "last_name",
        "Société": "company",
        "Téléphone": "phone",
        "Ville": "attributes.ville",
        "Date de naissance": "attributes.date_de_naissance",
    }
    assert preview.rows[1][3] == "Cœur & Fils"

    before = datetime.datetime.now(datetime.UTC)
    result = import_contacts(db, path)
    assert (result.imported, result.updated, result.skipped, result.invalid) == (2, 0, 0, [])
    contacts = stored(db)
    helene = contacts["helene.lefevre@exemple.fr"]
    assert (helene.first_name, helene.last_name, helene.company) == (
        "Hélène",
        "Lefèvre",
        "Société Générale",
    )
    assert helene.phone == "06 12 34 56 78"
    assert helene.attributes == {"ville": "Besançon", "date_de_naissance": "17/05/1980"}
    assert helene.status == "subscribed"
    assert helene.consent_source == "import:clients.csv"
    assert helene.consent_at is not None and helene.consent_at >= before - datetime.timedelta(
        seconds=1
    )
    francois = contacts["francois@exemple.fr"]
    assert francois.company == "Cœur & Fils"
    assert francois.attributes == {"ville": "Orléans"}  # a blank cell is no attribute


def test_cp1252_accent_far_into_the_file(tmp_path: Path) -> None:
    """UTF-8 fails only after 100 KB of ASCII: the encoding is still found, and correct."""
    lines = ["Email;Nom"] + [f"user{i}@exemple.fr;Martin" for i in range(5000)]
    lines.append("zoe@exemple.fr;Noël")
    path = write_text(tmp_path / "late.csv", "\r\n".join(lines) + "\r\n", "cp1252")
    preview = inspect_file(path)
    assert preview.encoding == "cp1252"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected_encoding"),
    [
        ("utf-8-sig", ",", "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("utf-8", "\t", "utf-8"),
        ("utf-16", "\t", "utf-16"),  # Excel's "Unicode text"
        ("mac_roman", ";", "mac_roman"),  # old Mac Excel
    ],
)
def test_encodings_and_separators(
    sqlite_db: Database, tmp_path: Path, encoding: str, delimiter: str, expected_encoding: str
) -> None:
    rows = [
        ["E-mail", "Prénom", "Nom"],
        ["zoe@exemple.fr", "Zoé", "Noël"],
        ["luc@exemple.fr", "Luc", "Évrard"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = write_text(tmp_path / "contacts.csv", buffer.getvalue(), encoding)
    preview = inspect_file(path)
    assert (preview.encoding, preview.delimiter) == (expected_encoding, delimiter)
    assert preview.headers == ["E-mail", "Prénom", "Nom"]
    assert import_contacts(sqlite_db, path).imported == 2
    assert stored(sqlite_db)["zoe@exemple.fr"].last_name == "Noël"
    assert stored(sqlite_db)["luc@exemple.fr"].last_name == "Évrard"


def test_row_numbers_count_blank_lines_and_not_quoted_line_breaks(
    db: Database, tmp_path: Path
) -> None:
    path = write_text(
        tmp_path / "messy.csv",
        "Email;Nom;Notes\r\n"  # row 1
        'a@exemple.fr;Anne;"première ligne\r\ndeuxième ligne"\r\n'  # row 2, one cell on two lines
        "\r\n"  # row 3, blank
        "pas-une-adresse;Bruno;\r\n"  # row 4
        ";Chloé;sans adresse\r\n"  # row 5
        "b@exemple.fr;Denis;x\r\n"  # row 6
        "\r\n"
        ";;\r\n"  # rows 7 and 8, blank
        "c@exemple..fr;Eve;\r\n"  # row 9
        "   ;  ;\r\n",  # row 10, only spaces: blank
    )
    result = import_contacts(db, path)
    assert (result.imported, result.updated, result.skipped) == (2, 0, 0)
    assert [(r.row, r.value) for r in result.invalid] == [
        (4, "pas-une-adresse"),
        (5, ""),
        (9, "c@exemple..fr"),
    ]
    assert result.invalid[0].reason.startswith("invalid email: ")
    assert result.invalid[1].reason == "missing email"
    assert result.invalid[0].values == {"Email": "pas-une-adresse", "Nom": "Bruno", "Notes": ""}
    assert stored(db)["a@exemple.fr"].attributes == {"notes": "première ligne\r\ndeuxième ligne"}


def test_short_long_rows_trailing_separators_and_sep_line(
    sqlite_db: Database, tmp_path: Path
) -> None:
    path = write_text(
        tmp_path / "ragged.csv",
        "sep=,\n"  # Excel's separator hint: not a row
        "Email,Prénom,Nom,,\n"  # trailing empty columns
        "a@exemple.fr,Anne\n"  # short row
        "b@exemple.fr,Bruno,Blanc,extra,cells,beyond\n"  # long row
        "bad,Carl,,,\n"  # row 4 as Excel shows it
        "c@exemple.fr,Chloé,Cordier",  # no final line break
    )
    preview = inspect_file(path)
    assert preview.delimiter == ","
    assert preview.headers == ["Email", "Prénom", "Nom"]
    assert preview.rows[0] == ["a@exemple.fr", "Anne", ""]
    assert preview.rows[1] == ["b@exemple.fr", "Bruno", "Blanc"]
    calls: list[tuple[int, int | None]] = []
    result = import_contacts(
        sqlite_db, path, progress=lambda done, total: calls.append((done, total))
    )
    assert result.imported == 3
    assert [r.row for r in result.invalid] == [4]
    assert calls[-1] == (4, 4)
    contacts = stored(sqlite_db)
    assert contacts["a@exemple.fr"].last_name == ""
    assert contacts["b@exemple.fr"].attributes == {}


def test_leading_blank_lines_and_old_mac_line_ends(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(tmp_path / "mac.csv", "\r\rEmail;Nom\ra@exemple.fr;A\rnope;B\r")
    result = import_contacts(sqlite_db, path)
    assert result.imported == 1
    assert [r.row for r in result.invalid] == [5]  # header on row 3, as a spreadsheet shows it


def test_format_is_read_from_content_not_name(sqlite_db: Database, tmp_path: Path) -> None:
    as_xlsx = tmp_path / "really-a-csv.xlsx"
    write_text(as_xlsx, "Email;Nom\r\na@exemple.fr;A\r\n")
    assert inspect_file(as_xlsx).format == "csv"
    as_csv = xlsx(tmp_path / "really-a-workbook.csv", [["Email"], ["b@exemple.fr"]])
    assert inspect_file(as_csv).format == "xlsx"
    assert import_contacts(sqlite_db, as_csv).imported == 1


def test_header_only_file(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(tmp_path / "empty.csv", "Email;Nom\r\n")
    assert import_contacts(sqlite_db, path) == ImportResult(0, 0, 0, [])


def test_email_with_display_name_or_mailto(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "outlook.csv",
        'Courriel\r\n"Jean Dupont <Jean.Dupont@Exemple.fr>"\r\nmailto:zoe@exemple.fr\r\n',
    )
    assert import_contacts(sqlite_db, path).imported == 2
    assert set(stored(sqlite_db)) == {"jean.dupont@exemple.fr", "zoe@exemple.fr"}


def test_locale_values_are_normalised(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "langues.csv",
        "Email;Langue\r\na@x.fr;Français\r\nb@x.fr;fr_fr\r\nc@x.fr;EN\r\nd@x.fr;Breton\r\n",
    )
    import_contacts(sqlite_db, path)
    assert {e: c.locale for e, c in stored(sqlite_db).items()} == {
        "a@x.fr": "fr",
        "b@x.fr": "fr-FR",
        "c@x.fr": "en",
        "d@x.fr": "Breton",
    }


# -- mapping ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("E-mail", "email"),
        ("EMAIL", "email"),
        ("Adresse e-mail", "email"),
        ("Adresse mail", "email"),
        ("Courriel", "email"),
        ("Mail", "email"),
        ("Email address", "email"),
        (" adresse  E-MAIL ", "email"),
        ("Prénom", "first_name"),
        ("PRENOM", "first_name"),
        ("First name", "first_name"),
        ("Firstname", "first_name"),
        ("Given name", "first_name"),
        ("Nom", "last_name"),
        ("Nom de famille", "last_name"),
        ("Last name", "last_name"),
        ("Surname", "last_name"),
        ("Family name", "last_name"),
        ("Société", "company"),
        ("Entreprise", "company"),
        ("Company", "company"),
        ("Organisation", "company"),
        ("Organization", "company"),
        ("Raison sociale", "company"),
        ("Téléphone", "phone"),
        ("Tél.", "phone"),
        ("Phone", "phone"),
        ("Mobile", "phone"),
        ("Portable", "phone"),
        ("Langue", "locale"),
        ("Language", "locale"),
        ("Locale", "locale"),
        ("Date de naissance", "attributes.date_de_naissance"),
        ("Code postal (domicile)", "attributes.code_postal_domicile"),
        ("Cœur de cible", "attributes.coeur_de_cible"),
    ],
)
def test_header_auto_mapping(header: str, target: str) -> None:
    assert auto_mapping([header]) == {header: target}


def test_duplicate_and_empty_headers() -> None:
    headers = unique_headers(["Email", "Ville", "", "ville", "Téléphone", "Mobile"])
    assert headers == ["Email", "Ville", "(column 3)", "ville (2)", "Téléphone", "Mobile"]
    assert auto_mapping(headers) == {
        "Email": "email",
        "Ville": "attributes.ville",
        "(column 3)": "ignore",
        "ville (2)": "attributes.ville_2",
        "Téléphone": "phone",
        "Mobile": "attributes.mobile",  # a second phone column keeps its data
    }
    assert slugify("  Date de naissance!! ") == "date_de_naissance"


def test_mapping_overrides(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "custom.csv",
        "Contact;Adresse pro;Commune;Remarque;Email\r\nAnne;anne@exemple.fr;Lyon;vip;perso@exemple.fr\r\n",
    )
    result = import_contacts(
        sqlite_db,
        path,
        mapping={
            "Adresse pro": "email",
            "Contact": "first_name",
            "Commune": "city",
            "Remarque": "ignore",
        },
    )
    assert result.imported == 1
    anne = stored(sqlite_db)["anne@exemple.fr"]
    assert anne.first_name == "Anne"
    # The column auto-mapped to email lost it to the user's choice and became an attribute.
    assert anne.attributes == {"city": "Lyon", "email": "perso@exemple.fr"}


def test_mapping_errors(sqlite_db: Database, tmp_path: Path) -> None:
    path = write_text(tmp_path / "m.csv", "Nom;Adresse;Ville\r\nA;a@exemple.fr;Lyon\r\n")
    with pytest.raises(
        FacteurError, match=r"No column is mapped to the email address; .*\"Adresse\""
    ):
        import_contacts(sqlite_db, path)
    with pytest.raises(FacteurError, match='not in the file: "Courriel"'):
        import_contacts(sqlite_db, path, mapping={"Courriel": "email"})
    with pytest.raises(FacteurError, match="Two columns are mapped to email"):
        import_contacts(sqlite_db, path, mapping={"Adresse": "email", "Ville": "email"})
    with pytest.raises(FacteurError, match="is not a field name"):
        import_contacts(sqlite_db, path, mapping={"Adresse": "email", "Ville": "attributes.!!"})
    with pytest.raises(InvalidInput, match="on_duplicate"):
        import_contacts(sqlite_db, path, mapping={"Adresse": "email"}, on_duplicate="merge")
    assert import_contacts(sqlite_db, path, mapping={"adresse": "EMAIL"}).imported == 1


# -- duplicates, lists, tags ----------------------------------------------------------------------


def test_duplicates_update(db: Database, tmp_path: Path) -> None:
    earlier = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    add_contact(
        db,
        "stored@exemple.fr",
        first_name="Stéphane",
        last_name="Ancien",
        company="Vieille Société",
        attributes={"ville": "Paris", "niveau": "or"},
        consent_at=earlier,
        consent_source="form:newsletter",
    )
    path = write_text(
        tmp_path / "doublons.csv",
        "Email;Prénom;Nom;Société;Ville;Code\r\n"
        "Stored@Exemple.fr;;Nouveau;;Lyon;\r\n"  # blank cells erase nothing
        "nouveau@exemple.fr;Nina;;;;A1\r\n"
        "NOUVEAU@exemple.fr;;Nouvelle;Acme;;\r\n"  # merged into the contact created above
        "nouveau@exemple.fr;Nina-Rose;;;Nice;\r\n",
    )
    result = import_contacts(db, path)
    assert (result.imported, result.updated, result.skipped, result.invalid) == (1, 3, 0, [])
    contacts = stored(db)
    assert len(contacts) == 2
    old = contacts["stored@exemple.fr"]
    assert (old.first_name, old.last_name, old.company) == (
        "Stéphane",
        "Nouveau",
        "Vieille Société",
    )
    assert old.attributes == {"ville": "Lyon", "niveau": "or"}
    assert (old.consent_at, old.consent_source) == (earlier, "form:newsletter")
    new = contacts["nouveau@exemple.fr"]
    assert (new.first_name, new.last_name, new.company) == ("Nina-Rose", "Nouvelle", "Acme")
    assert new.attributes == {"code": "A1", "ville": "Nice"}
    assert new.consent_source == "import:doublons.csv"


def test_duplicates_skip(db: Database, tmp_path: Path) -> None:
    add_contact(db, "stored@exemple.fr", first_name="Stéphane")
    path = write_text(
        tmp_path / "doublons.csv",
        "Email;Prénom\r\nstored@exemple.fr;Autre\r\nnew@exemple.fr;Nina\r\nNEW@exemple.fr;Nora\r\n",
    )
    result = import_contacts(db, path, on_duplicate="skip")
    assert (result.imported, result.updated, result.skipped) == (1, 0, 2)
    contacts = stored(db)
    assert contacts["stored@exemple.fr"].first_name == "Stéphane"
    assert contacts["new@exemple.fr"].first_name == "Nina"


def test_duplicates_across_batches(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "BATCH_ROWS", 3)
    lines = ["Email;Prénom;Ville"] + [f"u{i}@exemple.fr;;" for i in range(7)]
    lines += ["u1@exemple.fr;Un;", "u6@exemple.fr;;Six", "u1@exemple.fr;;Lyon"]
    path = write_text(tmp_path / "lots.csv", "\n".join(lines) + "\n")
    result = import_contacts(db, path)
    assert (result.imported, result.updated) == (7, 3)
    contacts = stored(db)
    assert (contacts["u1@exemple.fr"].first_name, contacts["u1@exemple.fr"].attributes) == (
        "Un",
        {"ville": "Lyon"},
    )
    assert contacts["u6@exemple.fr"].attributes == {"ville": "Six"}


def test_lists_and_tags(db: Database, tmp_path: Path) -> None:
    add_contact(db, "stored@exemple.fr")
    with db.session() as s:
        existing = ContactList(name="Clients")
        s.add(existing)
        s.flush()
        contact_id = s.scalar(select(Contact.id).where(Contact.email == "stored@exemple.fr"))
        # Someone who left the list stays out of it: an import never resubscribes.
        s.add(ListMembership(list_id=existing.id, contact_id=contact_id, status="unsubscribed"))
    path = write_text(
        tmp_path / "l.csv",
        "Email\r\nstored@exemple.fr\r\nnew@exemple.fr\r\nnew@exemple.fr\r\nbad\r\n",
    )
    for on_duplicate in ("update", "skip"):  # twice: no duplicate links
        result = import_contacts(
            db,
            path,
            lists=["Clients", "Salon 2025"],
            tags=["vip", " vip "],
            on_duplicate=on_duplicate,
        )
        assert len(result.invalid) == 1
    assert memberships(db) == [
        ("Clients", "new@exemple.fr", "subscribed"),
        ("Clients", "stored@exemple.fr", "unsubscribed"),
        ("Salon 2025", "new@exemple.fr", "subscribed"),
        ("Salon 2025", "stored@exemple.fr", "subscribed"),
    ]
    assert tagged(db) == [("vip", "new@exemple.fr"), ("vip", "stored@exemple.fr")]
    assert count(db, ContactList) == 2 and count(db, Tag) == 1
    with pytest.raises(InvalidInput):
        import_contacts(db, path, lists=["  "])


# -- spreadsheets -------------------------------------------------------------------------------


def test_xlsx(db: Database, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "contacts.xlsx",
        [
            [],  # the header is on row 2
            ["Courriel", "Prénom", "Téléphone", "Inscrit le", "Score", "Actif"],
            ["zoe@exemple.fr", "Zoé", 612345678, datetime.date(2024, 3, 1), 12.5, True],
            ["pas une adresse", "Luc", None, None, None, None],
            [None, None, None, None, None, None],
            [
                "luc@exemple.fr",
                "Luc",
                "01 23 45 67 89",
                datetime.datetime(2024, 3, 1, 9, 30),
                3,
                False,
            ],
        ],
    )
    preview = inspect_file(path)
    assert (preview.format, preview.encoding, preview.delimiter) == ("xlsx", None, None)
    assert preview.rows[0] == ["zoe@exemple.fr", "Zoé", "612345678", "2024-03-01", "12.5", "TRUE"]
    result = import_contacts(db, path)
    assert result.imported == 2
    assert [(r.row, r.value) for r in result.invalid] == [(4, "pas une adresse")]
    contacts = stored(db)
    assert contacts["zoe@exemple.fr"].phone == "612345678"
    assert contacts["zoe@exemple.fr"].attributes == {
        "inscrit_le": "2024-03-01",
        "score": "12.5",
        "actif": "TRUE",
    }
    assert contacts["luc@exemple.fr"].attributes["inscrit_le"] == "2024-03-01 09:30:00"


def test_ods(sqlite_db: Database, tmp_path: Path) -> None:
    rows = ods_row("E-mail", "Nom", "Ville") + ods_row("anne@exemple.fr", "Anne", "Brest")
    rows += ods_row("", "", "") + ods_row("faux", "Bruno", "")
    # LibreOffice repeats empty rows and cells to the sheet's end: harmless, and no "bomb".
    rows += (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = ods(tmp_path / "contacts.ods", rows)
    assert inspect_file(path).format == "ods"
    result = import_contacts(sqlite_db, path)
    assert result.imported == 1
    assert [(r.row, r.value) for r in result.invalid] == [(4, "faux")]
    assert stored(sqlite_db)["anne@exemple.fr"].attributes == {"ville": "Brest"}


def test_xls(sqlite_db: Database, tmp_path: Path) -> None:
    path = shutil.copy(FIXTURES / "contacts.xls", tmp_path / "contacts.xls")
    assert inspect_file(path).format == "xls"
    result = import_contacts(sqlite_db, path)
    assert (result.imported, result.updated) == (2, 1)
    assert [(r.row, r.value) for r in result.invalid] == [(3, "pas-une-adresse")]
    helene = stored(sqlite_db)["helene@exemple.fr"]
    assert (helene.first_name, helene.phone) == ("Hélène", "612345678")
    assert helene.attributes == {"date_de_naissance": "1980-05-17"}


def test_password_protected_xlsx(tmp_path: Path) -> None:
    path = shutil.copy(FIXTURES / "protected.xlsx", tmp_path / "protected.xlsx")
    with pytest.raises(FacteurError, match="password-protected"):
        inspect_file(path)


# -- hostile files ------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "is a PNG image, not a spreadsheet"),
        ("devis.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF document"),
        ("vide.csv", b"", "is empty"),
        ("bruit.csv", random.Random(7).randbytes(5000), "not a spreadsheet or CSV file"),
        ("page.xls", b"<html><body><table><tr><td>Email</td></tr></table>", "web page"),
        ("rien.csv", b"\r\n\r\n;;;\r\n", "holds no data"),
    ],
)
def test_not_a_contact_file(
    sqlite_db: Database, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FacteurError, match=message):
        inspect_file(path)
    with pytest.raises(FacteurError, match=message):
        import_contacts(sqlite_db, path)
    assert count(sqlite_db, Contact) == 0


def test_other_zip_files(tmp_path: Path) -> None:
    word = _zip(
        tmp_path / "lettre.xlsx",
        {
            "[Content_Types].xml": b"<Types>application/vnd.openxmlformats-officedocument.wordprocessingml</Types>"
        },
    )
    with pytest.raises(FacteurError, match="is a Word document"):
        inspect_file(word)
    archive = _zip(tmp_path / "photos.xlsx", {"a.jpg": b"\xff\xd8\xff" + bytes(100)})
    with pytest.raises(FacteurError, match="is a ZIP archive"):
        inspect_file(archive)
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(xlsx(tmp_path / "whole.xlsx", [["Email"]]).read_bytes()[:300])
    with pytest.raises(FacteurError, match="damaged"):
        inspect_file(truncated)


def test_zip_bomb(tmp_path: Path) -> None:
    bomb = _zip(
        tmp_path / "bombe.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES, "xl/worksheets/sheet1.xml": b" " * (30 << 20)},
    )
    assert bomb.stat().st_size < 100_000
    with pytest.raises(FacteurError, match="decompression bomb"):
        inspect_file(bomb)


def test_zip_entry_larger_than_declared(tmp_path: Path) -> None:
    """A central directory can lie about sizes: the entries are measured for real."""
    path = xlsx(tmp_path / "lies.xlsx", [["Email"], ["a@exemple.fr"]])
    data = bytearray(path.read_bytes())
    target = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == target:
            struct.pack_into("<I", data, at + 24, 10)  # declared uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(FacteurError, match="decompression bomb"):
        inspect_file(path)


def test_sheet_cells_spread_over_the_whole_grid(sqlite_db: Database, tmp_path: Path) -> None:
    """One cell at XFD1048576 in a 6 KB file would make calamine allocate 500 GB and abort."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Email"])
    ws.append(["a@exemple.fr"])
    ws["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    with pytest.raises(FacteurError, match="spread over 1,048,576 rows and 16,384 columns"):
        import_contacts(sqlite_db, path)
    # A far-away cell that is only formatted holds no value: calamine ignores it, and so do we.
    ws["XFD1048576"].value = None
    ws["XFD1048576"].number_format = "0.00"
    wb.save(path)
    assert import_contacts(sqlite_db, path).imported == 1


def test_ods_repeated_cells_bomb(tmp_path: Path) -> None:
    rows = ods_row("Email") + (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    with pytest.raises(FacteurError, match="spread over 1,000,001 rows and 16,000 columns"):
        inspect_file(ods(tmp_path / "bombe.ods", rows))


def test_file_size_cap(sqlite_db: Database, tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:  # sparse: 300 MB announced, nothing written
        f.truncate(300 * 1024 * 1024)
    with pytest.raises(FacteurError, match=r"too large to import \(300 MB; the limit is 200 MB\)"):
        import_contacts(sqlite_db, huge)
    small = write_text(tmp_path / "small.csv", "Email\r\n" + "a@exemple.fr\r\n" * 20)
    with pytest.raises(FacteurError, match="too large"):
        inspect_file(small, limits=Limits(max_file_bytes=100))


def test_row_cap(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "BATCH_ROWS", 4)
    path = write_text(
        tmp_path / "rows.csv", "Email\n" + "".join(f"u{i}@exemple.fr\n" for i in range(10))
    )
    with pytest.raises(FacteurError, match="more than 8 rows"):
        import_contacts(db, path, limits=Limits(max_rows=8), lists=["L"])
    assert count(db, Contact) == 0 and count(db, ContactList) == 0
    xlsx_path = xlsx(
        tmp_path / "rows.xlsx", [["Email"]] + [[f"u{i}@exemple.fr"] for i in range(10)]
    )
    with pytest.raises(FacteurError, match="more than 8 rows"):
        import_contacts(db, xlsx_path, limits=Limits(max_rows=8))


def test_long_cells_and_nul_characters_reject_their_row(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "Email;Prénom;Notes;Ignorée\r\n"
        f"a@exemple.fr;{'A' * 201};;\r\n"
        f'b@exemple.fr;Bruno;"{"x" * 200_000}";\r\n'  # longer than csv's own default field limit
        "c@exemple.fr;Chlo\0é;;\r\n"
        "d@exemple.fr;Denis;ok;\0\r\n"  # a NUL in an unmapped column harms nothing
        "e@exemple.fr;Eve;ok;\r\n",
        encoding="utf-8",
    )
    result = import_contacts(db, path, mapping={"Ignorée": "ignore"})
    assert sorted(stored(db)) == ["d@exemple.fr", "e@exemple.fr"]
    assert [(r.row, r.reason) for r in result.invalid] == [
        (2, 'the value in "Prénom" is too long (201 characters; at most 200)'),
        (3, 'the value in "Notes" is too long (200,000 characters; at most 10,000)'),
        (4, 'the value in "Prénom" contains a NUL character'),
    ]
    assert result.invalid[1].value == "x" * 200 + "…"
    assert len(result.invalid[1].values["Notes"]) == 200_000


# -- transaction, progress, cancel -----------------------------------------------------------------


def _many(tmp_path: Path, n: int) -> Path:
    lines = ["Email;Prénom"] + [f"user{i}@exemple.fr;U{i}" for i in range(n)]
    return write_text(tmp_path / "many.csv", "\n".join(lines) + "\n")


def test_progress(db: Database, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    result = import_contacts(db, _many(tmp_path, 4500), progress=lambda d, t: calls.append((d, t)))
    assert result.imported == 4500
    assert calls == [(2000, 4500), (4000, 4500), (4500, 4500)]
    assert count(db, Contact) == 4500


@pytest.mark.parametrize("links", [True, False], ids=["with-lists", "contacts-only"])
def test_cancel_stores_nothing(db: Database, tmp_path: Path, links: bool) -> None:
    add_contact(db, "user1@exemple.fr", first_name="Gardé")
    calls: list[int] = []
    with pytest.raises(ImportCancelled, match="cancelled"):
        import_contacts(
            db,
            _many(tmp_path, 5000),
            lists=["Nouvelle liste"] if links else [],
            tags=["nouveau"] if links else [],
            progress=lambda done, total: calls.append(done),
            cancel=lambda: bool(calls),
        )
    assert calls == [2000]
    assert count(db, Contact) == 1 and count(db, ContactList) == 0 and count(db, Tag) == 0
    assert stored(db)["user1@exemple.fr"].first_name == "Gardé"


# -- results and rejected rows --------------------------------------------------------------------


def test_result_json_and_rejected_csv_round_trip(sqlite_db: Database, tmp_path: Path) -> None:
    source = write_text(
        tmp_path / "source.csv",
        "Email;Prénom;;Ville\r\nbad@;Zoé;x;Brest\r\nok@exemple.fr;Ok;;\r\n;Sans;;\r\n",
        "cp1252",
    )
    result = import_contacts(sqlite_db, source)
    assert result.to_json() == {
        "imported": 1,
        "updated": 0,
        "skipped": 0,
        "invalid": [
            {"row": 2, "value": "bad@", "reason": result.invalid[0].reason},
            {"row": 4, "value": "", "reason": "missing email"},
        ],
    }
    assert result.invalid[0] == RejectedRow(
        2,
        "bad@",
        result.invalid[0].reason,
        {"Email": "bad@", "Prénom": "Zoé", "(column 3)": "x", "Ville": "Brest"},
    )
    rejected = tmp_path / "rejets.csv"
    write_rejected_csv(result.invalid, rejected)
    raw = rejected.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrow;Email;Pr\xc3\xa9nom;(column 3);Ville;reason\r\n2;bad@;")
    # The user fixes the addresses and imports the file again: "row" and "reason" are ignored.
    fixed = (
        raw.decode("utf-8-sig")
        .replace("bad@;", "zoe@exemple.fr;")
        .replace("4;;Sans", "4;sans@exemple.fr;Sans")
    )
    rejected.write_text(fixed, encoding="utf-8-sig")
    preview = inspect_file(rejected)
    assert (
        preview.mapping["row"]
        == preview.mapping["reason"]
        == preview.mapping["(column 3)"]
        == "ignore"
    )
    again = import_contacts(sqlite_db, rejected)
    assert (again.imported, again.invalid) == (2, [])
    assert stored(sqlite_db)["zoe@exemple.fr"].attributes == {"ville": "Brest"}


# -- any CSV at all -------------------------------------------------------------------------------

_VALID = [
    "a@exemple.fr",
    "B@exemple.fr",
    "b@exemple.fr",
    "élodie@exemple.fr",
    "x.y+z@sub.exemple.com",
]
_CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(list(";,\t\n\r\"' é€œ\u00a0\u2028\ufeff")),
    ),
    max_size=12,
)
_EMAIL_CELL = st.one_of(
    st.sampled_from(_VALID), st.sampled_from(["", " ", "faux", "@", "a@b", "a@@b.fr"]), _CELL_TEXT
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.tuples(_EMAIL_CELL, _CELL_TEXT, _CELL_TEXT), max_size=25),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    on_duplicate=st.sampled_from(["update", "skip"]),
)
def test_any_csv_imports_or_reports_every_row(
    sqlite_template: Path,
    rows: list[tuple[str, str, str]],
    delimiter: str,
    encoding: str,
    quoting: int,
    on_duplicate: str,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["Email", "Prénom", "Notes"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        shutil.copy(sqlite_template, Path(tmp) / "db.sqlite")
        db = Database(f"sqlite:///{tmp}/db.sqlite")
        try:
            result = import_contacts(db, path, on_duplicate=on_duplicate)
            contacts = stored(db)
        finally:
            db.dispose()
    non_blank = sum(1 for row in rows if any(cell.strip() for cell in row))
    assert result.imported + result.updated + result.skipped + len(result.invalid) == non_blank
    assert len(contacts) == result.imported
    for rejected in result.invalid:
        assert rejected.reason and rejected.row >= 2


def test_shared_strings_count_bomb(tmp_path: Path) -> None:
    """calamine reserves memory for the announced strings: 4 billion would abort the process."""
    plain = xlsx(tmp_path / "plain.xlsx", [["Email"], ["a@exemple.fr"]])
    path = tmp_path / "sst.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    b"</Relationships>",
                )
            out.writestr(info.filename, data)
        out.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>',
        )
    with pytest.raises(FacteurError, match="decompression bomb"):
        inspect_file(path)


def _patched_xls(tmp_path: Path, kind: str) -> Path:
    """The .xls fixture with a few bytes changed, as found by fuzzing: each one made calamine
    abort the whole process (reserving 860 GB, 137 GB, or growing forever on a looping chain)."""
    data = bytearray((FIXTURES / "contacts.xls").read_bytes())
    if kind == "dimensions":  # DIMENSIONS record: last row 2^32 - 1
        at = data.find(b"\x00\x02\x0e\x00")
        struct.pack_into("<II", data, at + 4, 0, 0xFFFFFFFF)
    elif kind == "cell":  # a LABELSST cell at row 65535, column 65535
        at = data.find(b"\xfd\x00\x0a\x00")
        struct.pack_into("<HH", data, at + 4, 0xFFFF, 0xFFFF)
    elif kind == "strings":  # SST record announcing two billion strings
        at = data.find(b"\xfc\x00")
        struct.pack_into("<II", data, at + 4, 2_000_000_000, 2_000_000_000)
    else:  # the directory's sector chain loops on itself
        first_dir = struct.unpack_from("<I", data, 48)[0]
        fat_sector = struct.unpack_from("<I", data, 76)[0]
        struct.pack_into("<I", data, 512 * (fat_sector + 1) + 4 * first_dir, first_dir)
    path = tmp_path / f"{kind}.xls"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("dimensions", "spread over 4,294,967,295 rows and 5 columns"),
        ("cell", "spread over 65,536 rows and 65,536 columns"),
        ("strings", "damaged"),
        ("loop", "damaged"),
    ],
)
def test_hostile_xls(sqlite_db: Database, tmp_path: Path, kind: str, message: str) -> None:
    with pytest.raises(FacteurError, match=message):
        import_contacts(sqlite_db, _patched_xls(tmp_path, kind))
    assert count(sqlite_db, Contact) == 0


# -- the SQLite fast paths ------------------------------------------------------------------------


def _varied(tmp_path: Path, rows: int, name: str = "varied.csv") -> Path:
    """Valid rows with everything a plain file holds: case, spaces, empty cells, locales,
    quotes and accents, and duplicates within the file."""
    rng = random.Random(7)
    lines = ["Email;Prénom;Nom;Langue;Ville;Note"]
    for i in range(rows):
        email = f"{rng.choice(['user', 'User', 'o.brien'])}{rng.randrange(rows)}@Exemple.fr"
        lines.append(
            ";".join(
                [
                    rng.choice([email, f" {email} "]),
                    rng.choice(["", "Zoé", " Jean ", '"Dit ""Jo"""']),
                    rng.choice(["", "Dupont"]),
                    rng.choice(["", "fr", "FR_fr", "Français"]),
                    rng.choice(["", "Paris", "Besançon \\ \u2028"]),
                    rng.choice(["", f"n°{i}"]),
                ]
            )
        )
    return write_text(tmp_path / name, "\r\n".join(lines) + "\r\n")


def _contents(db: Database) -> list[tuple[Any, ...]]:
    with db.session() as s:
        return [
            (c.id, c.email, c.first_name, c.last_name, c.locale, c.attributes, c.status)
            for c in s.scalars(select(Contact).order_by(Contact.id))
        ]


def test_column_and_row_validation_agree(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch validated column by column stores exactly what row by row would have."""
    path = _varied(tmp_path, 5000)
    results, contents = [], []
    for by_rows in (False, True):
        if by_rows:
            monkeypatch.setattr(importing._RowParser, "_parse_columns", lambda self, batch: None)
        target = tmp_path / f"by-rows-{by_rows}.db"
        shutil.copy(sqlite_template, target)
        db = Database(f"sqlite:///{target}")
        try:
            results.append(import_contacts(db, path, lists=["L"], tags=["t"]).to_json())
            results.append(import_contacts(db, path, on_duplicate="skip").to_json())
            contents.append((_contents(db), memberships(db), tagged(db)))
        finally:
            db.dispose()
    assert results[:2] == results[2:]
    assert results[0]["updated"] > 0 and results[0]["imported"] > 3000
    assert contents[0] == contents[1]


def test_database_error_stores_nothing(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error of a statement run on the DBAPI connection is reported; nothing is kept."""
    prepare = importing._Writer._prepare_sqlite_insert

    def broken(self: Any) -> None:
        prepare(self)
        self._insert_sql = self._insert_sql.replace('"email"', '"no_such_column"')

    monkeypatch.setattr(importing._Writer, "_prepare_sqlite_insert", broken)
    with pytest.raises(FacteurError, match="could not be saved.*no_such_column"):
        import_contacts(sqlite_db, _many(tmp_path, 4500), lists=["L"])
    assert count(sqlite_db, Contact) == 0 and count(sqlite_db, ContactList) == 0


# -- large CSV files: validated in a child process ------------------------------------------------


def _messy(tmp_path: Path, rows: int) -> Path:
    """``_varied`` rows with every kind of bad or unusual row mixed in, in cp1252."""
    rng = random.Random(11)
    lines = ["Email;Prénom;Nom;Langue;Ville;Note"]
    for i in range(rows):
        email = f"{rng.choice(['user', 'User', 'o.brien'])}{rng.randrange(rows)}@Exemple.fr"
        kind = i % 37
        if kind == 1:
            email = f"pas-une-adresse-{i}"
        elif kind == 2:
            email = f"Jean Dupont <jean.{i}@exemple.fr>"
        elif kind == 3:
            email = ""
        elif kind == 4:
            email = f"mailto:m.{i}@exemple.fr?subject=x"
        elif kind == 5:
            email = f"élodie.{i}@exemple.fr"
        cells = [
            email,
            rng.choice(["", "Zoé", " Jean ", '"Dit ""Jo"""', "x" * 300 if kind == 6 else "Luc"]),
            rng.choice(["", "Dupont"]),
            rng.choice(["", "fr", "FR_fr", "Français", "klingon"]),
            rng.choice(["", "Paris", '"Besançon\r\nCedex"']),
            rng.choice(["", f"n°{i}"]),
        ]
        if kind == 7:
            cells = cells[:2]  # a short row
        elif kind == 8:
            cells += ["en trop"]  # a cell past the last titled column
        elif kind == 9:
            cells = [""] * 6  # a blank line
        lines.append(";".join(cells))
    path = tmp_path / "messy.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


@pytest.mark.parametrize("local_batches", [0, 1])
def test_child_process_and_in_process_agree(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch, local_batches: int
) -> None:
    """Validated in a child process (``local_batches`` of them first in this one, as while the
    child starts) or here: the same counts, rejected rows and stored data."""
    from app.contacts import parsing

    path = _messy(tmp_path, 9000)
    parse, close = parsing.ParseProcess.parse, parsing.ParseProcess.close
    calls: list[int] = []
    handed_over: list[bool] = []

    def paced(self: Any, rejected: list[RejectedRow]) -> Any:
        if len(calls) >= local_batches:
            self._conn.poll(60)  # wait for the child to be ready: it takes over from here
        calls.append(1)
        return parse(self, rejected)

    def closing(self: Any) -> None:
        handed_over.append(self._handed_over)
        close(self)

    monkeypatch.setattr(parsing.ParseProcess, "parse", paced)
    monkeypatch.setattr(parsing.ParseProcess, "close", closing)
    results, contents, progress = [], [], []
    for process_above in (None, 0):
        target = tmp_path / f"above-{process_above}.db"
        shutil.copy(sqlite_template, target)
        db = Database(f"sqlite:///{target}")
        try:
            done: list[tuple[int, int | None]] = []
            first = import_contacts(
                db,
                path,
                lists=["L"],
                tags=["t"],
                process_above=process_above,
                progress=lambda d, t, done=done: done.append((d, t)),
            )
            second = import_contacts(db, path, on_duplicate="skip", process_above=process_above)
            results.append((first, second))
            progress.append(done)
            contents.append((_contents(db), memberships(db), tagged(db)))
        finally:
            db.dispose()
    assert handed_over == [True, True]
    assert results[0] == results[1]
    first = results[0][0]
    assert first.imported > 4000 and first.updated > 0 and len(first.invalid) > 300
    assert {r.reason.split(":")[0] for r in first.invalid} >= {
        "missing email",
        "invalid email",
        'the value in "Prénom" is too long (300 characters; at most 200)',
    }
    assert progress[0] == progress[1] and len(progress[0]) >= 5
    assert contents[0] == contents[1]


def test_child_process_cancel_stores_nothing(db: Database, tmp_path: Path) -> None:
    from app.contacts import parsing

    processes: list[Any] = []
    init = parsing.ParseProcess.__init__

    def keep(self: Any, *args: Any) -> None:
        init(self, *args)
        processes.append(self._process)

    add_contact(db, "user1@exemple.fr", first_name="Gardé")
    calls: list[int] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parsing.ParseProcess, "__init__", keep)
        with pytest.raises(ImportCancelled, match="cancelled"):
            import_contacts(
                db,
                _many(tmp_path, 9000),
                lists=["L"],
                process_above=0,
                progress=lambda done, total: calls.append(done),
                cancel=lambda: len(calls) >= 2,
            )
    assert calls == [2000, 4000] and len(processes) == 1
    assert processes[0]._closed  # ended, waited for and released
    assert count(db, Contact) == 1 and count(db, ContactList) == 0
    assert stored(db)["user1@exemple.fr"].first_name == "Gardé"


def test_child_process_errors(db: Database, tmp_path: Path) -> None:
    """An error in the child is raised as it was; a child that dies is a FacteurError too."""
    import os
    import signal

    from app.contacts import parsing

    path = _many(tmp_path, 9000)
    init = parsing.ParseProcess.__init__

    def changed(self: Any, *args: Any) -> None:
        # The file is replaced after it was opened here: the child finds other columns.
        path.write_text(path.read_text().replace("Email;Prénom", "Courriel;Prénom", 1))
        init(self, *args)
        self._conn.poll(60)

    def killed(self: Any, *args: Any) -> None:
        init(self, *args)
        os.kill(self._process.pid, signal.SIGKILL)
        self._process.join()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parsing.ParseProcess, "__init__", killed)
        with pytest.raises(FacteurError, match="stopped unexpectedly"):
            import_contacts(db, path, process_above=0)
        mp.setattr(parsing.ParseProcess, "__init__", changed)
        with pytest.raises(FacteurError, match='"many.csv" changed while it was being imported'):
            import_contacts(db, path, process_above=0)
    assert count(db, Contact) == 0
