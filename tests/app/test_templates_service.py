"""Template service on SQLite and PostgreSQL: CRUD, attachments stored once, caps, previews."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.contacts.service import ContactInput, add_contact
from app.db import Database
from app.db.models import Account, Attachment, Campaign, TemplateAttachment
from app.errors import InvalidInput, NotFound
from app.templates import service
from app.templates.rendering import TemplateError, today
from app.templates.service import (
    AttachmentInfo,
    TemplateInput,
    check_template,
    create_template,
    delete_template,
    get_template,
    list_templates,
    preview_draft,
    preview_template,
    template_variables,
    update_template,
)

HTML = (
    "<style>p { color: #333; }</style>"
    "<p>Bonjour {{ contact.first_name|default('client') }} de {{ contact.ville }}</p>"
    '<p><a href="{{ unsubscribe_url }}">Se désinscrire</a></p>'
)


def blob_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Attachment)) or 0


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, data in (
        ("tarifs.pdf", b"%PDF-1.4 tarifs" * 100),
        ("copie.pdf", b"%PDF-1.4 tarifs" * 100),  # same bytes, another name
        ("plan.png", b"\x89PNG\r\n\x1a\n plan"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        made[name] = path
    return made


def test_create_get_list(db: Database, files: dict[str, Path]) -> None:
    created = create_template(
        db,
        TemplateInput(
            name="  Bienvenue ",
            subject="Bienvenue {{ contact.first_name }}",
            html=HTML,
            from_override="  Boulangerie Dupont, Lyon  <Contact@Boulangerie-Dupont.FR> ",
            reply_to="sav@boulangerie-dupont.fr",
            attachments=[files["tarifs.pdf"], files["plan.png"]],
        ),
    )
    assert created.name == "Bienvenue"
    assert created.from_override == '"Boulangerie Dupont, Lyon" <contact@boulangerie-dupont.fr>'
    assert created.reply_to == "sav@boulangerie-dupont.fr"
    assert [(a.filename, a.content_type, a.size) for a in created.attachments] == [
        ("tarifs.pdf", "application/pdf", 1500),
        ("plan.png", "image/png", 13),
    ]
    assert get_template(db, "Bienvenue") == created == get_template(db, created.id)
    create_template(db, TemplateInput(name="Autre", subject="x", text="y"))
    assert [t.name for t in list_templates(db)] == ["Autre", "Bienvenue"]
    data = created.to_json()
    assert set(data) == {
        "id", "name", "subject", "html", "text", "from_override", "reply_to", "attachments",
        "created_at", "updated_at",
    }  # fmt: skip
    assert data["attachments"][0]["filename"] == "tarifs.pdf"


def test_names_are_unique_and_case_sensitive(db: Database) -> None:
    create_template(db, TemplateInput(name="Promo", subject="x"))
    with pytest.raises(InvalidInput, match="already exists"):
        create_template(db, TemplateInput(name="Promo", subject="y"))
    create_template(db, TemplateInput(name="promo", subject="y"))
    other = create_template(db, TemplateInput(name="Autre", subject="z"))
    with pytest.raises(InvalidInput, match="already exists"):
        update_template(db, other.id, TemplateInput(name="Promo", subject="z"))
    with pytest.raises(NotFound, match="No template named 'Nope'"):
        get_template(db, "Nope")
    with pytest.raises(InvalidInput, match="cannot be empty"):
        create_template(db, TemplateInput(name="  ", subject="x"))
    with pytest.raises(InvalidInput, match="needs a subject"):
        create_template(db, TemplateInput(name="Sans sujet", subject=" "))
    with pytest.raises(InvalidInput, match="From address"):
        create_template(
            db, TemplateInput(name="Bad", subject="x", from_override="Moi <pas-une-adresse>")
        )


def test_syntax_errors_refused_at_save(db: Database) -> None:
    with pytest.raises(TemplateError) as info:
        create_template(
            db, TemplateInput(name="T", subject="ok", html="<p>\n{{ contact.first_name }\n</p>")
        )
    assert info.value.part == "html" and info.value.line == 2
    with pytest.raises(TemplateError):
        create_template(db, TemplateInput(name="T", subject="{{ ''.__class__ }}"))
    assert list_templates(db) == []


def test_update_replaces_content_and_attachments(db: Database, files: dict[str, Path]) -> None:
    t = create_template(
        db, TemplateInput(name="T", subject="a", text="b", attachments=[files["tarifs.pdf"]])
    )
    kept: list[Path | AttachmentInfo] = [*t.attachments, files["plan.png"]]
    updated = update_template(
        db, "T", TemplateInput(name="T2", subject="A", html=HTML, attachments=kept)
    )
    assert (updated.id, updated.name, updated.subject, updated.text) == (t.id, "T2", "A", "")
    assert [a.filename for a in updated.attachments] == ["tarifs.pdf", "plan.png"]
    assert updated.updated_at >= t.updated_at
    with pytest.raises(NotFound):
        get_template(db, "T")


def test_attachments_stored_once_and_removed_with_the_last_user(
    db: Database, files: dict[str, Path]
) -> None:
    a = create_template(db, TemplateInput(name="A", subject="x", attachments=[files["tarifs.pdf"]]))
    create_template(
        db,
        TemplateInput(name="B", subject="x", attachments=[files["copie.pdf"], files["plan.png"]]),
    )
    assert blob_count(db) == 2  # tarifs.pdf and copie.pdf are the same bytes
    assert a.attachments[0].sha256 == get_template(db, "B").attachments[0].sha256
    # B drops the PDF: A still uses it
    update_template(db, "B", TemplateInput(name="B", subject="x", attachments=[files["plan.png"]]))
    assert blob_count(db) == 2
    delete_template(db, "A")
    assert blob_count(db) == 1
    delete_template(db, "B")
    assert blob_count(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(TemplateAttachment)) == 0


def test_size_caps(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "DEFAULT_MAX_SIZE", 100_000)
    big = tmp_path / "catalogue.pdf"
    big.write_bytes(b"x" * 80_000)  # 107 kB once base64-encoded
    with pytest.raises(InvalidInput) as info:
        create_template(db, TemplateInput(name="T", subject="x", attachments=[big]))
    message = str(info.value)
    assert "catalogue.pdf" in message and "0.08 MB" in message and "0.1 MB" in message
    half = tmp_path / "moitie.pdf"
    half.write_bytes(b"y" * 40_000)
    other = tmp_path / "autre.pdf"
    other.write_bytes(b"z" * 40_000)
    create_template(db, TemplateInput(name="T", subject="x", attachments=[half]))
    with pytest.raises(InvalidInput, match="attachments total 0.08 MB"):
        update_template(db, "T", TemplateInput(name="T", subject="x", attachments=[half, other]))
    assert [a.filename for a in get_template(db, "T").attachments] == ["moitie.pdf"]
    with pytest.raises(InvalidInput, match="Cannot read the file"):
        create_template(
            db, TemplateInput(name="U", subject="x", attachments=[tmp_path / "absent.pdf"])
        )


def test_kept_attachment_must_still_exist(db: Database) -> None:
    ghost = AttachmentInfo("fantome.pdf", 3, "application/pdf", "0" * 64)
    with pytest.raises(InvalidInput, match="no longer stored"):
        create_template(db, TemplateInput(name="T", subject="x", attachments=[ghost]))


def test_delete_refused_while_a_campaign_uses_it(db: Database) -> None:
    t = create_template(db, TemplateInput(name="Promo", subject="x", text="y"))
    with db.session() as s:
        account = Account(name="smtp", kind="smtp", from_email="a@b.fr")
        s.add(account)
        s.flush()
        for name in ("Soldes", "Noël"):
            s.add(Campaign(name=name, template_id=t.id, account_id=account.id))
    with pytest.raises(InvalidInput) as info:
        delete_template(db, "Promo")
    assert "'Noël', 'Soldes'" in str(info.value)
    assert get_template(db, "Promo").id == t.id


def test_check_template_reports_each_part() -> None:
    assert check_template("ok {{ contact.first_name }}", "<p>ok</p>", "ok") == []
    problems = check_template("{{ x", "<p>\n\n{% endif %}</p>", "{{ ''.__class__ }}")
    assert [(p.part, p.line) for p in problems] == [("subject", 1), ("html", 3), ("text", 1)]
    assert all(p.message for p in problems)
    assert "line" not in problems[1].message  # the part and line are given apart
    assert "'__class__'" in problems[2].message


def test_preview_for_a_chosen_contact(db: Database) -> None:
    add_contact(
        db,
        ContactInput(email="elodie@exemple.fr", first_name="Élodie", attributes={"ville": "Lyon"}),
    )
    create_template(
        db, TemplateInput(name="T", subject="Bonjour {{ contact.first_name }}", html=HTML)
    )
    p = preview_template(db, "T", "Elodie@Exemple.fr")
    assert p.subject == "Bonjour Élodie"
    assert '<p style="color: #333;">Bonjour Élodie de Lyon</p>' in p.html
    assert "Bonjour Élodie de Lyon" in p.text and "[Se désinscrire](#unsubscribe)" in p.text
    assert p.to_json() == {"subject": p.subject, "html": p.html, "text": p.text}
    # no contact: a sample one, with the attributes the template uses shown by name
    sample = preview_template(db, "T")
    assert sample.subject == "Bonjour Camille" and "Bonjour Camille de [ville]" in sample.text
    with pytest.raises(NotFound):
        preview_template(db, "T", "absent@exemple.fr")


def test_preview_draft(db: Database) -> None:
    add_contact(db, ContactInput(email="bob@exemple.fr", first_name="Bob", locale="en"))
    draft = TemplateInput(
        name="Brouillon",
        subject="{{ campaign.name }}: {{ today|format_date('MMMM') }}",
        text="Hi {{ contact.first_name }}",
    )
    p = preview_draft(db, draft, "bob@exemple.fr")
    months = "January February March April May June July August September October November December"
    assert p.subject == f"Brouillon: {months.split()[today().month - 1]}"  # the contact's locale
    assert p.text == "Hi Bob" and p.html == ""
    assert preview_draft(db, draft).text == "Hi Camille"
    with pytest.raises(TemplateError):
        preview_draft(db, TemplateInput(name="x", subject="{{ x"))


def test_template_variables(db: Database) -> None:
    add_contact(
        db, ContactInput(email="a@exemple.fr", attributes={"ville": "Lyon", "Code client": "1"})
    )
    names = template_variables(db)
    assert names[:3] == ["contact.email", "contact.first_name", "contact.last_name"]
    assert "contact.ville" in names and "contact['Code client']" in names
    assert names[-3:] == ["campaign.name", "unsubscribe_url", "today"]
