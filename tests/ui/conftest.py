"""GUI test fixtures: a real AppContext over a temporary SQLite database, offscreen Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings, resolve_paths
from app.db import Database
from app.sending.secrets import open_secret_store
from ui.context import AppContext, ChangeBus
from ui.tasks import TaskRunner


@pytest.fixture(scope="session", autouse=True)
def english_plurals(qapp):  # type: ignore[no-untyped-def]
    """The app always loads facteur_en.qm for English ("1 contact" / "2 contacts"): so do the tests."""
    from PySide6.QtCore import QTranslator

    from ui.resources import translation_file

    translator = QTranslator()
    assert translator.load(str(translation_file("en"))), "make translations builds facteur_en.qm"
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def ctx(qapp, sqlite_db: Database, facteur_home) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """A real context; at teardown every background task must have finished (no leaked threads)."""
    paths = resolve_paths(home=facteur_home, db_url=sqlite_db.url)
    runner = TaskRunner()
    context = AppContext(
        paths=paths,
        settings=Settings(language="en"),
        db=sqlite_db,
        tasks=runner,
        bus=ChangeBus(),
        secrets=open_secret_store(facteur_home),  # the encrypted file (see facteur_home)
    )
    yield context
    runner.shutdown()
    assert runner.db_pool.activeThreadCount() == 0 and runner.io_pool.activeThreadCount() == 0


def wait_idle(qtbot, ctx: AppContext, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until no background task is running and its result has been delivered."""
    qtbot.waitUntil(lambda: ctx.tasks.running == 0, timeout=timeout)


# --- sending: a local SMTP server, an account on it, a template, contacts, the sender -----------


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    """A real SMTP server on 127.0.0.1 (aiosmtpd in a thread), stopped at teardown."""
    from tests.smtp_servers import SmtpServer

    with SmtpServer() as server:
        yield server


def add_people(
    ctx: AppContext, count: int, *, list_name: str | None = None, start: int = 0
) -> None:
    """``count`` subscribed contacts ``person0000@example.fr``..., in one transaction."""
    from sqlalchemy import insert, select

    from app.contacts.service import create_list, list_lists
    from app.db.models import Contact, ContactList, ListMembership

    rows = [
        {"email": f"person{i:04d}@example.fr", "first_name": f"Prénom{i}", "attributes": {}}
        for i in range(start, start + count)
    ]
    if list_name is not None and list_name not in [n.name for n in list_lists(ctx.db)]:
        create_list(ctx.db, list_name)
    with ctx.db.session() as s:
        s.execute(insert(Contact), rows)
        if list_name is not None:
            list_id = s.scalar(select(ContactList.id).where(ContactList.name == list_name))
            ids = s.scalars(
                select(Contact.id).where(Contact.email.in_([r["email"] for r in rows]))
            ).all()
            s.execute(insert(ListMembership), [{"list_id": list_id, "contact_id": i} for i in ids])


@pytest.fixture
def mail_world(ctx, smtp_server):  # type: ignore[no-untyped-def]
    """What a campaign needs: ``ctx.secrets``, the SMTP account "Local" on ``smtp_server``, the
    template "Soldes", and the list "Clients" (anne, bruno, chloe subscribed; denis unsubscribed)."""
    from sqlalchemy import update

    from app.contacts.service import ContactInput, add_contact
    from app.db.models import Contact
    from app.sending.accounts import AccountInput, create_account
    from app.sending.secrets import open_secret_store
    from app.templates.service import TemplateInput, create_template

    ctx.secrets = open_secret_store(ctx.paths.home)
    create_account(
        ctx.db,
        ctx.secrets,
        AccountInput(
            name="Local",
            kind="smtp",
            from_address="Boutique Lumière <shop@example.fr>",
            host=smtp_server.host,
            port=smtp_server.port,
            security="none",
        ),
    )
    create_template(
        ctx.db,
        TemplateInput(
            name="Soldes",
            subject="Bonjour {{ contact.first_name }}",
            html="<p>Bonjour {{ contact.first_name }}, les soldes commencent !</p>",
        ),
    )
    for email, first in (
        ("anne@example.fr", "Anne"),
        ("bruno@example.fr", "Bruno"),
        ("chloe@example.fr", "Chloé"),
        ("denis@example.fr", "Denis"),
    ):
        add_contact(ctx.db, ContactInput(email=email, first_name=first, lists=["Clients"]))
    with ctx.db.session() as s:
        s.execute(
            update(Contact).where(Contact.email == "denis@example.fr").values(status="unsubscribed")
        )
    return smtp_server


@pytest.fixture
def start_sending(ctx):  # type: ignore[no-untyped-def]
    """Make ``ctx.sending`` a started ``SendingBridge`` over a real in-process sender; stopped at
    teardown (before the SMTP server and the database go)."""
    from app.sending.engine import Sender
    from ui.sending import SendingBridge

    bridges = []

    def make(tray=None, **sender_options):  # type: ignore[no-untyped-def]
        def factory(db_url, home, *, on_event):  # type: ignore[no-untyped-def]
            options = {"processes": 0, **sender_options}
            return Sender(db_url, home, on_event=on_event, **options)

        bridge = SendingBridge(ctx, tray, sender_factory=factory)
        ctx.sending = bridge
        bridges.append(bridge)
        bridge.start()
        return bridge

    yield make
    for bridge in bridges:
        bridge.stop()
    ctx.sending = None
