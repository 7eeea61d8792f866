"""What the automation GUI tests need: an account, templates, contacts, a list and a tag."""

from __future__ import annotations

from ui.context import AppContext

TEMPLATES = ("Bienvenue", "Conseils", "Offre")


def make_world(ctx: AppContext, *, accounts: tuple[str, ...] = ("Local",)) -> None:
    """Accounts (SMTP on a closed port: nothing is sent), the templates of ``TEMPLATES``, the
    list "Clients" (anne, bruno), the tag "vip" (anne), and an attribute ``birthday``."""
    from app.contacts.service import ContactInput, add_contact
    from app.sending.accounts import AccountInput, create_account
    from app.templates.service import TemplateInput, create_template

    for name in accounts:
        create_account(
            ctx.db,
            ctx.secrets,
            AccountInput(
                name=name,
                kind="smtp",
                from_address=f"{name} <shop@example.fr>",
                host="127.0.0.1",
                port=9,
                security="none",
            ),
        )
    for name in TEMPLATES:
        create_template(
            ctx.db,
            TemplateInput(
                name=name, subject=f"{name} {{{{ contact.first_name }}}}", html="<p>Hi</p>"
            ),
        )
    add_contact(
        ctx.db,
        ContactInput(
            email="anne@example.fr",
            first_name="Anne",
            lists=["Clients"],
            tags=["vip"],
            attributes={"birthday": "1990-05-03"},
        ),
    )
    add_contact(
        ctx.db, ContactInput(email="bruno@example.fr", first_name="Bruno", lists=["Clients"])
    )
