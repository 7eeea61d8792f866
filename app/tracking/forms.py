"""Signup forms: an HTML form on the user's website posts to the relay's ``/f/<name>`` (DESIGN §6).

A form says what a signup does once the desktop pulls it (``app.tracking.sync``): the list and
tags it adds, single or double opt-in (a confirmation mail, from the form's template or a
built-in one, whose ``/confirm/<token>`` link completes it), the sending account of that mail,
the consent text the visitor agrees to (kept with each signup as proof), where the visitor goes
after posting, and the extra fields kept as contact attributes. The relay gets the part it needs
(name, opt-in, consent text, redirects, fields, enabled) through ``push_forms`` at the next sync.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.db.models import Account, ContactList, SignupForm, Template
from app.db.types import utcnow
from app.errors import InvalidInput, NotFound

FORM_NAME = re.compile(r"[a-z0-9_-]{1,64}")
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
# Fields every form has and the relay's technical ones: not declarable as extra fields.
# (``company`` and ``phone`` may be declared: they fill the contact's own columns.)
STANDARD_FIELDS = ("email", "first_name", "last_name")
TECHNICAL_FIELDS = ("consent", "tracking_consent", "source", "website", "form", "signup")
MAX_FIELDS = 30
MAX_CONSENT_TEXT = 10_000
DEFAULT_CONSENT_TEXT = (
    "J'accepte de recevoir des emails de votre part. Je peux me désinscrire à tout moment. "
    "/ I agree to receive your emails. I can unsubscribe at any time."
)
# The honeypot: an input people never see (bots fill every field); the relay drops those posts.
HONEYPOT = "website"


@dataclass
class FormInput:
    """Values of a form. On ``update_form``, ``None`` leaves a value unchanged."""

    name: str | None = None
    list_name: str | None = None
    tags: list[str] | None = None
    double_opt_in: bool | None = None
    confirm_template: str | None = None  # "" = Facteur's built-in confirmation mail
    account: str | None = None  # "" = the only sending account
    consent_text: str | None = None
    redirect_url: str | None = None
    confirm_redirect_url: str | None = None
    fields: list[str] | None = None
    enabled: bool | None = None


@dataclass(frozen=True)
class FormData:
    """A signup form as the CLI and the interface show it."""

    id: int
    name: str
    list_name: str = ""
    tags: list[str] = field(default_factory=list)
    double_opt_in: bool = True
    confirm_template: str = ""
    account: str = ""
    consent_text: str = ""
    redirect_url: str = ""
    confirm_redirect_url: str = ""
    fields: list[str] = field(default_factory=list)
    enabled: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``forms list/show --json`` shape (a contract: add keys, never rename)."""
        return {
            "name": self.name,
            "list": self.list_name,
            "tags": list(self.tags),
            "double_opt_in": self.double_opt_in,
            "confirm_template": self.confirm_template,
            "account": self.account,
            "consent_text": self.consent_text,
            "redirect_url": self.redirect_url,
            "confirm_redirect_url": self.confirm_redirect_url,
            "fields": list(self.fields),
            "enabled": self.enabled,
        }

    def relay_json(self) -> dict[str, Any]:
        """What the relay needs of the form (``PUT /api/v1/forms``)."""
        return {
            "name": self.name,
            "double_opt_in": self.double_opt_in,
            "consent_text": self.consent_text,
            "redirect_url": self.redirect_url,
            "confirm_redirect_url": self.confirm_redirect_url,
            "fields": list(self.fields),
            "enabled": self.enabled,
        }


# --- validation ---------------------------------------------------------------------------------


def validate_form_name(name: str) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not FORM_NAME.fullmatch(text):
        raise InvalidInput(
            "{name!r} is not a valid form name: use 1 to 64 lower-case letters, digits, '-' "
            "or '_' (it appears in the form's address /f/NAME).",
            name=name,
        )
    return text


def _clean_url(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise InvalidInput(
            "The {what} address must be a web address starting with https:// or http://, "
            "not {value!r}.",
            what=what,
            value=text,
        )
    return text


def _clean_fields(names: list[str]) -> list[str]:
    clean: list[str] = []
    for raw in names:
        name = (raw or "").strip()
        if not FIELD_NAME.fullmatch(name):
            raise InvalidInput(
                "{name!r} is not a valid field name: use letters, digits and '_', starting "
                "with a letter (at most 64 characters).",
                name=raw,
            )
        if name in STANDARD_FIELDS or name in TECHNICAL_FIELDS:
            raise InvalidInput(
                "{name!r} is a field every form already has (or one the relay uses): "
                "choose another name.",
                name=name,
            )
        if name not in clean:
            clean.append(name)
    if len(clean) > MAX_FIELDS:
        raise InvalidInput("A form has at most {limit} extra fields.", limit=MAX_FIELDS)
    return clean


def _clean_tags(names: list[str]) -> list[str]:
    from app.contacts.service import validate_name

    return list(dict.fromkeys(validate_name("tag", n) for n in names if n is not None))


def _list_name(session: Session, name: str) -> str:
    from app.contacts.service import validate_name

    text = (name or "").strip()
    if not text:
        return ""
    text = validate_name("list", text, 200)
    if session.scalar(select(ContactList.id).where(ContactList.name == text)) is None:
        raise NotFound("No list named {name!r}.", name=text)
    return text


def _template_id(session: Session, name: str) -> int | None:
    text = (name or "").strip()
    if not text:
        return None
    template_id = session.scalar(select(Template.id).where(Template.name == text))
    if template_id is None:
        raise NotFound("No template named {name!r}.", name=text)
    return template_id


def _account_id(session: Session, name: str) -> int | None:
    text = (name or "").strip()
    if not text:
        return None
    account_id = session.scalar(select(Account.id).where(Account.name == text))
    if account_id is None:
        raise NotFound("No sending account named {name!r}.", name=text)
    return account_id


def _check_account(session: Session, form: SignupForm) -> None:
    """A double opt-in form needs to know which account sends its confirmation mail."""
    if not form.double_opt_in or form.account_id is not None:
        return
    names = list(session.scalars(select(Account.name).order_by(Account.name).limit(10)))
    if len(names) > 1:
        raise InvalidInput(
            "Several sending accounts exist ({accounts}): choose the one that sends this "
            "form's confirmation mail (--account).",
            accounts=", ".join(repr(n) for n in names),
        )


def _apply(session: Session, form: SignupForm, data: FormInput, *, creating: bool) -> None:
    if data.list_name is not None:
        form.list_name = _list_name(session, data.list_name)
    elif creating:
        form.list_name = ""
    if data.tags is not None:
        form.tags = _clean_tags(data.tags)
    elif creating:
        form.tags = []
    if data.double_opt_in is not None:
        form.double_opt_in = bool(data.double_opt_in)
    elif creating:
        form.double_opt_in = True
    if data.confirm_template is not None:
        form.confirm_template_id = _template_id(session, data.confirm_template)
    if data.account is not None:
        form.account_id = _account_id(session, data.account)
    if data.consent_text is not None:
        form.consent_text = data.consent_text.strip()
    elif creating:
        form.consent_text = DEFAULT_CONSENT_TEXT
    if len(form.consent_text) > MAX_CONSENT_TEXT:
        raise InvalidInput(
            "The consent text is limited to {limit} characters.", limit=MAX_CONSENT_TEXT
        )
    if not form.consent_text:
        raise InvalidInput(
            "A form needs a consent text: what visitors agree to, kept as proof of consent."
        )
    if data.redirect_url is not None:
        form.redirect_url = _clean_url(data.redirect_url, "redirect")
    elif creating:
        form.redirect_url = ""
    if data.confirm_redirect_url is not None:
        form.confirm_redirect_url = _clean_url(data.confirm_redirect_url, "confirmation redirect")
    elif creating:
        form.confirm_redirect_url = ""
    if data.fields is not None:
        form.fields = _clean_fields(data.fields)
    elif creating:
        form.fields = []
    if data.enabled is not None:
        form.enabled = bool(data.enabled)
    elif creating:
        form.enabled = True
    _check_account(session, form)


def _to_data(session: Session, form: SignupForm) -> FormData:
    template = (
        session.scalar(select(Template.name).where(Template.id == form.confirm_template_id))
        if form.confirm_template_id is not None
        else None
    )
    account = (
        session.scalar(select(Account.name).where(Account.id == form.account_id))
        if form.account_id is not None
        else None
    )
    return FormData(
        id=form.id,
        name=form.name,
        list_name=form.list_name or "",
        tags=list(form.tags or []),
        double_opt_in=bool(form.double_opt_in),
        confirm_template=template or "",
        account=account or "",
        consent_text=form.consent_text or "",
        redirect_url=form.redirect_url or "",
        confirm_redirect_url=form.confirm_redirect_url or "",
        fields=list(form.fields or []),
        enabled=bool(form.enabled),
        created_at=form.created_at,
        updated_at=form.updated_at,
    )


def _find(session: Session, name: str | int) -> SignupForm:
    if isinstance(name, int):
        form = session.get(SignupForm, name)
    else:
        form = session.scalar(select(SignupForm).where(SignupForm.name == (name or "").strip()))
    if form is None:
        raise NotFound("No signup form named {name!r}.", name=name)
    return form


# --- operations ---------------------------------------------------------------------------------


def create_form(db: Database, data: FormInput) -> FormData:
    name = validate_form_name(data.name or "")
    with db.session() as s:
        if s.scalar(select(SignupForm.id).where(SignupForm.name == name)) is not None:
            raise InvalidInput("A signup form named {name!r} already exists.", name=name)
        now = utcnow()
        form = SignupForm(name=name, created_at=now, updated_at=now)
        _apply(s, form, data, creating=True)
        s.add(form)
        s.flush()
        return _to_data(s, form)


def update_form(db: Database, name: str | int, data: FormInput) -> FormData:
    """Change a form (by name or id); ``None`` values are left as they are."""
    with db.session() as s:
        form = _find(s, name)
        if data.name is not None:
            new = validate_form_name(data.name)
            if new != form.name:
                if s.scalar(select(SignupForm.id).where(SignupForm.name == new)) is not None:
                    raise InvalidInput("A signup form named {name!r} already exists.", name=new)
                form.name = new
        _apply(s, form, data, creating=False)
        form.updated_at = utcnow()
        s.flush()
        return _to_data(s, form)


def list_forms(db: Database) -> list[FormData]:
    with db.session() as s:
        rows = s.scalars(select(SignupForm).order_by(SignupForm.name)).all()
        return [_to_data(s, f) for f in rows]


def get_form(db: Database, name: str | int) -> FormData:
    with db.session() as s:
        return _to_data(s, _find(s, name))


def delete_form(db: Database, name: str | int) -> None:
    """Delete a form (the relay refuses its posts after the next sync pushes the forms)."""
    with db.session() as s:
        s.delete(_find(s, name))


# --- the HTML to paste ------------------------------------------------------------------------

_LABELS = {
    "email": "Email",
    "first_name": "Prénom / First name",
    "last_name": "Nom / Last name",
    "company": "Société / Company",
    "phone": "Téléphone / Phone",
}


def form_html(form: FormData, relay_url: str) -> str:
    """A ready-to-paste HTML form posting to the relay: email, names, the declared fields, the
    consent checkbox with its text, an optional tracking-consent checkbox, the page's address
    (``source``, filled by a one-line script; the relay falls back to the Referer) and a hidden
    honeypot field."""
    esc = html.escape
    action = f"{relay_url.rstrip('/')}/f/{form.name}"
    fid = f"facteur-{form.name}"
    lines = [
        f'<form id="{esc(fid)}" class="facteur-form" method="post" action="{esc(action)}" '
        'accept-charset="UTF-8">',
        f'  <p><label for="{esc(fid)}-email">{_LABELS["email"]}</label><br>',
        f'    <input id="{esc(fid)}-email" type="email" name="email" required '
        'autocomplete="email" maxlength="320"></p>',
    ]
    for name, autocomplete in (("first_name", "given-name"), ("last_name", "family-name")):
        lines += [
            f'  <p><label for="{esc(fid)}-{name}">{_LABELS[name]}</label><br>',
            f'    <input id="{esc(fid)}-{name}" type="text" name="{name}" '
            f'autocomplete="{autocomplete}" maxlength="200"></p>',
        ]
    for name in form.fields:
        label = _LABELS.get(name) or name.replace("_", " ").capitalize()
        kind = "tel" if name == "phone" else "text"
        lines += [
            f'  <p><label for="{esc(fid)}-{esc(name)}">{esc(label)}</label><br>',
            f'    <input id="{esc(fid)}-{esc(name)}" type="{kind}" name="{esc(name)}" '
            'maxlength="500"></p>',
        ]
    lines += [
        f'  <p><label><input type="checkbox" name="consent" value="yes" required> '
        f"{esc(form.consent_text)}</label></p>",
        '  <p><label><input type="checkbox" name="tracking_consent" value="yes"> '
        "J'accepte que l'ouverture de vos emails et les clics soient mesurés. / "
        "I agree that opens and clicks of your emails are measured.</label></p>",
        '  <input type="hidden" name="source" value="">',
        f'  <div style="position:absolute;left:-5000px" aria-hidden="true"><input type="text" '
        f'name="{HONEYPOT}" tabindex="-1" autocomplete="off" value=""></div>',
        '  <p><button type="submit">S\'inscrire / Sign up</button></p>',
        "</form>",
        "<script>document.getElementById("
        f"{_js_string(fid)}).elements.source.value = window.location.href;</script>",
    ]
    return "\n".join(lines) + "\n"


def _js_string(text: str) -> str:
    # Form names are [a-z0-9_-]: nothing to escape, but stay safe in a <script> block.
    return '"' + re.sub(r"[^a-z0-9_-]", "", text) + '"'


# --- commands -----------------------------------------------------------------------------------


def _input(args: argparse.Namespace, name: str | None = None) -> FormInput:
    return FormInput(
        name=name,
        list_name=getattr(args, "list_name", None),
        tags=getattr(args, "tag", None),
        double_opt_in=getattr(args, "double_opt_in", None),
        confirm_template=getattr(args, "confirm_template", None),
        account=getattr(args, "account", None),
        consent_text=getattr(args, "consent_text", None),
        redirect_url=getattr(args, "redirect_url", None),
        confirm_redirect_url=getattr(args, "confirm_redirect_url", None),
        fields=getattr(args, "fields", None),
    )


def _relay_url(db: Database, args: argparse.Namespace) -> str:
    """The connected relay's address, or a placeholder to replace when none is connected."""
    try:
        from app.tracking.relay_config import load_relay

        relay = load_relay(db, args.paths.home)
    except Exception:  # noqa: BLE001 - showing a form must work without a relay
        relay = None
    return relay.url if relay is not None else "https://YOUR-RELAY.example"


def _show(db: Database, args: argparse.Namespace, form: FormData, verb: str) -> int:
    relay_url = _relay_url(db, args)
    if getattr(args, "json", False):
        from app.cli import print_json

        print_json(
            {
                **form.to_json(),
                "action": f"{relay_url.rstrip('/')}/f/{form.name}",
                "html": form_html(form, relay_url),
            }
        )
        return 0
    if verb:
        print(f"Form {form.name!r} {verb}.", file=sys.stderr)
    _print_form(form)
    print()
    print(form_html(form, relay_url), end="")
    return 0


def _print_form(form: FormData) -> None:
    opt = "double opt-in" if form.double_opt_in else "single opt-in"
    print(f"{form.name}  ({opt}{'' if form.enabled else ', disabled'})")
    print(f"  list: {form.list_name or '-'}   tags: {', '.join(form.tags) or '-'}")
    print(f"  confirmation: {form.confirm_template or '(built-in)'}  via {form.account or '-'}")
    print(f"  consent text: {form.consent_text}")
    if form.fields:
        print(f"  extra fields: {', '.join(form.fields)}")
    if form.redirect_url or form.confirm_redirect_url:
        print(f"  after signup: {form.redirect_url or '-'}")
        print(f"  after confirming: {form.confirm_redirect_url or '-'}")


def cmd_create(db: Database, args: argparse.Namespace) -> int:
    form = create_form(db, _input(args, args.name))
    return _show(db, args, form, "created")


def cmd_edit(db: Database, args: argparse.Namespace) -> int:
    form = update_form(db, args.name, _input(args))
    return _show(db, args, form, "updated")


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    return _show(db, args, get_form(db, args.name), "")


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    forms = list_forms(db)
    if args.json:
        from app.cli import print_json

        print_json([f.to_json() for f in forms])
        return 0
    if not forms:
        print("No signup forms. Create one with: facteur forms create NAME", file=sys.stderr)
        return 0
    for form in forms:
        _print_form(form)
    return 0


def cmd_delete(db: Database, args: argparse.Namespace) -> int:
    delete_form(db, args.name)
    print(f"Form {args.name!r} deleted.", file=sys.stderr)
    return 0
