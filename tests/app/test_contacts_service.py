"""Contacts service: CRUD, tags, lists, search, filters and order (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select, update

from app.contacts import service
from app.contacts.emails import InvalidEmail
from app.contacts.segments import create_segment
from app.contacts.service import ContactInput, ContactQuery
from app.db import Database
from app.db.models import Contact, ListMembership
from app.errors import InvalidInput, NotFound


def add(db: Database, email: str, **fields: object) -> service.ContactData:
    return service.add_contact(db, ContactInput(email=email, **fields))  # type: ignore[arg-type]


def emails(db: Database, query: ContactQuery) -> list[str]:
    return [c.email for c in service.fetch_contacts(db, service.query_contact_ids(db, query))]


# --- add / get / update / remove ------------------------------------------------------------


def test_add_and_get(db: Database) -> None:
    created = add(
        db,
        "  Jean.Dupont@Exemple.FR ",
        first_name=" Jean ",
        last_name="Dupont",
        company="Boulangerie",
        phone="06 12 34 56 78",
        locale="fr",
        attributes={"ville": "Lyon", " code ": "69001"},
        tags=["vip", "client"],
        lists=["Newsletter"],
        tracking_consent=True,
    )
    assert created.email == "jean.dupont@exemple.fr"
    assert created.first_name == "Jean"  # stripped
    assert created.full_name == "Jean Dupont"
    assert created.attributes == {"ville": "Lyon", "code": "69001"}
    assert created.tags == ["client", "vip"]
    assert created.lists == ["Newsletter"]
    assert created.status == "subscribed"
    assert created.tracking_consent is True
    assert created.consent_source == "manual"
    for by in ("JEAN.DUPONT@exemple.fr", created.id):
        got = service.get_contact(db, by)
        assert got == created
    assert service.count_contacts(db) == 1


def test_defaults_of_a_minimal_contact(db: Database) -> None:
    c = add(db, "a@exemple.fr")
    assert (c.first_name, c.last_name, c.company, c.phone, c.locale) == ("", "", "", "", "")
    assert c.attributes == {} and c.tags == [] and c.lists == []
    assert c.tracking_consent is False
    assert c.last_activity_at is None


def test_timestamps_are_aware_utc(db: Database) -> None:
    c = add(db, "a@exemple.fr")
    for value in (c.created_at, c.updated_at, c.consent_at):
        assert value is not None
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
    again = service.get_contact(db, c.id)
    assert again.created_at == c.created_at
    assert again.created_at.tzinfo is not None and again.created_at.utcoffset() == timedelta(0)
    edited = service.update_contact(db, c.id, ContactInput(first_name="X"))
    assert edited.updated_at is not None and edited.updated_at >= c.updated_at  # type: ignore[operator]
    assert edited.updated_at.tzinfo is not None
    assert edited.created_at == c.created_at


def test_email_is_required_and_validated(db: Database) -> None:
    with pytest.raises(InvalidInput):
        service.add_contact(db, ContactInput())
    with pytest.raises(InvalidEmail):
        add(db, "pas-une-adresse")
    with pytest.raises(InvalidInput, match="status"):
        add(db, "a@exemple.fr", status="gone")
    assert service.count_contacts(db) == 0


def test_duplicate_address_is_refused_whatever_the_case(db: Database) -> None:
    add(db, "jean@exemple.fr", tags=["t"])
    with pytest.raises(InvalidInput, match="already exists"):
        add(db, "JEAN@Exemple.fr", tags=["other"], lists=["L"])
    assert service.count_contacts(db) == 1
    # the failed add left nothing behind (its transaction was rolled back)
    assert [t.name for t in service.list_tags(db)] == ["t"]
    assert service.list_lists(db) == []


def test_empty_attribute_name_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="attribute"):
        add(db, "a@exemple.fr", attributes={"  ": "x"})


def test_update_fields_left_none_are_unchanged(db: Database) -> None:
    c = add(db, "a@exemple.fr", first_name="A", company="C", attributes={"k": "v"}, tags=["t"])
    edited = service.update_contact(db, "a@exemple.fr", ContactInput(last_name="B"))
    assert (edited.first_name, edited.last_name, edited.company) == ("A", "B", "C")
    assert edited.attributes == {"k": "v"} and edited.tags == ["t"]
    edited = service.update_contact(db, c.id, ContactInput(status="unsubscribed", attributes={}))
    assert edited.status == "unsubscribed" and edited.attributes == {}
    with pytest.raises(InvalidInput):
        service.update_contact(db, c.id, ContactInput(status="nope"))


def test_update_email(db: Database) -> None:
    a = add(db, "a@exemple.fr")
    add(db, "b@exemple.fr")
    edited = service.update_contact(db, a.id, ContactInput(email="NEW@exemple.fr"))
    assert edited.email == "new@exemple.fr" and edited.id == a.id
    # same address with another case: not a clash with itself
    assert service.update_contact(db, a.id, ContactInput(email="New@Exemple.fr")).email == (
        "new@exemple.fr"
    )
    with pytest.raises(InvalidInput, match="already exists"):
        service.update_contact(db, a.id, ContactInput(email="B@exemple.fr"))
    with pytest.raises(InvalidEmail):
        service.update_contact(db, a.id, ContactInput(email="nope"))
    assert service.get_contact(db, a.id).email == "new@exemple.fr"


def test_update_replaces_tags_and_lists(db: Database) -> None:
    c = add(db, "a@exemple.fr", tags=["a", "b"], lists=["L1", "L2"])
    edited = service.update_contact(
        db, c.id, ContactInput(tags=["b", "c", "c"], lists=["L2", "L3"])
    )
    assert edited.tags == ["b", "c"]
    assert edited.lists == ["L2", "L3"]
    # the removed tag and list still exist, now empty
    assert {t.name: t.count for t in service.list_tags(db)} == {"a": 0, "b": 1, "c": 1}
    assert {x.name: x.count for x in service.list_lists(db)} == {"L1": 0, "L2": 1, "L3": 1}
    cleared = service.update_contact(db, c.id, ContactInput(tags=[], lists=[]))
    assert cleared.tags == [] and cleared.lists == []


def test_get_update_remove_missing_contact(db: Database) -> None:
    with pytest.raises(NotFound):
        service.get_contact(db, "nobody@exemple.fr")
    with pytest.raises(NotFound):
        service.get_contact(db, 12345)
    with pytest.raises(NotFound):
        service.update_contact(db, "nobody@exemple.fr", ContactInput(first_name="x"))
    with pytest.raises(NotFound):
        service.remove_contact(db, "nobody@exemple.fr")
    with pytest.raises(NotFound):
        service.remove_contact(db, "not an address")  # NotFound, not an email-syntax error


def test_remove_contact_and_contacts(db: Database) -> None:
    a = add(db, "a@exemple.fr", tags=["t"], lists=["L"])
    b = add(db, "b@exemple.fr", tags=["t"], lists=["L"])
    c = add(db, "c@exemple.fr", tags=["t"], lists=["L"])
    service.remove_contact(db, "A@exemple.fr")
    assert service.count_contacts(db) == 2
    assert service.remove_contacts(db, [b.id, c.id, 999]) == 2
    assert service.remove_contacts(db, []) == 0
    assert service.count_contacts(db) == 0
    # memberships and tag links went with the contacts; the tag and the list stay
    assert [(t.name, t.count) for t in service.list_tags(db)] == [("t", 0)]
    assert [(x.name, x.count) for x in service.list_lists(db)] == [("L", 0)]
    assert a.id not in service.query_contact_ids(db, ContactQuery())


# --- tags and lists ---------------------------------------------------------------------------


def test_lists_and_tags_are_created_on_demand(db: Database) -> None:
    add(db, "a@exemple.fr", tags=[" vip "], lists=["Clients"])
    add(db, "b@exemple.fr", tags=["vip"], lists=["Clients", "Prospects"])
    assert [(t.name, t.count) for t in service.list_tags(db)] == [("vip", 2)]
    assert [(x.name, x.count) for x in service.list_lists(db)] == [("Clients", 2), ("Prospects", 1)]
    with pytest.raises(InvalidInput):
        add(db, "c@exemple.fr", tags=[""])
    with pytest.raises(InvalidInput):
        add(db, "c@exemple.fr", tags=["x" * 101])


def test_list_tags_and_lists_sorted_case_insensitively_with_counts(db: Database) -> None:
    service.create_tag(db, "beta")
    service.create_tag(db, "Alpha")
    service.create_list(db, "zeta", "last")
    service.create_list(db, "Epsilon")
    add(db, "a@exemple.fr", tags=["beta"], lists=["zeta"])
    assert [(t.name, t.count) for t in service.list_tags(db)] == [("Alpha", 0), ("beta", 1)]
    assert [(x.name, x.count) for x in service.list_lists(db)] == [("Epsilon", 0), ("zeta", 1)]
    with pytest.raises(InvalidInput, match="already exists"):
        service.create_tag(db, "beta")
    with pytest.raises(InvalidInput, match="already exists"):
        service.create_list(db, " zeta ")
    with pytest.raises(InvalidInput):
        service.create_list(db, "   ")


def test_tag_contacts_many_ids_idempotent(db: Database) -> None:
    ids = [add(db, f"c{i}@exemple.fr").id for i in range(5)]
    assert service.tag_contacts(db, ids[:3], ["chaud", "salon"]) == 6
    assert service.tag_contacts(db, ids, ["chaud"]) == 2  # only the two new links
    assert service.tag_contacts(db, ids, ["chaud"]) == 0  # idempotent
    assert service.tag_contacts(db, [ids[0], ids[0]], ["neuf"]) == 1  # a repeated id
    assert service.tag_contacts(db, [ids[1], 999_999], ["neuf"]) == 1  # a vanished contact
    counts = {t.name: t.count for t in service.list_tags(db)}
    assert counts == {"chaud": 5, "salon": 3, "neuf": 2}
    assert service.get_contact(db, ids[0]).tags == ["chaud", "neuf", "salon"]
    assert service.tag_contacts(db, ids, ["chaud"], remove=True) == 5
    assert service.tag_contacts(db, ids, ["chaud"], remove=True) == 0
    assert service.tag_contacts(db, [], ["salon"]) == 0
    assert {t.name: t.count for t in service.list_tags(db)}["chaud"] == 0
    with pytest.raises(NotFound):
        service.tag_contacts(db, ids, ["inconnu"], remove=True)


def test_set_list_membership_many_ids_idempotent(db: Database) -> None:
    ids = [add(db, f"c{i}@exemple.fr").id for i in range(4)]
    assert service.set_list_membership(db, ids, ["Salon 2025"]) == 4
    assert service.set_list_membership(db, ids, ["Salon 2025"]) == 0
    assert service.set_list_membership(db, [ids[0], ids[0], 999_999], ["Autre"]) == 1
    assert {x.name: x.count for x in service.list_lists(db)} == {"Autre": 1, "Salon 2025": 4}
    assert service.get_contact(db, ids[0]).lists == ["Autre", "Salon 2025"]
    assert service.set_list_membership(db, ids[:2], ["Salon 2025"], remove=True) == 2
    assert service.set_list_membership(db, ids[:2], ["Salon 2025"], remove=True) == 0
    assert emails(db, ContactQuery(list_name="Salon 2025")) == ["c2@exemple.fr", "c3@exemple.fr"]
    with pytest.raises(NotFound):
        service.set_list_membership(db, ids, ["inconnue"], remove=True)


def test_unsubscribed_membership_is_not_a_member(db: Database) -> None:
    """The list filter, the list's count and ContactData.lists agree on who is in a list."""
    a = add(db, "a@exemple.fr", lists=["L"])
    add(db, "b@exemple.fr", lists=["L"])
    with db.session() as s:
        s.execute(
            update(ListMembership)
            .where(ListMembership.contact_id == a.id)
            .values(status="unsubscribed")
        )
    assert service.get_contact(db, a.id).lists == []
    assert [(x.name, x.count) for x in service.list_lists(db)] == [("L", 1)]
    assert emails(db, ContactQuery(list_name="L")) == ["b@exemple.fr"]
    assert service.count_contacts(db, ContactQuery(list_name="L")) == 1


@pytest.mark.parametrize("kind", ["tag", "list", "segment"])
def test_rename_and_delete_named(db: Database, kind: str) -> None:
    def make(name: str) -> None:
        if kind == "tag":
            service.create_tag(db, name)
        elif kind == "list":
            service.create_list(db, name)
        else:
            create_segment(db, name, {"all": []})

    def names() -> list[str]:
        if kind == "tag":
            return [t.name for t in service.list_tags(db)]
        if kind == "list":
            return [x.name for x in service.list_lists(db)]
        from app.contacts.segments import list_segments

        return [s.name for s in list_segments(db)]

    make("un")
    make("deux")
    service.rename(db, kind, "un", "Premier")
    service.rename(db, kind, "Premier", "Premier")  # no-op
    assert sorted(names()) == ["Premier", "deux"]
    with pytest.raises(InvalidInput, match="already exists"):
        service.rename(db, kind, "Premier", "deux")
    with pytest.raises(InvalidInput):
        service.rename(db, kind, "Premier", "  ")
    with pytest.raises(NotFound):
        service.rename(db, kind, "absent", "x")
    service.delete_named(db, kind, "Premier")
    assert names() == ["deux"]
    with pytest.raises(NotFound):
        service.delete_named(db, kind, "Premier")


def test_deleting_a_tag_or_list_keeps_the_contacts(db: Database) -> None:
    add(db, "a@exemple.fr", tags=["t", "u"], lists=["L", "M"])
    service.delete_named(db, "tag", "t")
    service.delete_named(db, "list", "L")
    c = service.get_contact(db, "a@exemple.fr")
    assert c.tags == ["u"] and c.lists == ["M"]
    assert service.count_contacts(db) == 1


# --- queries ------------------------------------------------------------------------------


@pytest.fixture
def people(db: Database) -> Database:
    add(db, "alice@exemple.fr", first_name="Alice", last_name="Martin", company="Acme",
        phone="0601", tags=["vip"], lists=["Clients"])  # fmt: skip
    add(db, "bob@exemple.fr", first_name="bob", last_name="Durand", company="100% Bio",
        phone="0602", tags=["vip", "salon"], status="unsubscribed")  # fmt: skip
    add(db, "chloe_x@exemple.fr", first_name="Chloé", last_name="Élan", company="Zeta",
        phone="0603", lists=["Clients"], attributes={"ville": "Lyon"})  # fmt: skip
    add(db, "denis@autre.com", first_name="Denis", last_name="martin", company="acme sarl",
        phone="0604", status="bounced")  # fmt: skip
    return db


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("MARTIN", ["alice@exemple.fr", "denis@autre.com"]),
        ("acme", ["alice@exemple.fr", "denis@autre.com"]),
        ("  Bob ", ["bob@exemple.fr"]),
        ("autre.COM", ["denis@autre.com"]),
        ("0603", ["chloe_x@exemple.fr"]),
        ("élan", ["chloe_x@exemple.fr"]),  # non-ASCII, case-insensitive on both backends
        ("CHLOÉ", ["chloe_x@exemple.fr"]),
        ("%", ["bob@exemple.fr"]),  # LIKE wildcards are literal
        ("100%", ["bob@exemple.fr"]),
        ("_", ["chloe_x@exemple.fr"]),
        ("e_x", ["chloe_x@exemple.fr"]),
        ("o_e", []),
        ("\\", []),
        ("", ["alice@exemple.fr", "bob@exemple.fr", "chloe_x@exemple.fr", "denis@autre.com"]),
    ],
)
def test_search(people: Database, search: str, expected: list[str]) -> None:
    query = ContactQuery(search=search)
    assert emails(people, query) == expected
    assert service.count_contacts(people, query) == len(expected)


def test_filters(people: Database) -> None:
    db = people
    assert emails(db, ContactQuery(list_name="Clients")) == [
        "alice@exemple.fr",
        "chloe_x@exemple.fr",
    ]
    assert emails(db, ContactQuery(tag="vip")) == ["alice@exemple.fr", "bob@exemple.fr"]
    assert emails(db, ContactQuery(tag="vip", list_name="Clients")) == ["alice@exemple.fr"]
    assert emails(db, ContactQuery(status="bounced")) == ["denis@autre.com"]
    assert emails(db, ContactQuery(search="exemple", status="subscribed")) == [
        "alice@exemple.fr",
        "chloe_x@exemple.fr",
    ]
    create_segment(
        db, "Lyonnais", {"all": [{"field": "attributes.ville", "op": "eq", "value": "lyon"}]}
    )
    assert emails(db, ContactQuery(segment="Lyonnais")) == ["chloe_x@exemple.fr"]
    rule = {
        "any": [
            {"field": "tag", "op": "eq", "value": "salon"},
            {"field": "company", "op": "contains", "value": "sarl"},
        ]
    }
    assert emails(db, ContactQuery(rule=rule)) == ["bob@exemple.fr", "denis@autre.com"]
    assert service.count_contacts(db, ContactQuery(rule=rule, status="bounced")) == 1
    assert [c.email for c in service.list_contacts(db, ContactQuery(tag="salon"))] == [
        "bob@exemple.fr"
    ]
    for bad in (
        ContactQuery(list_name="absent"),
        ContactQuery(tag="absent"),
        ContactQuery(segment="absent"),
    ):
        with pytest.raises(NotFound):
            service.query_contact_ids(db, bad)
        with pytest.raises(NotFound):
            service.count_contacts(db, bad)
    with pytest.raises(InvalidInput):
        service.query_contact_ids(db, ContactQuery(status="weird"))
    with pytest.raises(InvalidInput):
        service.query_contact_ids(db, ContactQuery(order_by="attributes"))
    with pytest.raises(InvalidInput):
        service.query_contact_ids(db, ContactQuery(order_by="id; DROP TABLE contact"))


@pytest.mark.parametrize("column", service.SORTABLE)
@pytest.mark.parametrize("descending", [False, True])
def test_order_by_every_sortable_column(people: Database, column: str, descending: bool) -> None:
    db = people
    # Give the timestamps distinct values in a known order.
    with db.session() as s:
        contacts = list(s.scalars(select(Contact).order_by(Contact.email)))
        base = contacts[0].created_at
        for i, c in enumerate(reversed(contacts)):
            c.created_at = base - timedelta(days=i)
            c.updated_at = base + timedelta(hours=i)
    ids = service.query_contact_ids(db, ContactQuery(order_by=column, descending=descending))
    rows = service.fetch_contacts(db, ids)

    def key(c: service.ContactData) -> object:
        value = getattr(c, column)
        return value.lower() if isinstance(value, str) else value

    expected = sorted(rows, key=lambda c: (key(c), c.id), reverse=descending)
    assert [c.id for c in rows] == [c.id for c in expected]
    assert len(rows) == 4


def test_order_ties_break_by_id(db: Database) -> None:
    ids = [add(db, f"c{i}@exemple.fr", company="Même").id for i in range(3)]
    assert service.query_contact_ids(db, ContactQuery(order_by="company")) == ids
    assert service.query_contact_ids(db, ContactQuery(order_by="company", descending=True)) == list(
        reversed(ids)
    )


def test_fetch_contacts_keeps_the_given_order(people: Database) -> None:
    ids = service.query_contact_ids(people, ContactQuery())
    shuffled = [ids[2], ids[0], 987_654, ids[3]]
    assert [c.id for c in service.fetch_contacts(people, shuffled)] == [ids[2], ids[0], ids[3]]
    assert service.fetch_contacts(people, []) == []


def test_count_contacts(people: Database) -> None:
    assert service.count_contacts(people) == 4
    assert service.count_contacts(people, ContactQuery()) == 4
    assert service.count_contacts(people, ContactQuery(search="martin", tag="vip")) == 1


def test_many_contacts_in_chunks(db: Database) -> None:
    """More ids than one IN (...) chunk: bulk tagging, loading and counting still agree."""
    with db.session() as s:
        s.add_all(Contact(email=f"p{i:05d}@exemple.fr", attributes={}) for i in range(5200))
    ids = service.query_contact_ids(db, ContactQuery())
    assert len(ids) == 5200
    assert service.tag_contacts(db, ids, ["masse"]) == 5200
    assert service.count_contacts(db, ContactQuery(tag="masse")) == 5200
    loaded = service.list_contacts(db, ContactQuery(tag="masse"))
    assert len(loaded) == 5200 and loaded[-1].tags == ["masse"]
    assert loaded[0].created_at is not None and loaded[0].created_at.tzinfo == UTC
    assert service.remove_contacts(db, ids) == 5200


def test_to_json_shape(db: Database) -> None:
    c = add(db, "a@exemple.fr", first_name="A", tags=["t"], lists=["L"], attributes={"k": "v"})
    assert c.to_json() == {
        "email": "a@exemple.fr",
        "first_name": "A",
        "last_name": "",
        "company": "",
        "status": "subscribed",
        "tags": ["t"],
        "lists": ["L"],
        "attributes": {"k": "v"},
    }
