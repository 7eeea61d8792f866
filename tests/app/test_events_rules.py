"""Events and rules (the service), on SQLite and PostgreSQL: emitting, built-in events from the
contacts service and imports, filters, caps, transactional mail, tag/list actions, exactly-once
processing, failing rules, and date triggers with explicit clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from app.automation import events, rules
from app.automation.events import emit, list_events, next_due, process_pending
from app.automation.rules import (
    ActionInput,
    RuleInput,
    check_date_triggers,
    create_rule,
    delete_rule,
    get_rule,
    list_rules,
    parse_trigger,
    set_rule_enabled,
    update_rule,
)
from app.automation.sequences import SequenceInput, StepInput, create_sequence
from app.contacts import service
from app.contacts.importing import import_contacts
from app.contacts.service import ContactInput
from app.db import Database
from app.db.models import Contact, Enrollment, Event, Message, Rule, RuleFiring
from app.errors import InvalidInput, NotFound
from app.sending.accounts import AccountInput, create_account
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template

T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def add_account(db: Database, home: Path, name: str = "Boutique") -> None:
    create_account(
        db,
        open_secret_store(home),
        AccountInput(
            name=name,
            kind="smtp",
            from_address="Boutique <shop@exemple.fr>",
            host="127.0.0.1",
            port=2525,
            security="none",
        ),
    )


@pytest.fixture
def ready(db: Database, facteur_home: Path) -> Database:
    """A template using the event's data and one sending account."""
    create_template(
        db,
        TemplateInput(
            name="Welcome",
            subject="Bienvenue {{ contact.first_name }}",
            html="<p>Formule {{ data.plan }}</p>",
        ),
    )
    add_account(db, facteur_home)
    return db


def send_rule(name: str, on: str, template: str = "Welcome", **kw: Any) -> RuleInput:
    trigger, param = parse_trigger(on)
    return RuleInput(
        name=name,
        trigger=trigger,
        trigger_param=param,
        actions=[ActionInput("send", template=template)],
        **kw,
    )


def raw(trigger: str, param: str = "") -> RuleInput:
    """A rule with a trigger as given (not parsed from ``--on`` text)."""
    return RuleInput("X", trigger, param, actions=[ActionInput("send", template="Welcome")])


def messages(db: Database) -> list[Message]:
    with db.session() as s:
        return list(s.scalars(select(Message).order_by(Message.id)))


def firings(db: Database, rule: str) -> list[str]:
    with db.session() as s:
        return list(
            s.scalars(
                select(RuleFiring.outcome)
                .join(Rule, Rule.id == RuleFiring.rule_id)
                .where(Rule.name == rule)
                .order_by(RuleFiring.id)
            )
        )


def event_names(db: Database) -> list[tuple[str, str, dict[str, Any]]]:
    with db.session() as s:
        return [(e.name, e.email, e.data) for e in s.scalars(select(Event).order_by(Event.id))]


def count(db: Database, model: Any) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- emitting -----------------------------------------------------------------------------------


def test_emit_creates_unknown_contact_from_its_data(ready: Database) -> None:
    db = ready
    create_rule(db, send_rule("Bienvenue", "signup"))
    first = emit(
        db,
        "signup",
        "  Lea@Exemple.FR ",
        {"first_name": "Léa", "last_name": "Martin", "plan": "pro", "ville": "Lyon"},
    )
    assert first.contact_created and first.email == "lea@exemple.fr" and first.name == "signup"
    contact = service.get_contact(db, "lea@exemple.fr")
    assert (contact.first_name, contact.last_name) == ("Léa", "Martin")
    assert contact.attributes == {"plan": "pro", "ville": "Lyon"}
    assert contact.consent_source == "event:signup"
    # A known contact is left as it is; the event keeps its whole data.
    again = emit(db, "signup", "lea@exemple.fr", {"first_name": "Autre", "plan": "solo"})
    assert not again.contact_created and again.id > first.id
    assert service.get_contact(db, "lea@exemple.fr").first_name == "Léa"
    # Nothing listens to contact_created: only the two custom events were written.
    assert [n for n, _, _ in event_names(db)] == ["signup", "signup"]
    assert next_due(db) is not None
    listed = list_events(db)
    assert [e.id for e in listed] == [again.id, first.id]
    assert listed[1].data["plan"] == "pro" and listed[1].processed_at is None
    with pytest.raises(InvalidInput, match="not a valid email address"):
        emit(db, "signup", "pas-une-adresse")
    with pytest.raises(InvalidInput, match="not a valid event name"):
        emit(db, "Sign Up", "x@exemple.fr")
    with pytest.raises(InvalidInput, match="records by itself"):
        emit(db, "contact_created", "x@exemple.fr")
    assert count(db, Contact) == 1


def test_event_sends_with_its_data_exactly_once(ready: Database) -> None:
    db = ready
    create_rule(db, send_rule("Bienvenue", "signup"))
    create_rule(db, send_rule("Nouveau", "contact_created"))
    emitted = emit(db, "signup", "new@exemple.fr", {"first_name": "Léa", "plan": "pro"})
    # The contact it created is listened to: contact_created comes first.
    assert [n for n, _, _ in event_names(db)] == ["contact_created", "signup"]
    assert process_pending(db, now=T0) == 2
    assert process_pending(db, now=T0) == 0  # processed: never twice
    assert next_due(db) is None
    rows = messages(db)
    assert [(m.kind, m.email, m.status) for m in rows] == [
        ("automation", "new@exemple.fr", "queued"),
        ("automation", "new@exemple.fr", "queued"),
    ]
    signup = rows[1]
    assert signup.data == {"first_name": "Léa", "plan": "pro"} and signup.run_id is None
    assert signup.rule_id == get_rule(db, "Bienvenue").id and signup.template_id is not None
    # A second pass over the same event (a crash before processed_at was stored) adds nothing.
    with db.session() as s:
        s.execute(update(Event).where(Event.id == emitted.id).values(processed_at=None))
    assert process_pending(db, now=T0) == 0
    assert len(messages(db)) == 2 and firings(db, "Bienvenue") == ["done"]
    data = get_rule(db, "Bienvenue")
    assert data.firings == 1 and data.last_fired_at == T0


def test_filter_and_paused_rule(ready: Database) -> None:
    db = ready
    create_rule(
        db,
        send_rule(
            "Pro seulement",
            "signup",
            filter={"all": [{"field": "attributes.plan", "op": "eq", "value": "pro"}]},
        ),
    )
    create_rule(db, send_rule("En pause", "signup", enabled=False))
    emit(db, "signup", "pro@exemple.fr", {"plan": "pro"})
    emit(db, "signup", "solo@exemple.fr", {"plan": "solo"})
    assert process_pending(db) == 1
    assert [m.email for m in messages(db)] == ["pro@exemple.fr"]
    assert firings(db, "Pro seulement") == ["done", "filtered"]
    assert firings(db, "En pause") == []
    # Resumed, it applies to events from now on (not to those that happened while paused).
    set_rule_enabled(db, "En pause", True)
    assert process_pending(db) == 0
    emit(db, "signup", "solo@exemple.fr")
    assert process_pending(db) == 1


def test_frequency_cap(ready: Database) -> None:
    db = ready
    create_rule(db, send_rule("Panier", "cart.abandoned", frequency_cap="P1D"))
    assert get_rule(db, "Panier").frequency_cap == "P1D"
    for at in (T0, T0 + timedelta(hours=2), T0 + timedelta(hours=25)):
        emit(db, "cart.abandoned", "jean@exemple.fr")
        process_pending(db, now=at)
    assert firings(db, "Panier") == ["done", "capped", "done"]
    assert len(messages(db)) == 2


def test_transactional_reaches_unsubscribed_never_bounced(ready: Database) -> None:
    db = ready
    for email, status in (
        ("abonne@exemple.fr", "subscribed"),
        ("parti@exemple.fr", "unsubscribed"),
        ("rebond@exemple.fr", "bounced"),
        ("plainte@exemple.fr", "complained"),
    ):
        service.add_contact(db, ContactInput(email=email, status=status))
    create_rule(db, send_rule("Promo", "order.paid"))
    create_rule(db, send_rule("Facture", "order.paid", transactional=True))
    for email in ("abonne@exemple.fr", "parti@exemple.fr", "rebond@exemple.fr"):
        emit(db, "order.paid", email, {"order": "A-17"})
    emit(db, "order.paid", "plainte@exemple.fr")
    assert process_pending(db) == 3
    sent = sorted((m.kind, m.email) for m in messages(db))
    assert sent == [
        ("automation", "abonne@exemple.fr"),
        ("transactional", "abonne@exemple.fr"),
        ("transactional", "parti@exemple.fr"),
    ]


def test_tag_and_list_actions_chain_through_builtin_events(ready: Database) -> None:
    db = ready
    service.create_list(db, "Clients")
    service.add_contact(db, ContactInput(email="jean@exemple.fr", tags=["prospect"]))
    create_rule(
        db,
        RuleInput(
            name="Convertir",
            trigger="order.paid",
            actions=[
                ActionInput("add_tag", name="client"),
                ActionInput("remove_tag", name="prospect"),
                ActionInput("add_to_list", name="Clients"),
            ],
        ),
    )
    create_rule(db, send_rule("Merci client", "tag_added:client"))
    create_rule(db, send_rule("Autre tag", "tag_added:vip"))
    create_rule(db, send_rule("Liste", "list_added:Clients", transactional=True))
    emit(db, "order.paid", "jean@exemple.fr")
    assert process_pending(db) == 0  # the tag and list are added; their events wait
    contact = service.get_contact(db, "jean@exemple.fr")
    assert contact.tags == ["client"] and contact.lists == ["Clients"]
    assert [(n, d) for n, _, d in event_names(db)][1:] == [
        ("tag_added", {"tag": "client"}),
        ("list_added", {"list": "Clients"}),
    ]
    assert process_pending(db) == 2
    assert [m.kind for m in messages(db)] == ["automation", "transactional"]
    # Again: already tagged and in the list, so no new tag_added/list_added.
    emit(db, "order.paid", "jean@exemple.fr")
    process_pending(db)
    assert len(event_names(db)) == 4 and len(messages(db)) == 2


def test_builtin_events_from_the_contacts_service(ready: Database) -> None:
    db = ready
    # Nothing listens: no event is written.
    service.add_contact(db, ContactInput(email="a@exemple.fr", tags=["vip"], lists=["Clients"]))
    assert count(db, Event) == 0
    create_rule(db, send_rule("Créé", "contact_created"))
    create_rule(db, send_rule("VIP", "tag_added:vip"))
    create_rule(db, send_rule("Liste", "list_added"))
    create_rule(db, send_rule("Départ", "unsubscribed", transactional=True))
    service.add_contact(
        db, ContactInput(email="b@exemple.fr", tags=["vip", "salon"], lists=["Clients"])
    )
    assert event_names(db) == [
        ("contact_created", "b@exemple.fr", {}),
        ("tag_added", "b@exemple.fr", {"tag": "vip"}),
        ("list_added", "b@exemple.fr", {"list": "Clients"}),
    ]
    # Only the links actually added count; a status change to unsubscribed is recorded once.
    service.update_contact(db, "b@exemple.fr", ContactInput(tags=["vip", "salon"]))
    service.update_contact(db, "b@exemple.fr", ContactInput(status="unsubscribed"))
    service.update_contact(db, "b@exemple.fr", ContactInput(status="unsubscribed"))
    ids = [service.get_contact(db, e).id for e in ("a@exemple.fr", "b@exemple.fr")]
    assert service.tag_contacts(db, ids, ["vip"]) == 0
    assert service.tag_contacts(db, ids, ["salon"]) == 1  # a: salon is not listened to
    service.create_list(db, "Salon")
    assert service.set_list_membership(db, ids, ["Salon"]) == 2
    assert event_names(db)[3:] == [
        ("unsubscribed", "b@exemple.fr", {}),
        ("list_added", "a@exemple.fr", {"list": "Salon"}),
        ("list_added", "b@exemple.fr", {"list": "Salon"}),
    ]
    # b unsubscribed before the runner got there: marketing no longer reaches them, the
    # transactional goodbye does.
    assert process_pending(db) == 2
    assert [(m.email, m.kind) for m in messages(db)] == [
        ("b@exemple.fr", "transactional"),
        ("a@exemple.fr", "automation"),
    ]


def test_import_records_events_only_when_listened(ready: Database, tmp_path: Path) -> None:
    db = ready
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("email;prenom\na@exemple.fr;Anne\nb@exemple.fr;Bruno\n", encoding="utf-8")
    import_contacts(db, csv_file, tags=["salon"], lists=["Clients"])
    assert count(db, Event) == 0
    create_rule(db, send_rule("Créé", "contact_created"))
    create_rule(db, send_rule("Salon", "tag_added:salon"))
    create_rule(db, send_rule("Liste", "list_added:Clients"))
    more = tmp_path / "more.csv"
    more.write_text("email;prenom\nb@exemple.fr;Bruno\nc@exemple.fr;Chloé\n", encoding="utf-8")
    result = import_contacts(db, more, tags=["salon", "autre"], lists=["Clients"])
    assert (result.imported, result.updated) == (1, 1)
    got = sorted((n, e, tuple(d.items())) for n, e, d in event_names(db))
    assert got == [
        ("contact_created", "c@exemple.fr", ()),
        ("list_added", "c@exemple.fr", (("list", "Clients"),)),
        ("tag_added", "c@exemple.fr", (("tag", "salon"),)),
    ]
    with db.session() as s:
        assert {e.source for e in s.scalars(select(Event))} == {"import"}
    assert process_pending(db) == 3


def test_a_failing_rule_does_not_block_the_others(ready: Database) -> None:
    db = ready
    create_rule(db, send_rule("Cassée", "signup"))
    create_rule(db, send_rule("Bonne", "signup"))
    with db.session() as s:  # a filter that no longer compiles (written by an older version)
        s.execute(update(Rule).where(Rule.name == "Cassée").values(filter={"bad": 1}))
    emit(db, "signup", "a@exemple.fr")
    emit(db, "signup", "b@exemple.fr")
    assert process_pending(db) == 2
    assert firings(db, "Cassée") == ["failed", "failed"]
    assert firings(db, "Bonne") == ["done", "done"]
    assert next_due(db) is None
    assert get_rule(db, "Cassée").failures == 2


def test_enroll_action_and_goal_event_exit(ready: Database) -> None:
    db = ready
    create_sequence(
        db,
        SequenceInput(
            name="Onboarding", steps=[StepInput("Welcome", "P1D")], exit_on=["order.paid"]
        ),
    )
    create_rule(
        db,
        RuleInput(
            name="Inscrire",
            trigger="signup",
            actions=[ActionInput("enroll", sequence="Onboarding")],
        ),
    )
    assert get_rule(db, "Inscrire").actions[0].sequence == "Onboarding"
    emit(db, "signup", "a@exemple.fr", {"plan": "pro"})
    process_pending(db)
    with db.session() as s:
        enrollment = s.scalar(select(Enrollment))
        assert enrollment.status == "active" and enrollment.data == {"plan": "pro"}
    emit(db, "order.paid", "a@exemple.fr")
    process_pending(db)
    with db.session() as s:
        enrollment = s.scalar(select(Enrollment))
        assert enrollment.status == "exited" and "order.paid" in enrollment.exit_reason


# --- the rules service --------------------------------------------------------------------------


def test_rule_validation_and_crud(ready: Database, facteur_home: Path) -> None:
    db = ready
    bad = [
        (send_rule("X", "signup", template="Nope"), NotFound, "No template named"),
        (RuleInput("X", "signup"), InvalidInput, "at least one action"),
        (RuleInput("X", "signup", actions=[ActionInput("fly")]), InvalidInput, "Unknown action"),
        (RuleInput("X", "signup", actions=[ActionInput("send")]), InvalidInput, "needs a template"),
        (
            RuleInput("X", "signup", actions=[ActionInput("enroll", sequence="Nope")]),
            NotFound,
            "No sequence",
        ),
        (
            RuleInput("X", "signup", actions=[ActionInput("add_to_list", name="Nope")]),
            NotFound,
            "No list",
        ),
        (send_rule("X", "signup", filter={"all": [{"field": "x"}]}), InvalidInput, "rule"),
        (send_rule("X", "signup", frequency_cap="P1M"), InvalidInput, "frequency cap"),
        (raw("Sign Up"), InvalidInput, "not a valid event name"),
        (send_rule("X", "list_added:Nope"), NotFound, "No list"),
        (raw("unsubscribed", "x"), InvalidInput, "no parameter"),
        (raw("date"), InvalidInput, "needs the attribute"),
        (raw("date", 'a"b'), InvalidInput, "not a valid attribute name"),
        (send_rule("X", "birthday", hour=24), InvalidInput, "between 0 and 23"),
        (send_rule("", "signup"), InvalidInput, "cannot be empty"),
    ]
    for data, error, text in bad:
        with pytest.raises(error, match=text):
            create_rule(db, data)
    created = create_rule(db, send_rule("Anniversaire", "birthday", hour=8))
    assert (created.trigger, created.trigger_param, created.on) == (
        "birthday",
        "birthday",
        "birthday",
    )
    assert created.yearly and created.hour == 8 and created.actions[0].account == "Boutique"
    with pytest.raises(InvalidInput, match="already exists"):
        create_rule(db, send_rule("Anniversaire", "signup"))
    # A second account: a send action must now say which.
    add_account(db, facteur_home, "Autre")
    with pytest.raises(InvalidInput, match="choose the one"):
        create_rule(db, send_rule("X", "signup"))
    renewal = RuleInput(
        name="Renouvellement",
        trigger="date",
        trigger_param="renouvellement",
        actions=[ActionInput("send", template="Welcome", account="Autre")],
        offset_days=-3,
    )
    updated = update_rule(db, "Anniversaire", renewal)
    assert (updated.name, updated.on, updated.offset_days) == (
        "Renouvellement",
        "date:renouvellement",
        -3,
    )
    assert updated.to_json()["actions"][0]["account"] == "Autre"
    assert [r.name for r in list_rules(db)] == ["Renouvellement"]
    assert not set_rule_enabled(db, "Renouvellement", False).enabled
    delete_rule(db, "Renouvellement")
    with pytest.raises(NotFound):
        get_rule(db, "Renouvellement")
    assert parse_trigger("tag_added:vip") == ("tag_added", "vip")
    assert parse_trigger("birthday:naissance") == ("birthday", "naissance")


# --- date triggers ------------------------------------------------------------------------------


def paris(day: str, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(day).replace(hour=hour, minute=minute)
    return local.replace(tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)


def test_birthday_fires_once_from_its_hour_the_same_day_only(ready: Database) -> None:
    db = ready
    for email, birthday in (
        ("iso@exemple.fr", "1990-05-03"),
        ("fr@exemple.fr", " 03/05/1985 "),
        ("autre@exemple.fr", "1990-05-04"),
        ("mauvais@exemple.fr", "03/05"),
        ("rien@exemple.fr", None),
    ):
        attributes = {"birthday": birthday} if birthday else {}
        service.add_contact(db, ContactInput(email=email, attributes=attributes))
    create_rule(db, send_rule("Anniversaire", "birthday", hour=9))
    assert check_date_triggers(db, now=paris("2026-05-03", 8, 59)) == 0
    # The runner was off at 9:00: caught up at 15:00 the same day, once.
    assert check_date_triggers(db, now=paris("2026-05-03", 15, 0)) == 2
    assert check_date_triggers(db, now=paris("2026-05-03", 16, 0)) == 0
    assert sorted(m.email for m in messages(db)) == ["fr@exemple.fr", "iso@exemple.fr"]
    first = messages(db)[0]
    assert first.data["date"] == "2026-05-03" and first.data["attribute"] == "birthday"
    # Never on a later day; the next anniversary is another occurrence.
    assert check_date_triggers(db, now=paris("2026-05-04", 8, 0)) == 0
    assert check_date_triggers(db, now=paris("2026-05-04", 10, 0)) == 1  # autre@ (05-04)
    assert check_date_triggers(db, now=paris("2027-05-03", 9, 0)) == 2
    assert len(messages(db)) == 5


def test_days_before_a_date_and_feb_29(ready: Database) -> None:
    db = ready
    service.add_contact(
        db, ContactInput(email="r@exemple.fr", attributes={"renouvellement": "2026-06-02"})
    )
    service.add_contact(
        db, ContactInput(email="leap@exemple.fr", attributes={"naissance": "29/02/2000"})
    )
    create_rule(
        db,
        RuleInput(
            name="Rappel",
            trigger="date",
            trigger_param="renouvellement",
            actions=[ActionInput("add_tag", name="à renouveler")],
            offset_days=-3,
            hour=0,
        ),
    )
    create_rule(db, send_rule("Né un 29", "birthday:naissance", hour=10))
    check_date_triggers(db, now=paris("2026-05-29", 12))
    assert service.get_contact(db, "r@exemple.fr").tags == []
    check_date_triggers(db, now=paris("2026-05-30", 0, 5))
    assert service.get_contact(db, "r@exemple.fr").tags == ["à renouveler"]
    # Not yearly: the same day next year is nothing.
    assert firings(db, "Rappel") == ["done"]
    check_date_triggers(db, now=paris("2027-05-30", 12))
    assert firings(db, "Rappel") == ["done"]
    # Born on Feb 29: on Feb 28 in other years, on Feb 29 in leap years.
    assert check_date_triggers(db, now=paris("2027-02-28", 11)) == 1
    assert check_date_triggers(db, now=paris("2028-02-28", 11)) == 0
    assert check_date_triggers(db, now=paris("2028-02-29", 11)) == 1
    assert firings(db, "Né un 29") == ["done", "done"]


def test_date_rule_with_filter_and_cap(ready: Database) -> None:
    db = ready
    service.add_contact(
        db, ContactInput(email="a@exemple.fr", attributes={"birthday": "2000-01-10"}, tags=["vip"])
    )
    service.add_contact(
        db, ContactInput(email="b@exemple.fr", attributes={"birthday": "2000-01-10"})
    )
    create_rule(
        db,
        send_rule(
            "VIP",
            "birthday",
            filter={"all": [{"field": "tag", "op": "eq", "value": "vip"}]},
            frequency_cap="P400D",
        ),
    )
    assert check_date_triggers(db, now=paris("2026-01-10", 12)) == 1
    assert check_date_triggers(db, now=paris("2027-01-10", 12)) == 0
    assert firings(db, "VIP") == ["done", "filtered", "capped", "filtered"]


def test_record_builtin_writes_nothing_unlistened(ready: Database) -> None:
    db = ready
    service.add_contact(db, ContactInput(email="a@exemple.fr"))
    with db.session() as s:
        cid = s.scalar(select(Contact.id))
        assert events.record_builtin(s, "tag_added", [cid], data={"tag": "vip"}) == 0
    create_rule(db, send_rule("Autre", "tag_added:autre"))
    with db.session() as s:
        assert events.record_builtin(s, "tag_added", [cid], data={"tag": "vip"}) == 0
        assert events.record_builtin(s, "tag_added", [cid], data={"tag": "Autre"}) == 1
        assert events.listened(s, "tag_added", "AUTRE")
        assert not events.listened(s, "unsubscribed")
    assert rules.OUTCOMES == ("done", "capped", "filtered", "failed")


def test_renaming_a_tag_or_list_updates_the_rules_and_deleting_used_things_is_refused(
    db: Database, facteur_home: Path
) -> None:
    from app.automation.rules import ActionInput, RuleInput, create_rule, get_rule
    from app.contacts.service import create_list, create_tag, rename
    from app.sending.accounts import AccountInput, create_account, delete_account
    from app.sending.secrets import open_secret_store
    from app.templates.service import TemplateInput, create_template, delete_template

    secrets = open_secret_store(facteur_home)
    create_template(db, TemplateInput(name="Merci", subject="Merci", html="<p>Merci</p>"))
    create_account(
        db,
        secrets,
        AccountInput(
            name="Relais",
            kind="smtp",
            from_address="a@example.com",
            host="127.0.0.1",
            port=2525,
            security="none",
        ),
    )
    create_tag(db, "vip")
    create_list(db, "Clients")
    create_rule(
        db,
        RuleInput(
            name="Fidèles",
            trigger="tag_added",
            trigger_param="vip",
            filter={"all": [{"field": "list", "op": "eq", "value": "Clients"}]},
            actions=[
                ActionInput(kind="send", template="Merci"),
                ActionInput(kind="remove_tag", name="vip"),
                ActionInput(kind="add_to_list", name="Clients"),
            ],
        ),
    )
    rename(db, "tag", "vip", "VIP")
    rename(db, "list", "Clients", "Clientèle")
    rule = get_rule(db, "Fidèles")
    assert rule.trigger_param == "VIP"
    assert [a.name for a in rule.actions if a.kind != "send"] == ["VIP", "Clientèle"]
    assert rule.filter == {"all": [{"field": "list", "op": "eq", "value": "Clientèle"}]}
    with pytest.raises(InvalidInput, match="used by the automations 'Fidèles'"):
        delete_template(db, "Merci")
    with pytest.raises(InvalidInput, match="used by the automations 'Fidèles'"):
        delete_account(db, secrets, "Relais")
