"""Sequences as a service, on SQLite and PostgreSQL, with explicit clocks (``now=...``)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.automation import sequences as seqs
from app.automation.sequences import SequenceInput, StepInput
from app.contacts.service import ContactInput, add_contact, get_contact, remove_contact
from app.db import Database
from app.db.models import Account, Contact, Enrollment, Message, Rule, RuleAction, Template
from app.errors import InvalidInput, NotFound
from app.sending.accounts import AccountInput, create_account
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template

T0 = datetime(2024, 1, 16, 10, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Paris
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def add_account(db: Database, home: Path, name: str = "Boutique", **settings: Any) -> None:
    create_account(
        db,
        open_secret_store(home),
        AccountInput(
            name=name,
            kind="smtp",
            from_address=f"{name} <shop@example.com>",
            host="127.0.0.1",
            port=2525,
            security="none",
        ),
        None,
    )
    if settings:
        with db.session() as s:
            account = s.scalar(select(Account).where(Account.name == name))
            account.settings = {**account.settings, **settings}


@pytest.fixture
def world(db: Database, facteur_home: Path) -> Database:
    """Templates A, B, C and Autre; one account; contacts x, y, z (subscribed)."""
    for name in ("A", "B", "C", "Autre"):
        create_template(
            db, TemplateInput(name=name, subject=f"{name} {{{{ contact.first_name }}}}")
        )
    add_account(db, facteur_home)
    for who in ("x", "y", "z"):
        add_contact(db, ContactInput(email=f"{who}@exemple.fr", first_name=who.upper()))
    return db


def make(db: Database, name: str = "Accueil", *steps: tuple[str, str], **kw: Any) -> Any:
    steps = steps or (("A", "PT0S"), ("B", "P1D"), ("C", "P2D"))
    return seqs.create_sequence(
        db, SequenceInput(name=name, steps=[StepInput(t, d) for t, d in steps], **kw)
    )


def sent(db: Database) -> list[tuple[str, str]]:
    """(address, template) of every outbox row, in order."""
    with db.session() as s:
        rows = s.execute(
            select(Message.email, Template.name)
            .join(Template, Template.id == Message.template_id)
            .order_by(Message.id)
        ).all()
    return [(e, t) for e, t in rows]


def enrollment(db: Database, email: str, sequence: str = "Accueil") -> Enrollment:
    with db.session() as s:
        return s.scalar(
            select(Enrollment)
            .join(Contact, Contact.id == Enrollment.contact_id)
            .where(Contact.email == email, Enrollment.sequence_id == seqs._find(s, sequence).id)
        )


def contact_id(db: Database, email: str) -> int:
    return get_contact(db, email).id


# --- defining sequences -----------------------------------------------------------------------


def test_create_show_and_list(world: Database) -> None:
    data = make(
        world,
        "Accueil",
        ("A", "PT0S"),
        ("B", "p1dt2h"),
        ("C", "P1W"),
        window="lun-ven 9h-18h",
        exit_on=["purchase", " signup ", "purchase"],
    )
    assert data.name == "Accueil" and data.account == "Boutique" and data.enabled
    assert [(s.template, s.delay, s.delay_seconds) for s in data.steps] == [
        ("A", "PT0S", 0),
        ("B", "P1DT2H", 93600),
        ("C", "P7D", 604800),
    ]
    assert data.window_text == "mon-fri 09:00-18:00"
    assert data.window == {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00",
                           "timezone": "contact"}  # fmt: skip
    assert data.exit_on == ("purchase", "signup") and not data.transactional
    assert (data.active, data.completed, data.exited) == (0, 0, 0)
    as_json = data.to_json()
    assert as_json["window"] == "mon-fri 09:00-18:00" and as_json["steps"][1] == {
        "template": "B",
        "delay": "P1DT2H",
        "delay_seconds": 93600,
    }
    make(world, "Commandes", ("Autre", "PT0S"), transactional=True, enabled=False)
    listed = seqs.list_sequences(world)
    assert [(s.name, s.enabled, s.transactional) for s in listed] == [
        ("Accueil", True, False),
        ("Commandes", False, True),
    ]
    assert seqs.get_sequence(world, "Commandes").window is None


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"steps": []}, InvalidInput, "at least one step"),
        ({"steps": [StepInput("Nope", "PT0S")]}, NotFound, "No template named 'Nope'"),
        ({"steps": [StepInput("A", "P1M")]}, InvalidInput, "months or years"),
        ({"steps": [StepInput("A", "soon")]}, InvalidInput, "ISO-8601"),
        ({"window": "mon-fri"}, InvalidInput, "sending window"),
        ({"exit_on": ["two words"]}, InvalidInput, "not a valid event name"),
        ({"exit_on": [""]}, InvalidInput, "not a valid event name"),
        ({"name": "  "}, InvalidInput, "cannot be empty"),
        ({"account": "Nope"}, NotFound, "No sending account named 'Nope'"),
    ],
)
def test_invalid_definitions(
    world: Database, kwargs: dict[str, Any], error: type[Exception], text: str
) -> None:
    fields: dict[str, Any] = {"name": "X", "steps": [StepInput("A", "PT0S")], **kwargs}
    with pytest.raises(error, match=text):
        seqs.create_sequence(world, SequenceInput(**fields))
    assert seqs.list_sequences(world) == []


def test_account_defaults_to_the_only_one(world: Database, facteur_home: Path) -> None:
    make(world, "Un")
    with pytest.raises(InvalidInput, match="already exists"):
        make(world, "Un")
    add_account(world, facteur_home, "Autre compte")
    with pytest.raises(InvalidInput, match="Several sending accounts") as info:
        make(world, "Deux")
    assert "'Autre compte'" in str(info.value) and "'Boutique'" in str(info.value)
    assert make(world, "Deux", account="Autre compte").account == "Autre compte"
    # On update, no account keeps the current one.
    updated = seqs.update_sequence(
        world, "Deux", SequenceInput(name="Deux", steps=[StepInput("A", "PT0S")])
    )
    assert updated.account == "Autre compte"


def test_no_account_at_all(db: Database) -> None:
    create_template(db, TemplateInput(name="A", subject="A"))
    with pytest.raises(InvalidInput, match="Add a sending account first"):
        make(db, "X", ("A", "PT0S"))


# --- running ----------------------------------------------------------------------------------


def test_steps_go_out_in_order_and_on_time_exactly_once(world: Database) -> None:
    make(world)
    assert seqs.enroll_contacts(world, "Accueil", ["X@Exemple.fr"], {"code": "42"}, now=T0) == 1
    assert seqs.next_due(world) == T0
    assert seqs.advance_due(world, now=T0 - SECOND) == 0
    assert seqs.advance_due(world, now=T0) == 1
    assert seqs.advance_due(world, now=T0) == 0  # twice at the same moment: still once
    assert sent(world) == [("x@exemple.fr", "A")]
    with world.session() as s:
        row = s.scalar(select(Message))
        assert row.kind == "automation" and row.status == "queued" and row.data == {"code": "42"}
        assert row.run_id is None and row.step_id is not None and row.enrollment_id is not None
    assert seqs.next_due(world) == T0 + DAY
    assert seqs.advance_due(world, now=T0 + DAY - SECOND) == 0
    assert seqs.advance_due(world, now=T0 + DAY) == 1
    assert seqs.advance_due(world, now=T0 + 3 * DAY - SECOND) == 0
    assert seqs.advance_due(world, now=T0 + 3 * DAY) == 1
    assert seqs.advance_due(world, now=T0 + 30 * DAY) == 0
    assert sent(world) == [("x@exemple.fr", t) for t in "ABC"]
    e = enrollment(world, "x@exemple.fr")
    assert e.status == "completed" and e.next_run_at is None and e.step_index == 3
    assert e.finished_at == T0 + 3 * DAY
    assert seqs.next_due(world) is None
    data = seqs.get_sequence(world, "Accueil")
    assert (data.active, data.completed, data.exited) == (0, 1, 0)


def test_a_late_runner_catches_up_step_by_step_on_the_original_schedule(world: Database) -> None:
    make(world)
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    late = T0 + 10 * DAY
    assert seqs.advance_due(world, now=late) == 1
    # B's delay counts from when A was due, not from when it went out.
    assert enrollment(world, "x@exemple.fr").next_run_at == T0 + DAY
    assert seqs.advance_due(world, now=late) == 1
    assert enrollment(world, "x@exemple.fr").next_run_at == T0 + 3 * DAY
    assert seqs.advance_due(world, now=late) == 1
    assert seqs.advance_due(world, now=late) == 0
    assert sent(world) == [("x@exemple.fr", t) for t in "ABC"]


def test_earliest_due_first_with_a_limit(world: Database) -> None:
    make(world, "Accueil", ("A", "PT1H"))
    seqs.enroll_contacts(world, "Accueil", ["y@exemple.fr"], now=T0 + SECOND)
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    seqs.enroll_contacts(world, "Accueil", ["z@exemple.fr"], now=T0 + 2 * SECOND)
    later = T0 + timedelta(hours=2)
    assert seqs.advance_due(world, now=later, limit=1) == 1
    assert seqs.advance_due(world, now=later, limit=1) == 1
    assert seqs.advance_due(world, now=later, limit=5) == 1
    assert [e for e, _ in sent(world)] == ["x@exemple.fr", "y@exemple.fr", "z@exemple.fr"]


def test_two_runners_at_once_send_each_step_once(world: Database) -> None:
    for i in range(20):
        add_contact(world, ContactInput(email=f"c{i}@exemple.fr"))
    make(world, "Accueil", ("A", "PT0S"), ("B", "PT0S"))
    emails = [f"c{i}@exemple.fr" for i in range(20)]
    assert seqs.enroll_contacts(world, "Accueil", emails, now=T0) == 20
    totals: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(3):
                totals.append(seqs.advance_due(world, now=T0 + DAY))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(totals) == 40
    rows = sent(world)
    assert len(rows) == 40 and len(set(rows)) == 40  # each contact got A and B, once each


def test_sending_window_in_the_contacts_or_accounts_timezone(
    world: Database, facteur_home: Path
) -> None:
    make(world, "Accueil", ("A", "PT1H"), ("B", "P1D"), window="mon-fri 09:00-18:00")
    with world.session() as s:
        s.execute(
            update(Contact)
            .where(Contact.email == "y@exemple.fr")
            .values(attributes={"timezone": "America/New_York"})
        )
        s.execute(
            update(Contact)
            .where(Contact.email == "z@exemple.fr")
            .values(attributes={"timezone": "Mars/Olympus"})
        )
    friday = datetime(2024, 1, 19, 16, 30, tzinfo=UTC)  # 17:30 in Paris, 11:30 in New York
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr", "y@exemple.fr", "z@exemple.fr"],
                         now=friday)  # fmt: skip
    monday_paris = datetime(2024, 1, 22, 8, 0, tzinfo=UTC)  # 09:00 in Paris
    # 12:30 in New York is inside its window; an unknown zone falls back to Paris.
    assert enrollment(world, "x@exemple.fr").next_run_at == monday_paris
    assert enrollment(world, "y@exemple.fr").next_run_at == friday + timedelta(hours=1)
    assert enrollment(world, "z@exemple.fr").next_run_at == monday_paris
    assert seqs.advance_due(world, now=friday + timedelta(hours=1)) == 1
    assert seqs.advance_due(world, now=monday_paris - SECOND) == 0
    assert seqs.advance_due(world, now=monday_paris) == 2
    # B one day after A: Tuesday 09:00 in Paris; for y, Saturday 12:30 -> Monday 09:00 New York.
    assert enrollment(world, "x@exemple.fr").next_run_at == monday_paris + DAY
    assert enrollment(world, "y@exemple.fr").next_run_at == datetime(2024, 1, 22, 14, 0, tzinfo=UTC)
    # The account's timezone, when the window says so (and for contacts without a valid one).
    with world.session() as s:
        account = s.scalar(select(Account))
        account.settings = {**account.settings, "timezone": "Asia/Tokyo"}
    make(world, "Tokyo", ("A", "PT0S"), window="mon-fri 09:00-18:00 account")
    seqs.enroll_contacts(world, "Tokyo", ["y@exemple.fr"], now=friday)  # Saturday 01:30 in Tokyo
    assert enrollment(world, "y@exemple.fr", "Tokyo").next_run_at == datetime(
        2024, 1, 22, 0, 0, tzinfo=UTC
    )
    make(world, "Tokyo2", ("A", "PT0S"), window="mon-fri 09:00-18:00")
    seqs.enroll_contacts(world, "Tokyo2", ["z@exemple.fr"], now=friday)
    assert enrollment(world, "z@exemple.fr", "Tokyo2").next_run_at == datetime(
        2024, 1, 22, 0, 0, tzinfo=UTC
    )


def test_paused_sequences_send_nothing_and_wait_for_the_window(world: Database) -> None:
    make(world, "Accueil", ("A", "PT0S"), ("B", "PT1H"), window="mon-fri 09:00-18:00")
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    assert not seqs.set_sequence_enabled(world, "Accueil", False).enabled
    assert seqs.next_due(world) is None
    assert seqs.advance_due(world, now=T0 + DAY) == 0
    assert sent(world) == []
    assert seqs.set_sequence_enabled(world, "Accueil", True).enabled
    # Resumed on Saturday: A waited, and now waits for Monday 09:00 in Paris.
    saturday = datetime(2024, 1, 20, 12, 0, tzinfo=UTC)
    assert seqs.advance_due(world, now=saturday) == 0
    monday = datetime(2024, 1, 22, 8, 0, tzinfo=UTC)
    assert enrollment(world, "x@exemple.fr").next_run_at == monday
    assert seqs.advance_due(world, now=monday) == 1
    assert enrollment(world, "x@exemple.fr").next_run_at == monday + timedelta(hours=1)


def test_goal_event_unsubscribe_and_removal_end_enrollments(world: Database) -> None:
    make(world, "Accueil", exit_on=["purchase"])
    make(world, "Commandes", ("Autre", "PT0S"), ("Autre", "P5D"), transactional=True)
    everyone = ["x@exemple.fr", "y@exemple.fr", "z@exemple.fr"]
    assert seqs.enroll_contacts(world, "Accueil", everyone, now=T0) == 3
    assert seqs.enroll_contacts(world, "Commandes", everyone, now=T0) == 3
    assert seqs.advance_due(world, now=T0) == 6
    with world.session() as s:
        assert seqs.exit_for_event(s, contact_id(world, "x@exemple.fr"), "purchase", T0) == 1
        assert seqs.exit_for_event(s, contact_id(world, "x@exemple.fr"), "purchase", T0) == 0
        assert seqs.exit_for_event(s, contact_id(world, "y@exemple.fr"), "page_view", T0) == 0
        # Unsubscribing ends marketing sequences only.
        assert seqs.exit_for_event(s, contact_id(world, "y@exemple.fr"), "unsubscribed", T0) == 1
    assert seqs.remove_from_sequence(world, "Accueil", ["z@exemple.fr"], now=T0) == 1
    assert seqs.remove_from_sequence(world, "Accueil", ["z@exemple.fr"], now=T0) == 0
    with pytest.raises(NotFound):
        seqs.remove_from_sequence(world, "Accueil", ["nobody@exemple.fr"])
    reasons = {r.email: r.exit_reason for r in seqs.list_enrollments(world, "Accueil")}
    assert reasons == {
        "x@exemple.fr": "goal:purchase",
        "y@exemple.fr": "unsubscribed",
        "z@exemple.fr": "removed",
    }
    assert seqs.exit_reason_text("goal:purchase") == "Reached the goal: purchase"
    assert seqs.exit_reason_text("removed") == "Removed from the sequence"
    assert seqs.advance_due(world, now=T0 + 10 * DAY) == 3  # the transactional ones only
    assert [t for _, t in sent(world)].count("B") == 0
    data = seqs.get_sequence(world, "Accueil")
    assert (data.active, data.completed, data.exited) == (0, 0, 3)
    assert seqs.get_sequence(world, "Commandes").completed == 3


def test_contacts_who_may_no_longer_receive_leave_at_their_next_step(world: Database) -> None:
    make(world, "Accueil")
    make(world, "Commandes", ("Autre", "PT0S"), ("Autre", "P1D"), transactional=True)
    for name in ("Accueil", "Commandes"):
        seqs.enroll_contacts(world, name, ["x@exemple.fr", "y@exemple.fr"], now=T0)
    assert seqs.advance_due(world, now=T0) == 4
    with world.session() as s:
        s.execute(
            update(Contact).where(Contact.email == "x@exemple.fr").values(status="unsubscribed")
        )
        s.execute(update(Contact).where(Contact.email == "y@exemple.fr").values(status="bounced"))
    assert seqs.advance_due(world, now=T0 + DAY) == 1  # x's transactional step only
    assert sent(world)[-1] == ("x@exemple.fr", "Autre")
    assert enrollment(world, "x@exemple.fr").exit_reason == "unsubscribed"
    assert enrollment(world, "y@exemple.fr").exit_reason == "bounced"
    assert enrollment(world, "y@exemple.fr", "Commandes").exit_reason == "bounced"
    assert enrollment(world, "x@exemple.fr", "Commandes").status == "completed"


def test_who_can_be_enrolled(world: Database) -> None:
    make(world, "Accueil")
    make(world, "Commandes", ("Autre", "PT0S"), transactional=True)
    with world.session() as s:
        s.execute(
            update(Contact).where(Contact.email == "y@exemple.fr").values(status="unsubscribed")
        )
        s.execute(
            update(Contact).where(Contact.email == "z@exemple.fr").values(status="complained")
        )
    everyone = ["x@exemple.fr", "y@exemple.fr", "z@exemple.fr"]
    assert seqs.enroll_contacts(world, "Accueil", everyone, now=T0) == 1
    assert seqs.enroll_contacts(world, "Accueil", everyone, now=T0) == 0  # already enrolled
    assert seqs.enroll_contacts(world, "Commandes", everyone, now=T0) == 2  # not z (suppressed)
    with pytest.raises(NotFound, match="nobody@exemple.fr"):
        seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr", "nobody@exemple.fr"])
    with pytest.raises(NotFound, match="No sequence named 'Nope'"):
        seqs.enroll_contacts(world, "Nope", ["x@exemple.fr"])
    # The rules' entry point: ids, the caller's transaction, a bool; a finished enrollment is
    # not started again.
    seqs.advance_due(world, now=T0 + 10 * DAY)
    seqs.advance_due(world, now=T0 + 10 * DAY)
    seqs.advance_due(world, now=T0 + 10 * DAY)
    assert enrollment(world, "x@exemple.fr").status == "completed"
    with world.session() as s:
        sequence_id = seqs._find(s, "Accueil").id
        assert not seqs.enroll(s, sequence_id, contact_id(world, "x@exemple.fr"))
        assert not seqs.enroll(s, sequence_id, 999999)
        new = Contact(email="new@exemple.fr", attributes={})
        s.add(new)
        s.flush()
        assert seqs.enroll(s, sequence_id, new.id, {"plan": "pro"}, now=T0)
    e = enrollment(world, "new@exemple.fr")
    assert e.data == {"plan": "pro"} and e.anchor_at == T0 and e.next_run_at == T0


def test_a_deleted_contact_leaves_with_its_enrollment(world: Database) -> None:
    make(world)
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    seqs.advance_due(world, now=T0)
    remove_contact(world, "x@exemple.fr")
    assert seqs.list_enrollments(world, "Accueil") == []
    assert seqs.advance_due(world, now=T0 + 10 * DAY) == 0
    assert seqs.next_due(world) is None


# --- editing a running sequence ---------------------------------------------------------------


def _running(world: Database) -> None:
    """x got A and B (C due at T0+3d); y got A (B due at T0+1d+1h)."""
    make(world)
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    seqs.enroll_contacts(world, "Accueil", ["y@exemple.fr"], now=T0 + timedelta(hours=1))
    assert seqs.advance_due(world, now=T0 + timedelta(hours=1)) == 2
    assert seqs.advance_due(world, now=T0 + DAY) == 1
    assert sent(world) == [("x@exemple.fr", "A"), ("y@exemple.fr", "A"), ("x@exemple.fr", "B")]


def _update(world: Database, *steps: tuple[str, str], **kw: Any) -> Any:
    return seqs.update_sequence(
        world,
        kw.pop("name", "Accueil"),
        SequenceInput(name=kw.pop("new_name", "Accueil"),
                      steps=[StepInput(t, d) for t, d in steps], **kw),
    )  # fmt: skip


def _rest(world: Database) -> list[tuple[str, str]]:
    before = len(sent(world))
    for _ in range(6):
        seqs.advance_due(world, now=T0 + 60 * DAY)
    return sent(world)[before:]


def test_editing_changes_only_the_steps_not_yet_sent(world: Database) -> None:
    _running(world)
    with world.session() as s:
        step_ids = list(s.scalars(select(Message.step_id).order_by(Message.id)))
    _update(world, ("A", "PT0S"), ("B", "PT2H"), ("C", "P5D"), new_name="Bienvenue")
    assert seqs.get_sequence(world, "Bienvenue").steps[1].delay == "PT2H"
    # x: C now 5 days after B was due; y: B now 2 hours after A was due.
    assert enrollment(world, "x@exemple.fr", "Bienvenue").next_run_at == T0 + 6 * DAY
    y = enrollment(world, "y@exemple.fr", "Bienvenue")
    assert (y.step_index, y.next_run_at) == (1, T0 + timedelta(hours=3))
    with world.session() as s:
        # The messages sent still point at their steps: the rows were updated in place.
        assert list(s.scalars(select(Message.step_id).order_by(Message.id))) == step_ids
    assert seqs.advance_due(world, now=T0 + timedelta(hours=3)) == 1
    assert _rest(world) == [("y@exemple.fr", "C"), ("x@exemple.fr", "C")]  # due order
    assert sent(world).count(("x@exemple.fr", "B")) == 1


def test_reordering_steps(world: Database) -> None:
    _running(world)
    _update(world, ("A", "PT0S"), ("C", "PT1H"), ("B", "P1D"))
    # x got A and B: C is next (1 hour after B was due), then nothing (B is sent).
    x = enrollment(world, "x@exemple.fr")
    assert (x.step_index, x.next_run_at) == (1, T0 + DAY + timedelta(hours=1))
    y = enrollment(world, "y@exemple.fr")
    assert (y.step_index, y.next_run_at) == (1, T0 + timedelta(hours=2))
    assert seqs.advance_due(world, now=T0 + DAY + timedelta(hours=1)) == 2
    assert enrollment(world, "x@exemple.fr").status == "completed"
    assert _rest(world) == [("y@exemple.fr", "B")]
    assert sorted(sent(world)) == sorted(
        [("x@exemple.fr", t) for t in "ABC"] + [("y@exemple.fr", t) for t in "ACB"]
    )


def test_deleting_inserting_and_replacing_steps(world: Database) -> None:
    _running(world)
    # B deleted: y goes on with C, 2 days after A was due; x's B stays in the history.
    _update(world, ("A", "PT0S"), ("C", "P2D"))
    assert enrollment(world, "y@exemple.fr").next_run_at == T0 + timedelta(hours=1) + 2 * DAY
    with world.session() as s:
        steps = s.scalars(
            select(Message.step_id).where(Message.email == "x@exemple.fr").order_by(Message.id)
        ).all()
        assert steps[0] is not None and steps[1] is None
    # B's place taken by another template: those who got B would not get it again; y has not.
    _update(world, ("A", "PT0S"), ("Autre", "P1D"), ("C", "P2D"))
    # A new first step goes to everyone still enrolled, since none of them got it.
    _update(world, ("B", "PT0S"), ("A", "PT0S"), ("Autre", "P1D"), ("C", "P2D"))
    x = enrollment(world, "x@exemple.fr")
    assert (x.step_index, x.next_run_at) == (0, T0 + DAY)  # due at once: its anchor is past
    # y's anchor is earlier (T0 + 1 h, against T0 + 1 day for x): y goes first each time.
    assert _rest(world) == [
        ("y@exemple.fr", "B"),
        ("x@exemple.fr", "B"),
        ("y@exemple.fr", "Autre"),
        ("x@exemple.fr", "Autre"),
        ("y@exemple.fr", "C"),
        ("x@exemple.fr", "C"),
    ]


def test_removing_every_unsent_step_completes_enrollments(world: Database) -> None:
    _running(world)
    data = _update(world, ("A", "PT0S"), ("B", "P1D"))
    assert (data.active, data.completed) == (1, 1)  # x got both; y still waits for B
    assert enrollment(world, "x@exemple.fr").status == "completed"
    assert _rest(world) == [("y@exemple.fr", "B")]
    # Completed enrollments stay completed when a step is added.
    data = _update(world, ("A", "PT0S"), ("B", "P1D"), ("C", "P1D"))
    assert (data.active, data.completed) == (0, 2)
    assert _rest(world) == []


def test_an_editor_passing_step_ids(world: Database) -> None:
    _running(world)
    steps = seqs.get_sequence(world, "Accueil").steps
    a, b, c = (StepInput(s.template, s.delay, s.id) for s in steps)
    # The editor changed B's template: same step (id kept), so x does not get it again.
    b.template = "Autre"
    new = StepInput("C", "PT1H")  # a new step with C's template: no id, so a new row
    seqs.update_sequence(world, "Accueil", SequenceInput(name="Accueil", steps=[a, b, c, new]))
    after = seqs.get_sequence(world, "Accueil").steps
    assert [s.id for s in after[:3]] == [s.id for s in steps] and after[3].id not in {
        s.id for s in steps
    }
    # In due order: y's B (now Autre), x's C; then x's new step and y's C (due at the same
    # time, the earlier enrollment first); then y's new step.
    assert _rest(world) == [
        ("y@exemple.fr", "Autre"),
        ("x@exemple.fr", "C"),
        ("x@exemple.fr", "C"),
        ("y@exemple.fr", "C"),
        ("y@exemple.fr", "C"),
    ]


def test_a_step_already_in_the_outbox_is_never_queued_again(world: Database) -> None:
    make(world, "Accueil", ("A", "PT0S"), ("B", "P1D"))
    seqs.enroll_contacts(world, "Accueil", ["x@exemple.fr"], now=T0)
    # As if A had been queued while the enrollment was not advanced (the unique guard's case).
    with world.session() as s:
        e = s.scalar(select(Enrollment))
        step_a = seqs._steps(s, e.sequence_id)[0]
        s.add(Message(account_id=s.scalar(select(Account.id)), contact_id=e.contact_id,
                      email="x@exemple.fr", kind="automation", template_id=step_a.template_id,
                      enrollment_id=e.id, step_id=step_a.id))  # fmt: skip
    assert seqs.advance_due(world, now=T0) == 0  # B is not due before T0 + 1 day
    assert enrollment(world, "x@exemple.fr").next_run_at == T0 + DAY
    assert seqs.advance_due(world, now=T0 + DAY) == 1
    assert sent(world) == [("x@exemple.fr", "A"), ("x@exemple.fr", "B")]


# --- deleting and listing ---------------------------------------------------------------------


def test_list_enrollments_and_delete(world: Database) -> None:
    _running(world)
    rows = {r.email: r for r in seqs.list_enrollments(world, "Accueil")}
    x, y = rows["x@exemple.fr"], rows["y@exemple.fr"]
    assert (x.name, x.status, x.step_index, x.steps_total, x.steps_sent) == ("X", "active", 2, 3, 2)
    assert (x.next_template, x.next_run_at, x.enrolled_at) == ("C", T0 + 3 * DAY, T0)
    assert (y.next_template, y.steps_sent) == ("B", 1)
    assert y.to_json()["next_run_at"] == (T0 + DAY + timedelta(hours=1)).isoformat()
    with pytest.raises(NotFound):
        seqs.list_enrollments(world, "Nope")
    # A rule enrolling contacts in it: deleting is refused, with the rule's name.
    with world.session() as s:
        rule = Rule(name="Inscription", trigger="signup")
        s.add(rule)
        s.flush()
        s.add(RuleAction(rule_id=rule.id, kind="enroll", sequence_id=seqs._find(s, "Accueil").id))
    with pytest.raises(InvalidInput, match="'Inscription'"):
        seqs.delete_sequence(world, "Accueil")
    with world.session() as s:
        s.delete(s.scalar(select(Rule)))
    # Queued steps are dropped; what was sent stays in the history.
    with world.session() as s:
        s.execute(update(Message).where(Message.email == "x@exemple.fr").values(status="sent"))
    seqs.delete_sequence(world, "Accueil")
    assert seqs.list_sequences(world) == []
    assert sent(world) == [("x@exemple.fr", "A"), ("x@exemple.fr", "B")]
    with world.session() as s:
        assert s.scalars(select(Message.enrollment_id)).all() == [None, None]
        assert s.scalar(select(Enrollment.id)) is None
    with pytest.raises(NotFound):
        seqs.delete_sequence(world, "Accueil")
