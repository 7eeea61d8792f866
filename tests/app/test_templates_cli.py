"""The ``templates`` command group, run through the real entry point on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import Database
from app.templates.service import get_template
from tests.app.test_cli import Cli


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


@pytest.fixture
def content(tmp_path: Path) -> dict[str, Path]:
    html = tmp_path / "bienvenue.html"
    html.write_text(
        "<style>p { margin: 0 }</style><p>Bonjour {{ contact.first_name }} de "
        "{{ contact.ville|default('France') }} !</p>",
        encoding="utf-8",
    )
    text = tmp_path / "bienvenue.txt"
    text.write_text("Bonjour {{ contact.first_name }},\nà bientôt.\n", encoding="utf-8")
    pdf = tmp_path / "tarifs.pdf"
    pdf.write_bytes(b"%PDF-1.4 tarifs")
    bad = tmp_path / "bad.html"
    bad.write_text("<p>\n{% if x %}\n", encoding="utf-8")
    return {"html": html, "text": text, "pdf": pdf, "bad": bad}


def test_add_list_show(cli: Cli, content: dict[str, Path]) -> None:
    out, _ = cli(
        "templates", "add", "Bienvenue", "--subject", "Bienvenue {{ contact.first_name }}",
        "--html", str(content["html"]), "--attach", str(content["pdf"]),
        "--from", "Boulangerie <contact@boulangerie.fr>", "--reply-to", "sav@boulangerie.fr",
    )  # fmt: skip
    assert out == "Bienvenue\tBienvenue {{ contact.first_name }}\ttarifs.pdf\n"
    cli("templates", "add", "Texte", "--subject", "Info", "--text", str(content["text"]))
    listed = cli.json("templates", "list")
    assert [t["name"] for t in listed] == ["Bienvenue", "Texte"]
    shown = cli.json("templates", "show", "Bienvenue")
    assert shown["from_override"] == "Boulangerie <contact@boulangerie.fr>"
    assert shown["reply_to"] == "sav@boulangerie.fr"
    assert shown["html"] == content["html"].read_text(encoding="utf-8")
    assert [a["filename"] for a in shown["attachments"]] == ["tarifs.pdf"]
    assert shown["attachments"][0]["size"] == len(b"%PDF-1.4 tarifs")
    out, _ = cli("templates", "show", "Texte")
    assert "Subject: Info" in out and "à bientôt." in out


def test_preview(cli: Cli, content: dict[str, Path]) -> None:
    cli("contacts", "add", "elodie@exemple.fr", "--first-name", "Élodie", "--attr", "ville=Lyon")
    cli(
        "templates", "add", "Bienvenue", "--subject", "Bienvenue {{ contact.first_name }}",
        "--html", str(content["html"]),
    )  # fmt: skip
    preview = cli.json("templates", "preview", "Bienvenue", "--contact", "elodie@exemple.fr")
    assert set(preview) == {"subject", "html", "text"}
    assert preview["subject"] == "Bienvenue Élodie"
    assert preview["html"] == '<p style="margin: 0;">Bonjour Élodie de Lyon !</p>'
    assert preview["text"] == "Bonjour Élodie de Lyon !"
    out, _ = cli("templates", "preview", "Bienvenue", "--contact", "elodie@exemple.fr")
    assert out == "Bienvenue Élodie\n\nBonjour Élodie de Lyon !\n"
    out, _ = cli("templates", "preview", "Bienvenue")  # a sample contact
    assert out.startswith("Bienvenue Camille\n")
    _, err = cli("templates", "preview", "Bienvenue", "--contact", "nobody@exemple.fr", expect=1)
    assert "nobody@exemple.fr" in err


def test_update_and_delete(cli: Cli, db: Database, content: dict[str, Path]) -> None:
    cli(
        "templates", "add", "T", "--subject", "Un", "--text", str(content["text"]),
        "--attach", str(content["pdf"]),
    )  # fmt: skip
    cli("templates", "update", "T", "--subject", "Deux", "--rename", "T2", "--detach", "tarifs.pdf")
    t = get_template(db, "T2")
    assert (t.subject, t.attachments) == ("Deux", ())
    assert t.text == content["text"].read_text(encoding="utf-8")  # not given: unchanged
    updated = cli.json(
        "templates", "update", "T2", "--html", str(content["html"]), "--attach", str(content["pdf"])
    )
    assert updated["html"].startswith("<style>") and len(updated["attachments"]) == 1
    _, err = cli("templates", "update", "T2", "--detach", "absent.pdf", expect=1)
    assert "absent.pdf" in err
    cli("templates", "delete", "T2")
    assert cli.json("templates", "list") == []
    _, err = cli("templates", "delete", "T2", expect=1)
    assert "No template named 'T2'" in err


def test_errors_are_reported_without_traceback(cli: Cli, content: dict[str, Path]) -> None:
    _, err = cli(
        "templates", "add", "Bad", "--subject", "x", "--html", str(content["bad"]), expect=1
    )
    assert "Syntax error in the HTML body, line 2" in err
    _, err = cli("templates", "add", "Bad", "--subject", "{{ ''.__class__ }}", expect=1)
    assert "subject" in err
    _, err = cli(
        "templates", "add", "Bad", "--subject", "x", "--html", "/nonexistent.html", expect=1
    )
    assert "Cannot read the file /nonexistent.html" in err
    latin1 = content["bad"].with_name("latin1.txt")
    latin1.write_bytes("Été".encode("latin-1"))
    _, err = cli("templates", "add", "Bad", "--subject", "x", "--text", str(latin1), expect=1)
    assert "not UTF-8" in err
    assert cli.json("templates", "list") == []


def test_variables(cli: Cli) -> None:
    cli("contacts", "add", "a@exemple.fr", "--attr", "ville=Lyon")
    names = cli.json("templates", "variables")
    assert "contact.ville" in names and "today" in names
