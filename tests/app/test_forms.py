"""Signup forms (``app.tracking.forms``): validation, the HTML to paste, the ``forms`` commands,
and the pasted form posting to a real relay."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.cli import main
from app.contacts.service import create_list, get_contact
from app.db import Database
from app.db.models import Account, Template
from app.errors import InvalidInput, NotFound
from app.tracking.forms import (
    DEFAULT_CONSENT_TEXT,
    FormInput,
    create_form,
    delete_form,
    form_html,
    get_form,
    list_forms,
    update_form,
)
from app.tracking.relay_config import save_relay
from app.tracking.sync import sync_once
from tests.relay_server import API_KEY, SECRET, RelayServer


def _account(db: Database, name: str) -> None:
    with db.session() as s:
        s.add(Account(name=name, kind="smtp", from_email=f"{name.lower()}@exemple.fr"))


def test_create_update_and_delete_a_form(db: Database) -> None:
    create_list(db, "Lettre")
    with db.session() as s:
        s.add(Template(name="Confirmez", subject="Confirmez", html="{{ data.confirm_url }}"))
    _account(db, "Boutique")
    form = create_form(
        db,
        FormInput(
            name="lettre",
            list_name="Lettre",
            tags=["web", "web", "newsletter"],
            confirm_template="Confirmez",
            fields=["ville", "company"],
            redirect_url="https://boutique.example/merci",
        ),
    )
    assert form.double_opt_in is True and form.enabled is True
    assert form.tags == ["web", "newsletter"] and form.fields == ["ville", "company"]
    assert form.consent_text == DEFAULT_CONSENT_TEXT
    assert (form.confirm_template, form.account) == ("Confirmez", "")
    changed = update_form(
        db,
        "lettre",
        FormInput(double_opt_in=False, account="Boutique", consent_text="Oui, écrivez-moi."),
    )
    assert changed.double_opt_in is False and changed.account == "Boutique"
    assert changed.list_name == "Lettre" and changed.tags == ["web", "newsletter"]  # unchanged
    assert update_form(db, form.id, FormInput(name="lettre-2")).name == "lettre-2"  # by id
    assert [f.name for f in list_forms(db)] == ["lettre-2"]
    assert get_form(db, "lettre-2").consent_text == "Oui, écrivez-moi."
    delete_form(db, "lettre-2")
    assert list_forms(db) == []
    with pytest.raises(NotFound, match="No signup form named 'lettre-2'"):
        get_form(db, "lettre-2")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "Lettre Info"}, "not a valid form name"),
        ({"name": "x" * 65}, "not a valid form name"),
        ({"name": "ok", "list_name": "Inconnue"}, "No list named 'Inconnue'"),
        ({"name": "ok", "confirm_template": "Nope"}, "No template named 'Nope'"),
        ({"name": "ok", "account": "Nope"}, "No sending account named 'Nope'"),
        ({"name": "ok", "redirect_url": "javascript:alert(1)"}, "must be a web address"),
        ({"name": "ok", "fields": ["email"]}, "a field every form already has"),
        ({"name": "ok", "fields": ["1abc"]}, "not a valid field name"),
        ({"name": "ok", "consent_text": "  "}, "needs a consent text"),
        ({"name": "ok", "tags": [""]}, "tag name cannot be empty"),
    ],
)
def test_invalid_forms_are_refused_with_a_clear_message(
    sqlite_db: Database, values: dict[str, Any], message: str
) -> None:
    with pytest.raises((InvalidInput, NotFound), match=message):
        create_form(sqlite_db, FormInput(**values))
    assert list_forms(sqlite_db) == []


def test_a_double_opt_in_form_names_its_account_when_there_are_several(
    sqlite_db: Database,
) -> None:
    _account(sqlite_db, "Boutique")
    _account(sqlite_db, "Autre")
    with pytest.raises(InvalidInput, match="choose the one that sends"):
        create_form(sqlite_db, FormInput(name="lettre"))
    assert create_form(sqlite_db, FormInput(name="lettre", double_opt_in=False)).account == ""
    with pytest.raises(InvalidInput, match="choose the one that sends"):
        update_form(sqlite_db, "lettre", FormInput(double_opt_in=True))
    assert update_form(sqlite_db, "lettre", FormInput(double_opt_in=True, account="Autre")).account


def test_a_duplicate_name_is_refused(sqlite_db: Database) -> None:
    create_form(sqlite_db, FormInput(name="lettre"))
    with pytest.raises(InvalidInput, match="already exists"):
        create_form(sqlite_db, FormInput(name="lettre"))


class _Inputs(HTMLParser):
    """The form's action and its inputs (name -> attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        elif tag == "input" and values.get("name"):
            self.inputs[str(values["name"])] = values
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_form_html_has_the_fields_consent_source_and_honeypot(sqlite_db: Database) -> None:
    form = create_form(
        sqlite_db,
        FormInput(name="lettre", fields=["ville"], consent_text="J'accepte <vos> emails & co."),
    )
    page = form_html(form, "https://relay.example/")
    parsed = _Inputs()
    parsed.feed(page)
    assert parsed.action == "https://relay.example/f/lettre"
    assert set(parsed.inputs) == {
        "email",
        "first_name",
        "last_name",
        "ville",
        "consent",
        "tracking_consent",
        "source",
        "website",
    }
    assert parsed.inputs["email"]["type"] == "email" and "required" in parsed.inputs["email"]
    assert parsed.inputs["consent"]["type"] == "checkbox" and "required" in parsed.inputs["consent"]
    assert "tracking_consent" not in [k for k, v in parsed.inputs.items() if "required" in v]
    assert parsed.inputs["source"]["type"] == "hidden"
    assert parsed.inputs["website"]["tabindex"] == "-1"  # the honeypot, out of people's way
    assert "&lt;vos&gt; emails &amp; co." in page and "<vos>" not in page  # escaped
    assert "window.location.href" in "".join(parsed.scripts)


def test_the_pasted_form_signs_up_through_a_real_relay(
    db: Database, facteur_home: Path, tmp_path: Path
) -> None:
    create_list(db, "Lettre")
    form = create_form(
        db,
        FormInput(
            name="lettre",
            list_name="Lettre",
            tags=["web"],
            double_opt_in=False,
            fields=["ville"],
            consent_text="J'accepte la lettre.",
        ),
    )
    with RelayServer(tmp_path=tmp_path) as relay:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        sync_once(db, facteur_home)  # pushes the form
        parsed = _Inputs()
        parsed.feed(form_html(form, relay.url))
        # What a browser posts once the visitor filled it in (the script set the source).
        values = {name: attrs.get("value") or "" for name, attrs in parsed.inputs.items()}
        values.update(
            email="Visiteur@Exemple.fr",
            first_name="Zoé",
            ville="Nantes",
            consent="yes",
            source="https://boutique.example/lettre",
        )
        values.pop("tracking_consent")  # left unticked
        answer = httpx.post(parsed.action, data=values)
        assert answer.status_code in (200, 303), answer.text
        result = sync_once(db, facteur_home)
    assert (result.applied, result.errors) == (1, [])
    contact = get_contact(db, "visiteur@exemple.fr")
    assert contact.status == "subscribed" and contact.first_name == "Zoé"
    assert contact.attributes == {"ville": "Nantes"}
    assert contact.lists == ["Lettre"] and contact.tags == ["web"]
    assert contact.consent_source == "https://boutique.example/lettre"
    assert contact.consent_text == "J'accepte la lettre." and contact.tracking_consent is False
    assert contact.consent_ip == "127.0.0.0"


def test_forms_commands(sqlite_db: Database, capsys: Any) -> None:
    db = sqlite_db
    create_list(db, "Lettre")
    _account(db, "Boutique")
    url = db.url
    assert (
        main(
            [
                "forms",
                "create",
                "lettre",
                "--list",
                "Lettre",
                "--tag",
                "web",
                "--field",
                "ville",
                "--consent-text",
                "J'accepte.",
                "--json",
                "--db",
                url,
            ]
        )  # fmt: skip
        == 0
    )
    created = json.loads(capsys.readouterr().out)
    assert created["name"] == "lettre" and created["list"] == "Lettre"
    assert created["double_opt_in"] is True and created["fields"] == ["ville"]
    assert created["action"] == "https://YOUR-RELAY.example/f/lettre"  # no relay connected
    assert 'name="ville"' in created["html"]

    assert main(["forms", "edit", "lettre", "--single-opt-in", "--db", url]) == 0
    out = capsys.readouterr()
    assert "Form 'lettre' updated." in out.err and "single opt-in" in out.out
    assert "<form" in out.out

    assert main(["forms", "list", "--json", "--db", url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(f["name"], f["double_opt_in"], f["tags"]) for f in listed] == [
        ("lettre", False, ["web"])
    ]
    assert main(["forms", "show", "lettre", "--json", "--db", url]) == 0
    assert json.loads(capsys.readouterr().out)["consent_text"] == "J'accepte."

    assert main(["forms", "create", "Mauvais Nom", "--db", url]) == 1
    assert "not a valid form name" in capsys.readouterr().err
    assert main(["forms", "delete", "lettre", "--db", url]) == 0
    capsys.readouterr()
    assert main(["forms", "show", "lettre", "--db", url]) == 1
    assert "No signup form named 'lettre'" in capsys.readouterr().err
