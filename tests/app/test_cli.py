"""The command line, run through the real console entry point (``main.main``), on both backends."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

import main
from app.contacts.service import ContactQuery, count_contacts, get_contact, list_contacts
from app.db import Database

CONTACT_KEYS = {
    "email",
    "first_name",
    "last_name",
    "company",
    "status",
    "tags",
    "lists",
    "attributes",
}


class Cli:
    """Runs ``facteur`` in-process against one database, with the global options given."""

    def __init__(self, capsys: pytest.CaptureFixture[str], options: list[str]) -> None:
        self.capsys = capsys
        self.options = options

    def __call__(self, *args: str, expect: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        code = main.main([*self.options, *args])
        out, err = self.capsys.readouterr()
        assert code == expect, (args, out, err)
        if expect:
            assert err.startswith("facteur: error: "), err
            assert "Traceback" not in err and "unexpected" not in err
        return out, err

    def json(self, *args: str) -> Any:
        out, _ = self(*args, "--json")
        return json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    """The CLI on the test database (SQLite, then PostgreSQL), with its own home."""
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


def test_add_and_list_json(cli: Cli, db: Database) -> None:
    out, _ = cli(
        "contacts", "add", "Jean.Dupont@Exemple.FR", "--first-name", "Jean", "--last-name",
        "Dupont", "--company", "Boulangerie Dupont", "--tag", "vip", "--tag", "salon",
        "--list", "Clients", "--attr", "ville=Lyon", "--attr", "code=69=001", "--tracking-consent",
    )  # fmt: skip
    assert "jean.dupont@exemple.fr" in out
    cli("contacts", "add", "b@exemple.fr")
    contacts = cli.json("contacts", "list")
    assert isinstance(contacts, list) and len(contacts) == 2
    for c in contacts:
        assert set(c) == CONTACT_KEYS
    assert contacts[1] == {
        "email": "jean.dupont@exemple.fr",
        "first_name": "Jean",
        "last_name": "Dupont",
        "company": "Boulangerie Dupont",
        "status": "subscribed",
        "tags": ["salon", "vip"],
        "lists": ["Clients"],
        "attributes": {"ville": "Lyon", "code": "69=001"},
    }
    assert contacts[0] == {
        "email": "b@exemple.fr",
        "first_name": "",
        "last_name": "",
        "company": "",
        "status": "subscribed",
        "tags": [],
        "lists": [],
        "attributes": {},
    }
    # the CLI wrote into the database the other services read
    stored = get_contact(db, "jean.dupont@exemple.fr")
    assert stored.tracking_consent is True and stored.consent_source == "cli"
    assert get_contact(db, "b@exemple.fr").tracking_consent is False


def test_add_json_output_and_text_list(cli: Cli) -> None:
    added = cli.json("contacts", "add", "a@exemple.fr", "--first-name", "Anne", "--list", "L")
    assert set(added) == CONTACT_KEYS and added["lists"] == ["L"]
    out, err = cli("contacts", "list")
    assert out.splitlines() == ["a@exemple.fr\tAnne\t\tsubscribed\tlists: L"]
    assert "1 contact(s)" in err


def test_list_filters(cli: Cli) -> None:
    cli(
        "contacts",
        "add",
        "a@exemple.fr",
        "--list",
        "Clients",
        "--tag",
        "vip",
        "--attr",
        "ville=Lyon",
    )
    cli("contacts", "add", "b@exemple.fr", "--list", "Clients")
    cli("contacts", "add", "c@exemple.fr", "--tag", "vip", "--attr", "ville=Paris")

    def listed(*filters: str) -> list[str]:
        return [c["email"] for c in cli.json("contacts", "list", *filters)]

    assert listed("--list", "Clients") == ["a@exemple.fr", "b@exemple.fr"]
    assert listed("--tag", "vip") == ["a@exemple.fr", "c@exemple.fr"]
    assert listed("--list", "Clients", "--tag", "vip") == ["a@exemple.fr"]
    rule = json.dumps({"all": [{"field": "attributes.ville", "op": "eq", "value": "lyon"}]})
    seg = cli.json("segments", "create", "Lyonnais", "--rule", rule)
    assert seg == {"name": "Lyonnais", "rule": json.loads(rule), "count": 1}
    assert listed("--segment", "Lyonnais") == ["a@exemple.fr"]
    assert listed("--search", "B@EX") == ["b@exemple.fr"]


def test_lists_and_tags_are_created_when_missing(cli: Cli) -> None:
    assert cli.json("lists", "list") == []
    cli("contacts", "add", "a@exemple.fr", "--list", "Nouvelle", "--tag", "neuf")
    assert cli.json("lists", "list") == [{"name": "Nouvelle", "count": 1}]
    assert cli.json("tags", "list") == [{"name": "neuf", "count": 1}]


def test_segments_list(cli: Cli) -> None:
    assert cli.json("segments", "list") == []
    cli("contacts", "add", "a@exemple.fr", "--tag", "vip")
    cli(
        "segments",
        "create",
        "VIP",
        "--rule",
        '{"all": [{"field": "tag", "op": "eq", "value": "vip"}]}',
    )
    cli("segments", "create", "Tous", "--rule", '{"all": []}')
    assert cli.json("segments", "list") == [
        {"name": "Tous", "rule": {"all": []}, "count": 1},
        {
            "name": "VIP",
            "rule": {"all": [{"field": "tag", "op": "eq", "value": "vip"}]},
            "count": 1,
        },
    ]
    out, _ = cli("segments", "list")
    assert out.splitlines()[0].split("\t")[:2] == ["Tous", "1"]


def test_export(cli: Cli, tmp_path: Path) -> None:
    cli(
        "contacts",
        "add",
        "a@exemple.fr",
        "--list",
        "Clients",
        "--tag",
        "vip",
        "--attr",
        "note==1+1",
    )
    cli("contacts", "add", "b@exemple.fr", "--tag", "vip")
    cli("contacts", "add", "c@exemple.fr")
    cli("segments", "create", "S", "--rule", '{"any": [{"field": "email", "op": "starts_with", "value": "c"}]}')  # fmt: skip
    out_dir = tmp_path / "exports"
    out_dir.mkdir()

    def exported_csv(name: str, *filters: str) -> list[list[str]]:
        _, err = cli("contacts", "export", str(out_dir / name), *filters)
        assert "Exported" in err
        with (out_dir / name).open(encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f, delimiter=";"))

    rows = exported_csv("all.csv")
    assert [r[0] for r in rows] == ["email", "a@exemple.fr", "b@exemple.fr", "c@exemple.fr"]
    assert rows[0][-1] == "note" and rows[1][-1] == "'=1+1"
    assert [r[0] for r in exported_csv("l.csv", "--list", "Clients")[1:]] == ["a@exemple.fr"]
    assert [r[0] for r in exported_csv("t.csv", "--tag", "vip")[1:]] == [
        "a@exemple.fr",
        "b@exemple.fr",
    ]
    assert [r[0] for r in exported_csv("s.csv", "--segment", "S")[1:]] == ["c@exemple.fr"]

    cli("contacts", "export", str(out_dir / "x.data"), "--format", "xlsx", "--tag", "vip")
    wb = CalamineWorkbook.from_path(str(out_dir / "x.data"))
    try:
        rows = wb.get_sheet_by_name("Contacts").to_python()
    finally:
        wb.close()
    assert [r[0] for r in rows] == ["email", "a@exemple.fr", "b@exemple.fr"]

    cli("contacts", "export", str(out_dir / "x.pdf"), expect=1)
    cli("contacts", "export", str(out_dir / "absent" / "x.csv"), expect=1)
    cli("contacts", "export", str(out_dir / "y.csv"), "--segment", "absent", expect=1)


def test_remove(cli: Cli, db: Database) -> None:
    cli("contacts", "add", "a@exemple.fr", "--tag", "t")
    cli("contacts", "add", "b@exemple.fr")
    _, err = cli("contacts", "remove", "A@Exemple.fr")
    assert "Removed" in err
    assert [c.email for c in list_contacts(db)] == ["b@exemple.fr"]
    _, err = cli("contacts", "remove", "a@exemple.fr", expect=1)
    assert "No contact" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["contacts", "add", "pas-une-adresse"], "not a valid email address"),
        (["contacts", "add", "a@exemple.fr", "--attr", "sans-egal"], "KEY=VALUE"),
        (["contacts", "add", "a@exemple.fr", "--status", "parti"], "Unknown status"),
        (["contacts", "list", "--list", "inconnue"], "No list named 'inconnue'"),
        (["contacts", "list", "--tag", "inconnu"], "No tag named 'inconnu'"),
        (["contacts", "list", "--segment", "inconnu"], "No segment named 'inconnu'"),
        (["contacts", "remove", "personne@exemple.fr"], "No contact"),
        (["contacts", "show", "personne@exemple.fr"], "No contact"),
        (["segments", "create", "S", "--rule", "{pas du json"], "--rule is not valid JSON"),
        (["segments", "create", "S", "--rule", "[1, 2]"], "--rule must be a JSON object"),
        (["segments", "create", "S", "--rule", '{"all": [{"field": "x", "op": "eq", "value": 1}]}'],
         "rule.all[0]: unknown field 'x'"),
        (["segments", "update", "inconnu", "--rule", '{"all": []}'], "No segment named"),
        (["segments", "delete", "inconnu"], "No segment named"),
        (["lists", "rename", "inconnue", "x"], "No list named"),
        (["tags", "delete", "inconnu"], "No tag named"),
    ],
)  # fmt: skip
def test_errors_go_to_stderr_with_exit_code_1(cli: Cli, args: list[str], message: str) -> None:
    out, err = cli(*args, expect=1)
    assert message in err
    assert out == ""


def test_duplicate_contact_is_an_error(cli: Cli, db: Database) -> None:
    cli("contacts", "add", "a@exemple.fr")
    _, err = cli("contacts", "add", "A@EXEMPLE.FR", expect=1)
    assert "already exists" in err
    assert count_contacts(db) == 1


def test_edit_and_show(cli: Cli) -> None:
    cli("contacts", "add", "a@exemple.fr", "--attr", "ville=Lyon", "--tag", "t")
    edited = cli.json(
        "contacts", "edit", "a@exemple.fr", "--email", "b@exemple.fr", "--attr", "cp=69001"
    )
    assert edited["email"] == "b@exemple.fr"
    assert edited["attributes"] == {"ville": "Lyon", "cp": "69001"}  # --attr adds
    assert edited["tags"] == ["t"]  # untouched without --tag
    shown = cli.json("contacts", "show", "b@exemple.fr")
    assert shown["email"] == "b@exemple.fr" and shown["tracking_consent"] is False
    out, _ = cli("contacts", "show", "b@exemple.fr")
    assert "Email: b@exemple.fr" in out and "  ville: Lyon" in out


def test_named_lists_and_tags(cli: Cli) -> None:
    cli("lists", "create", "Clients")
    cli("lists", "create", "Clients", expect=1)
    cli("lists", "rename", "Clients", "Clients 2025")
    cli("tags", "create", "vip")
    cli("contacts", "add", "a@exemple.fr", "--list", "Clients 2025", "--tag", "vip")
    assert cli.json("lists", "list") == [{"name": "Clients 2025", "count": 1}]
    cli("tags", "delete", "vip")
    assert cli.json("tags", "list") == []
    out, _ = cli("lists", "list")
    assert out == "Clients 2025\t1\n"


# --- global options, environment, entry points --------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    [
        lambda h: ["--home", h, "contacts", "list", "--json"],
        lambda h: ["contacts", "--home", h, "list", "--json"],
        lambda h: ["contacts", "list", "--json", "--home", h],
    ],
)
def test_global_options_before_and_after_the_subcommand(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, layout: Any
) -> None:
    home = tmp_path / "ailleurs"
    assert main.main(["--home", str(home), "contacts", "add", "a@exemple.fr"]) == 0
    capsys.readouterr()
    assert main.main(layout(str(home))) == 0
    assert [c["email"] for c in json.loads(capsys.readouterr().out)] == ["a@exemple.fr"]
    assert (home / "facteur.db").is_file()
    assert (home / "logs").is_dir()


def test_facteur_home_env_is_honoured(
    capsys: pytest.CaptureFixture[str], facteur_home: Path
) -> None:
    assert main.main(["contacts", "add", "a@exemple.fr"]) == 0
    assert (facteur_home / "facteur.db").is_file()
    db = Database(f"sqlite:///{facteur_home / 'facteur.db'}")
    try:
        assert get_contact(db, "a@exemple.fr").email == "a@exemple.fr"
    finally:
        db.dispose()


def test_facteur_db_url_env_is_honoured(
    capsys: pytest.CaptureFixture[str],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    facteur_home: Path,
) -> None:
    monkeypatch.setenv("FACTEUR_DB_URL", db.url)
    assert main.main(["contacts", "add", "a@exemple.fr", "--tag", "env"]) == 0
    assert count_contacts(db, ContactQuery(tag="env")) == 1
    assert not (facteur_home / "facteur.db").exists()
    # --db wins over the environment
    other = facteur_home / "other.db"
    capsys.readouterr()
    assert main.main(["--db", f"sqlite:///{other}", "contacts", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert other.is_file()


def test_unreachable_database_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main.main(["--db", "postgresql://postgres@127.0.0.1:1/x", "contacts", "list"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("facteur: error: Cannot open the database")
    assert "Traceback" not in err


def test_unusable_home_is_a_clean_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = main.main(["--home", str(blocker / "home"), "contacts", "list"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("facteur: error:") and "Traceback" not in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("facteur ")
    with pytest.raises(SystemExit) as info:
        main.main(["contacts", "add"])  # argparse usage error
    assert info.value.code == 2


def test_no_command_hands_over_to_the_gui(tmp_path: Path) -> None:
    from app.cli import main as cli_main

    seen = []
    assert cli_main(["--home", str(tmp_path / "h")], gui=lambda paths: seen.append(paths) or 7) == 7
    assert seen[0].home == (tmp_path / "h").resolve()


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "facteur"
    assert script.is_file(), "the package is not installed in the venv (pip install -e .)"
    env = {**os.environ, "FACTEUR_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    env.pop("FACTEUR_DB_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )

    done = run("contacts", "add", "Élodie@Exemple.fr", "--first-name", "Élodie", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["email"] == "élodie@exemple.fr"
    # one process is enough to prove the console script: check what it stored from here
    db = Database(f"sqlite:///{tmp_path / 'home' / 'facteur.db'}")
    try:
        assert get_contact(db, "ÉLODIE@exemple.fr").first_name == "Élodie"
    finally:
        db.dispose()


# --- import (the importer's author tests it in depth) ------------------------------------------


def test_import_json_keys(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("app.contacts.importing")
    path = tmp_path / "contacts.csv"
    path.write_text("email;prenom\na@exemple.fr;Anne\npas-une-adresse;X\n", encoding="utf-8")
    result = cli.json("contacts", "import", str(path), "--tag", "importé")
    assert set(result) == {"imported", "updated", "skipped", "invalid"}
    assert result["imported"] == 1 and result["updated"] == 0 and result["skipped"] == 0
    assert len(result["invalid"]) == 1 and result["invalid"][0]["value"] == "pas-une-adresse"
    assert [c["email"] for c in cli.json("contacts", "list", "--tag", "importé")] == [
        "a@exemple.fr"
    ]
