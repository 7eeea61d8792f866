"""MIME building: parse-back of every part, headers that cannot be injected, sizes, load_builder."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db import Database
from app.templates.mime import (
    Address,
    AttachmentPart,
    MessageBuilder,
    MessageTooLarge,
    Outgoing,
    load_builder,
)
from app.templates.rendering import TemplateError, compile_template
from app.templates.service import TemplateInput, create_template

SENDER = Address("Boulangerie Dupont", "contact@boulangerie-dupont.fr")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def contact(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "email": "elodie@exemple.fr",
        "first_name": "Élodie",
        "last_name": "Martin",
        "company": "",
        "phone": "",
        "locale": "fr",
        "status": "subscribed",
        "attributes": {"ville": "Lyon"},
    }
    base.update(values)
    return base


def builder(
    subject: str = "Bonjour {{ contact.first_name }}", html: str = "", text: str = "", **kw: Any
) -> MessageBuilder:
    return MessageBuilder(
        compile_template(subject, html, text), sender=kw.pop("sender", SENDER), **kw
    )


def build(b: MessageBuilder, who: dict[str, Any] | None = None, **kw: Any) -> Outgoing:
    who = who or contact()
    to = kw.pop("to", Address(f"{who['first_name']} {who['last_name']}".strip(), who["email"]))
    return b.build(who["id"], who, to=to, **kw)


def content(part: EmailMessage) -> str:
    """A text part's content with the "\\n" line ends Facteur's strings use (MIME has CRLF)."""
    return str(part.get_content()).replace("\r\n", "\n")


def parse(out: Outgoing) -> EmailMessage:
    msg = email.message_from_bytes(out.mime, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def check_lines(mime: bytes) -> None:
    assert b"\n" not in mime.replace(b"\r\n", b"")  # CRLF only
    assert b"\r" not in mime.replace(b"\r\n", b"")
    assert max(len(line) for line in mime.split(b"\r\n")) <= 998


# --- parse-back -------------------------------------------------------------------------------


def test_html_template_gives_text_then_html_alternative() -> None:
    long_line = "Très " + "longue ligne sans retour " * 60
    html = (
        "<style>p { color: #333; }</style>"
        "<p>Bonjour {{ contact.first_name }} 🎉 de {{ contact.ville }}</p>\n"
        f"<p>{long_line}</p>\n.\n..\nFrom the start\n<p>= égal =</p>"
    )
    b = builder("Bienvenue {{ contact.first_name }} 🎉 à {{ contact.ville }}", html)
    out = build(b)
    check_lines(out.mime)
    msg = parse(out)
    assert msg["Subject"] == "Bienvenue Élodie 🎉 à Lyon" == out.subject
    assert msg["To"] == "Élodie Martin <elodie@exemple.fr>"
    assert msg["From"] == "Boulangerie Dupont <contact@boulangerie-dupont.fr>"
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert parts[0]["Content-Transfer-Encoding"] == "quoted-printable"
    assert content(parts[1]) == out.html
    assert content(parts[0]) == out.text
    assert '<p style="color: #333;">Bonjour Élodie 🎉 de Lyon</p>' in out.html
    assert "\n.\n..\nFrom the start\n" in out.html and long_line in out.html
    assert "Bonjour Élodie 🎉 de Lyon" in out.text
    assert b"\r\n=46rom the start" in out.mime  # never a bare "From " line


def test_text_only_template_is_a_single_text_part() -> None:
    text = (
        "Bonjour {{ contact.first_name }},\n\n.\nligne avec espace final \nFrom Lyon\n" + "x" * 300
    )
    out = build(builder(text=text))
    check_lines(out.mime)
    msg = parse(out)
    assert not msg.is_multipart()
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    # a lone text part ends the message: it gets the final line end SMTP requires
    assert content(msg) == out.text + "\n"
    assert out.text.startswith("Bonjour Élodie,\n\n.\nligne avec espace final \nFrom Lyon\nxxx")
    assert out.html == ""


def test_attachments_round_trip() -> None:
    parts = [
        AttachmentPart("facture été.pdf", "application/pdf", PDF),
        AttachmentPart("notes.txt", "text/plain", "déjà vu\n".encode()),
        AttachmentPart("x" * 200 + ".bin", "application/octet-stream", b"\x00\x01"),
    ]
    b = builder(html="<p>Ci-joint</p>", attachments=parts)
    out = build(b)
    check_lines(out.mime)
    msg = parse(out)
    assert msg.get_content_type() == "multipart/mixed"
    first = next(msg.iter_parts())
    assert first.get_content_type() == "multipart/alternative"
    got = [
        (a.get_filename(), a.get_content_type(), a.get_payload(decode=True))
        for a in msg.iter_attachments()
    ]
    assert got == [(p.filename, p.content_type, p.data) for p in parts]
    assert out.attachments == tuple(parts)
    # a text-only template with attachments: the text part first, then the files
    msg = parse(build(builder(text="Bonjour", attachments=parts[:1])))
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "application/pdf"]


# --- headers ------------------------------------------------------------------------------


def test_required_headers() -> None:
    b = builder(html="<p>x</p>", reply_to="Service client <sav@boulangerie-dupont.fr>")
    first, second = build(b), build(b)
    msg = parse(first)
    assert msg["Date"] is not None and msg["Date"].datetime is not None
    mid = msg["Message-ID"]
    assert re.fullmatch(r"<[0-9a-f]{32}@boulangerie-dupont\.fr>", mid)
    assert mid == first.headers["Message-ID"] != second.headers["Message-ID"]
    assert msg["Reply-To"] == "Service client <sav@boulangerie-dupont.fr>"
    assert first.reply_to == "Service client <sav@boulangerie-dupont.fr>"
    assert msg["MIME-Version"] == "1.0"
    given_id = build(b, message_id="<abc.1@facteur>")
    assert parse(given_id)["Message-ID"] == "<abc.1@facteur>"


def test_list_unsubscribe_mailto_by_default() -> None:
    out = build(builder(html='<a href="{{ unsubscribe_url }}">Se désinscrire</a>'))
    msg = parse(out)
    mailto = "mailto:contact@boulangerie-dupont.fr?subject=unsubscribe"
    assert msg["List-Unsubscribe"] == f"<{mailto}>"
    assert msg["List-Unsubscribe-Post"] is None
    assert "List-Unsubscribe-Post" not in out.headers
    assert f'href="{mailto}"' in out.html  # the footer link works too


def test_list_unsubscribe_https_with_one_click() -> None:
    url = "https://relay.exemple.fr/u/" + "t" * 120
    out = build(builder(html='<a href="{{ unsubscribe_url }}">x</a>'), unsubscribe_url=url)
    check_lines(out.mime)
    msg = parse(out)
    assert msg["List-Unsubscribe"] == (
        f"<{url}>, <mailto:contact@boulangerie-dupont.fr?subject=unsubscribe>"
    )
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert out.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'href="{url}"' in out.html
    # plain http: listed, but no one-click POST
    msg = parse(build(builder(text="x"), unsubscribe_url="http://relay.exemple.fr/u/1"))
    assert msg["List-Unsubscribe-Post"] is None


def test_header_injection_in_name_and_subject() -> None:
    evil = contact(first_name="Bob\r\nBcc: evil@x", last_name="\nTo: other@x\r\n")
    b = builder("Bonjour {{ contact.first_name }}\r\nBcc: evil2@x", "<p>x</p>")
    out = build(
        b,
        evil,
        to=Address("Bob\r\nBcc: evil@x\n", "elodie@exemple.fr\r\nBcc: evil3@x"),
        extra_headers={"X-Campaign": "a\r\nBcc: evil4@x"},
    )
    msg = parse(out)
    assert len(msg.get_all("To")) == 1 and len(msg.get_all("Subject")) == 1
    assert msg.get_all("Bcc") is None and msg.get_all("Cc") is None
    assert msg["Subject"] == "Bonjour Bob  Bcc: evil@x Bcc: evil2@x"
    assert len(msg["To"].addresses) == 1
    assert msg["X-Campaign"] == "a  Bcc: evil4@x"
    assert b"\r\nBcc" not in out.mime


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=120),
    subject=st.text(max_size=300),
)
def test_any_name_or_subject_stays_in_its_header(name: str, subject: str) -> None:
    b = _PLAIN
    out = b.build(
        1,
        {"email": "a@exemple.fr", "first_name": name, "attributes": {"s": subject}},
        to=Address(name, "a@exemple.fr"),
    )
    check_lines(out.mime)
    msg = parse(out)
    for field in ("To", "Subject", "From", "Date", "Message-ID"):
        assert len(msg.get_all(field)) == 1
    assert msg.get_all("Bcc") is None
    assert msg["To"].addresses[0].addr_spec == "a@exemple.fr"
    assert msg["Subject"] == out.subject
    assert content(msg) in (out.text, out.text + "\n")
    assert not msg.defects


_PLAIN = MessageBuilder(
    compile_template("{{ contact.s }}", "", "{{ contact.first_name }}"), sender=SENDER
)


def test_long_and_non_ascii_headers_are_folded() -> None:
    who = contact(first_name="Jean-" + "Éric " * 60, last_name="Dupont")
    out = build(builder("{{ contact.first_name }} " + "sujet très long " * 30), who)
    check_lines(out.mime)
    header_block = out.mime.split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in header_block.split(b"\r\n")) <= 78
    msg = parse(out)
    assert msg["Subject"] == out.subject
    # Python's address parser keeps the space between two encoded words (RFC 2047 says to
    # drop it; Facteur puts the name's spaces inside the encoded text): compare words.
    name = msg["To"].addresses[0].display_name
    assert name.split() == ("Jean-" + "Éric " * 60 + " Dupont").split()
    assert "Dupont" in out.mime.decode("ascii")  # a plain word stays plain


def test_quoted_display_names() -> None:
    out = build(
        builder(text="x", sender=Address('Dupont, "Fils" & Cie', "a@b.fr")),
        to=Address("Martin, Élodie", "e@x.fr"),
    )
    msg = parse(out)
    assert msg["From"].addresses[0].display_name == 'Dupont, "Fils" & Cie'
    assert msg["To"].addresses[0].display_name == "Martin, Élodie"


# --- sizes ---------------------------------------------------------------------------------


def test_attachments_alone_over_the_limit() -> None:
    with pytest.raises(MessageTooLarge) as info:
        builder(
            text="x",
            attachments=[AttachmentPart("gros.pdf", "application/pdf", PDF)],
            max_size=10_000,
        )
    assert "MB" in str(info.value) and info.value.params["limit"] == "0.01"


def test_message_over_the_limit() -> None:
    b = builder(text="{{ contact.bio }}", max_size=20_000)
    build(b, contact(attributes={"bio": "court"}))
    with pytest.raises(MessageTooLarge) as info:
        build(b, contact(attributes={"bio": "long " * 5000}))
    assert "elodie@exemple.fr" in str(info.value) and "MB" in str(info.value)


def test_render_error_surfaces_as_template_error() -> None:
    b = builder("{{ contact.age + 1 }}", text="x")
    with pytest.raises(TemplateError):
        build(b)


# --- load_builder ------------------------------------------------------------------------


def test_load_builder_uses_the_template_overrides(db: Database, tmp_path: Path) -> None:
    pdf = tmp_path / "tarifs.pdf"
    pdf.write_bytes(PDF)
    create_template(
        db,
        TemplateInput(
            name="Promo",
            subject="Promo {{ campaign.name }} pour {{ contact.first_name }}",
            html="<p>Bonjour {{ contact.first_name }}</p>",
            from_override="Service promo <promo@boulangerie-dupont.fr>",
            reply_to="sav@boulangerie-dupont.fr",
            attachments=[pdf],
        ),
    )
    create_template(db, TemplateInput(name="Simple", subject="Simple", text="Texte"))
    b = load_builder(db, "Promo", sender=SENDER, reply_to="ignored@x.fr", campaign_name="Été")
    msg = parse(build(b))
    assert msg["From"] == "Service promo <promo@boulangerie-dupont.fr>"
    assert msg["Reply-To"] == "sav@boulangerie-dupont.fr"
    assert msg["Subject"] == "Promo Été pour Élodie"
    assert [a.get_filename() for a in msg.iter_attachments()] == ["tarifs.pdf"]
    assert next(msg.iter_attachments()).get_payload(decode=True) == PDF
    b = load_builder(db, "Simple", sender=SENDER, reply_to="sav@x.fr")
    msg = parse(build(b))
    assert msg["From"] == "Boulangerie Dupont <contact@boulangerie-dupont.fr>"
    assert msg["Reply-To"] == "sav@x.fr"
    assert b.max_size == 10 * 1024 * 1024
