"""Segments: saved rule trees compiled to SQLAlchemy expressions over an allowlist.

A rule is ``{"all": [...]}`` or ``{"any": [...]}`` whose items are conditions or nested rules;
a condition is ``{"field": F, "op": OP, "value": V}``. Fields and operators come from the tables
below; values are always bound parameters, so no user text ever becomes SQL.

Fields: built-in contact columns, ``attributes.<key>`` for custom attributes, ``tag`` and ``list``.
Text comparisons ignore case. Custom attributes are text as imported, so ``gt``/``lt`` compare them
as numbers (a French decimal comma is accepted; non-numbers never match) and ``before``/``after`` as
dates (ISO ``2024-03-15`` or French ``15/03/2024``).
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Float,
    String,
    and_,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from app.db import Database
from app.db.models import Contact, ContactList, ContactTag, ListMembership, Segment, Tag
from app.db.types import utcnow
from app.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from app.contacts.service import NamedCount

TEXT_OPS = ("eq", "neq", "contains", "starts_with", "in", "is_set")
NUMBER_OPS = ("gt", "lt")
DATE_OPS = ("before", "after")
OPERATORS = TEXT_OPS + NUMBER_OPS + DATE_OPS

# field -> (kind, operators)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "email": ("text", TEXT_OPS),
    "first_name": ("text", TEXT_OPS),
    "last_name": ("text", TEXT_OPS),
    "company": ("text", TEXT_OPS),
    "phone": ("text", TEXT_OPS),
    "locale": ("text", TEXT_OPS),
    "status": ("text", ("eq", "neq", "in")),
    "consent_source": ("text", TEXT_OPS),
    "tracking_consent": ("bool", ("eq", "neq")),
    "created_at": ("datetime", DATE_OPS + ("is_set",)),
    "updated_at": ("datetime", DATE_OPS + ("is_set",)),
    "last_activity_at": ("datetime", DATE_OPS + ("is_set",)),
    "consent_at": ("datetime", DATE_OPS + ("is_set",)),
    "tag": ("membership", ("eq", "neq", "in", "is_set")),
    "list": ("membership", ("eq", "neq", "in", "is_set")),
}
ATTRIBUTE_OPS = OPERATORS
MAX_DEPTH = 8
MAX_CONDITIONS = 200
# No double quote or backslash (they would end SQLite's JSON path '$."key"') and no control
# character; an apostrophe is fine ("date d'anniversaire"). Used with fullmatch: "$" would let
# a trailing newline through.
_ATTR_KEY = re.compile(r"[^\x00-\x1f\x7f\"\\]{1,100}")
# Text attributes compared as numbers: an optional sign, digits, at most one "." or "," between
# digits. Longer texts are not numbers (PostgreSQL refuses to cast out-of-range values).
NUMBER_MAX_LEN = 100


@dataclass(frozen=True)
class SegmentData:
    id: int
    name: str
    rule: dict[str, Any]
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "rule": self.rule, "count": self.count}


# --- portable "is this text a number / a date" ---------------------------------------------


class _NumberFromText(FunctionElement[float]):
    """The text as a number, or NULL when it is not one (never an error, never a silent 0)."""

    type = Float()
    inherit_cache = True
    name = "number_from_text"


@compiles(_NumberFromText, "postgresql")
def _number_pg(element: _NumberFromText, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses.clauses[0], **kw)
    return (
        f"(CASE WHEN btrim({arg}) ~ '^[-+]?[0-9]+([.,][0-9]+)?$' "
        f"AND length(btrim({arg})) <= {NUMBER_MAX_LEN} "
        f"THEN CAST(replace(btrim({arg}), ',', '.') AS DOUBLE PRECISION) END)"
    )


@compiles(_NumberFromText, "sqlite")
def _number_sqlite(element: _NumberFromText, compiler: Any, **kw: Any) -> str:
    # The same grammar as PostgreSQL's regular expression, in GLOBs: SQLite's CAST would read
    # "1-2" as 1 and "1.2.3" as 1.2, and a non-number must never match.
    arg = compiler.process(element.clauses.clauses[0], **kw)
    t = f"trim({arg})"
    body = f"(CASE WHEN substr({t}, 1, 1) IN ('+', '-') THEN substr({t}, 2) ELSE {t} END)"
    return (
        f"(CASE WHEN length({t}) <= {NUMBER_MAX_LEN} AND {body} <> '' "
        f"AND {body} NOT GLOB '*[^0-9.,]*' AND {body} NOT GLOB '[.,]*' "
        f"AND {body} NOT GLOB '*[.,]' "
        f"AND length({body}) - length(replace(replace({body}, '.', ''), ',', '')) <= 1 "
        f"THEN CAST(replace({t}, ',', '.') AS REAL) END)"
    )


class _DateFromText(FunctionElement[str]):
    """``15/03/2024`` -> ``2024-03-15``; an ISO date or date-time -> its date; else NULL.

    Text that is not a date never matches ``before``/``after`` (compared as text, "hello" would
    sort after every date).
    """

    type = String()
    inherit_cache = True
    name = "date_from_text"


@compiles(_DateFromText, "postgresql")
def _date_pg(element: _DateFromText, compiler: Any, **kw: Any) -> str:
    t = f"btrim({compiler.process(element.clauses.clauses[0], **kw)})"
    return (
        f"(CASE WHEN {t} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}' THEN substr({t}, 1, 10) "
        f"WHEN {t} ~ '^[0-9]{{2}}/[0-9]{{2}}/[0-9]{{4}}' "
        f"THEN substr({t}, 7, 4) || '-' || substr({t}, 4, 2) || '-' || substr({t}, 1, 2) END)"
    )


@compiles(_DateFromText, "sqlite")
def _date_sqlite(element: _DateFromText, compiler: Any, **kw: Any) -> str:
    t = f"trim({compiler.process(element.clauses.clauses[0], **kw)})"
    d2, d4 = "[0-9][0-9]", "[0-9][0-9][0-9][0-9]"
    return (
        f"(CASE WHEN {t} GLOB '{d4}-{d2}-{d2}*' THEN substr({t}, 1, 10) "
        f"WHEN {t} GLOB '{d2}/{d2}/{d4}*' "
        f"THEN substr({t}, 7, 4) || '-' || substr({t}, 4, 2) || '-' || substr({t}, 1, 2) END)"
    )


# --- validation and compilation -------------------------------------------------------------


def validate_rule(rule: Any) -> dict[str, Any]:
    """Check a rule tree's shape, fields, operators and values; raise ``InvalidInput`` naming the fault."""
    count = [0]
    _validate(rule, "rule", 0, count)
    return rule


def _validate(node: Any, where: str, depth: int, count: list[int]) -> None:
    if not isinstance(node, dict):
        raise InvalidInput(
            "{where}: expected an object, got {kind}.", where=where, kind=type(node).__name__
        )
    if depth > MAX_DEPTH:
        raise InvalidInput(
            "{where}: rules may be nested {depth} levels deep at most.",
            where=where,
            depth=MAX_DEPTH,
        )
    groups = [k for k in ("all", "any") if k in node]
    if groups:
        if len(node) != 1:
            raise InvalidInput("{where}: a group has exactly one key, 'all' or 'any'.", where=where)
        items = node[groups[0]]
        if not isinstance(items, list):
            raise InvalidInput(
                "{where}: expected a list of conditions.", where=f"{where}.{groups[0]}"
            )
        for i, item in enumerate(items):
            _validate(item, f"{where}.{groups[0]}[{i}]", depth + 1, count)
        return
    count[0] += 1
    if count[0] > MAX_CONDITIONS:
        raise InvalidInput("A rule may hold {count} conditions at most.", count=MAX_CONDITIONS)
    unknown = set(node) - {"field", "op", "value"}
    if unknown or "field" not in node or "op" not in node:
        raise InvalidInput(
            "{where}: a condition is {{'field': ..., 'op': ..., 'value': ...}} "
            "or a group {{'all': [...]}} / {{'any': [...]}}.",
            where=where,
        )
    field, op = node["field"], node["op"]
    ops = _operators_for(field, where)
    if op not in ops:
        raise InvalidInput(
            "{where}: operator {op!r} does not apply to {field!r} (use {choices}).",
            where=where,
            op=op,
            field=field,
            choices=", ".join(ops),
        )
    value = node.get("value")
    if op == "in":
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
        ):
            raise InvalidInput("{where}: 'in' takes a non-empty list of values.", where=where)
    elif op == "is_set":
        if value is not None and not isinstance(value, bool):
            raise InvalidInput("{where}: 'is_set' takes true or false.", where=where)
    elif op in DATE_OPS:
        _parse_date(value, where)
    elif op in NUMBER_OPS:
        _parse_number(value, where)
    elif FIELDS.get(field, ("",))[0] == "bool":
        if not isinstance(value, bool):
            raise InvalidInput("{where}: {field!r} takes true or false.", where=where, field=field)
    elif not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidInput("{where}: {op!r} needs a value.", where=where, op=op)


def _operators_for(field: Any, where: str) -> tuple[str, ...]:
    if not isinstance(field, str):
        raise InvalidInput("{where}: the field must be a name.", where=where)
    if field.startswith("attributes."):
        if not _ATTR_KEY.fullmatch(field[len("attributes.") :]):
            raise InvalidInput(
                "{where}: {field!r} is not a valid attribute name.", where=where, field=field
            )
        return ATTRIBUTE_OPS
    if field not in FIELDS:
        raise InvalidInput(
            "{where}: unknown field {field!r} (use {choices} or attributes.<name>).",
            where=where,
            field=field,
            choices=", ".join(FIELDS),
        )
    return FIELDS[field][1]


def _parse_date(value: Any, where: str) -> date:
    if isinstance(value, str):
        text_value = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text_value[:10], fmt).date()
            except ValueError:
                continue
    raise InvalidInput(
        "{where}: {value!r} is not a date (use 2024-03-15 or 15/03/2024).", where=where, value=value
    )


def _parse_number(value: Any, where: str) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value.strip().replace(",", "."))
    # NaN and infinities compare differently on SQLite (NULL) and PostgreSQL (NaN > everything).
    if number is not None and math.isfinite(number):
        return number
    raise InvalidInput("{where}: {value!r} is not a number.", where=where, value=value)


def compile_rule(rule: dict[str, Any]) -> ColumnElement[bool]:
    """The WHERE clause over ``Contact`` for a (validated here) rule tree."""
    validate_rule(rule)
    return _compile(rule)


def _compile(node: dict[str, Any]) -> ColumnElement[bool]:
    if "all" in node:
        parts = [_compile(n) for n in node["all"]]
        return and_(true(), *parts) if parts else true()
    if "any" in node:
        parts = [_compile(n) for n in node["any"]]
        return or_(false(), *parts) if parts else false()
    return _condition(node["field"], node["op"], node.get("value"))


def _lower_like(expr: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
    return func.lower(expr).like(pattern, escape="\\")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _condition(field: str, op: str, value: Any) -> ColumnElement[bool]:
    if field in ("tag", "list"):
        return _membership(field, op, value)
    if field.startswith("attributes."):
        expr: ColumnElement[Any] = Contact.attributes[field[len("attributes.") :]].as_string()
        kind = "text"
    else:
        expr = getattr(Contact, field)
        kind = FIELDS[field][0]

    if op == "is_set":
        present = expr.is_not(None) if kind != "text" else and_(expr.is_not(None), expr != "")
        return present if value is None or value else not_(present)
    if kind == "bool":
        return expr == bool(value) if op == "eq" else expr != bool(value)
    if kind == "datetime":
        day = _parse_date(value, field)
        if op == "before":
            return expr < datetime.combine(day, time.min, tzinfo=UTC)
        return expr >= datetime.combine(day + _ONE_DAY, time.min, tzinfo=UTC)
    if op in NUMBER_OPS:
        number = _NumberFromText(expr)
        bound = literal(_parse_number(value, field), Float())
        return number > bound if op == "gt" else number < bound
    if op in DATE_OPS:
        iso = _parse_date(value, field).isoformat()
        as_date = _DateFromText(expr)
        return as_date < iso if op == "before" else as_date > iso
    lowered = func.lower(expr)
    if op == "eq":
        return lowered == str(value).lower()
    if op == "neq":
        return or_(expr.is_(None), lowered != str(value).lower())
    if op == "in":
        return lowered.in_([str(v).lower() for v in value])
    if op == "contains":
        return _lower_like(expr, f"%{_escape(str(value).lower())}%")
    if op == "starts_with":
        return _lower_like(expr, f"{_escape(str(value).lower())}%")
    raise AssertionError(op)  # validate_rule let an unknown operator through


def _membership(field: str, op: str, value: Any) -> ColumnElement[bool]:
    if field == "tag":
        ids = select(ContactTag.contact_id).join(Tag, Tag.id == ContactTag.tag_id)
        name = Tag.name
    else:
        ids = (
            select(ListMembership.contact_id)
            .join(ContactList, ContactList.id == ListMembership.list_id)
            .where(ListMembership.status == "subscribed")
        )
        name = ContactList.name
    if op == "is_set":
        inside = Contact.id.in_(ids)
        return inside if value is None or value else not_(inside)
    names = [str(v) for v in value] if op == "in" else [str(value)]
    inside = Contact.id.in_(ids.where(func.lower(name).in_([n.lower() for n in names])))
    return not_(inside) if op == "neq" else inside


_ONE_DAY = datetime(2000, 1, 2) - datetime(2000, 1, 1)


# --- saved segments ------------------------------------------------------------------------


def get_segment_rule(session: Session, name: str) -> dict[str, Any]:
    rule = session.scalar(select(Segment.rule).where(Segment.name == name.strip()))
    if rule is None:
        raise NotFound("No segment named {name!r}.", name=name)
    return rule


def count_matching(db: Database, rule: dict[str, Any]) -> int:
    """How many contacts a (possibly unsaved) rule matches: the rule builder's live count."""
    where = compile_rule(rule)
    with db.session() as s:
        return s.scalar(select(func.count(Contact.id)).where(where)) or 0


def create_segment(db: Database, name: str, rule: dict[str, Any]) -> SegmentData:
    from app.contacts.service import validate_name

    name = validate_name("segment", name, 200)
    validate_rule(rule)
    with db.session() as s:
        if s.scalar(select(Segment.id).where(Segment.name == name)) is not None:
            raise InvalidInput("A segment named {name!r} already exists.", name=name)
        seg = Segment(name=name, rule=rule)
        s.add(seg)
        s.flush()
        count = s.scalar(select(func.count(Contact.id)).where(_compile(rule))) or 0
        return SegmentData(seg.id, seg.name, seg.rule, count)


def update_segment(db: Database, name: str, rule: dict[str, Any]) -> SegmentData:
    validate_rule(rule)
    with db.session() as s:
        seg = s.scalar(select(Segment).where(Segment.name == name.strip()))
        if seg is None:
            raise NotFound("No segment named {name!r}.", name=name)
        seg.rule = rule
        seg.updated_at = utcnow()
        count = s.scalar(select(func.count(Contact.id)).where(_compile(rule))) or 0
        return SegmentData(seg.id, seg.name, rule, count)


def list_segments(db: Database, *, with_counts: bool = True) -> list[SegmentData]:
    with db.session() as s:
        result = []
        for seg in s.scalars(select(Segment).order_by(func.lower(Segment.name))):
            count = -1
            if with_counts:
                count = s.scalar(select(func.count(Contact.id)).where(_compile(seg.rule))) or 0
            result.append(SegmentData(seg.id, seg.name, seg.rule, count))
        return result


def audience_choices(
    db: Database,
) -> tuple[list[NamedCount], list[NamedCount], list[SegmentData]]:
    """Every list, tag (with counts) and segment (without): what an audience can be made of."""
    from app.contacts.service import list_lists, list_tags

    return list_lists(db), list_tags(db), list_segments(db, with_counts=False)


def attribute_keys(db: Database) -> list[str]:
    """Every custom attribute name in use, for the rule builder's field list."""
    if db.dialect == "postgresql":
        sql = "SELECT DISTINCT jsonb_object_keys(attributes) AS k FROM contact ORDER BY k"
    else:
        sql = (
            "SELECT DISTINCT j.key AS k FROM contact, json_each(contact.attributes) AS j ORDER BY k"
        )
    with db.session() as s:
        return [row[0] for row in s.execute(text(sql))]


def _renamed(node: Any, field: str, old: str, new: str) -> tuple[Any, bool]:
    """A copy of ``node`` where conditions on ``field`` naming ``old`` name ``new`` instead."""
    for group in ("all", "any"):
        if isinstance(node, dict) and group in node:
            changed = False
            items = []
            for item in node[group]:
                copy, hit = _renamed(item, field, old, new)
                items.append(copy)
                changed |= hit
            return {group: items}, changed
    if not isinstance(node, dict) or node.get("field") != field:
        return node, False
    value = node.get("value")
    if isinstance(value, str) and value.lower() == old.lower():
        return {**node, "value": new}, True
    if isinstance(value, list) and any(
        isinstance(v, str) and v.lower() == old.lower() for v in value
    ):
        renamed = [new if isinstance(v, str) and v.lower() == old.lower() else v for v in value]
        return {**node, "value": renamed}, True
    return node, False


def rename_references(session: Session, field: str, old: str, new: str) -> list[str]:
    """Make saved segments follow a renamed tag or list (``field`` is ``"tag"`` or ``"list"``).

    Runs in the caller's transaction, so the rename and the rules change together.
    Returns the names of the segments changed.
    """
    changed = []
    for seg in session.scalars(select(Segment)):
        rule, hit = _renamed(seg.rule, field, old, new)
        if hit:
            seg.rule = rule
            seg.updated_at = utcnow()
            changed.append(seg.name)
    return changed


def rename_in_rules(session: Session, field: str, old: str, new: str) -> list[str]:
    """Make automation rules follow a renamed tag or list: their trigger ("tag «old» added"),
    their actions (add/remove tag, add to list) and their filter. Returns the rules changed."""
    from app.db.models import Rule

    trigger = "tag_added" if field == "tag" else "list_added"
    kinds = ("add_tag", "remove_tag") if field == "tag" else ("add_to_list",)
    changed: set[str] = set()
    for rule in session.scalars(select(Rule)):
        if rule.trigger == trigger and rule.trigger_param == old:
            rule.trigger_param = new
            changed.add(rule.name)
        if rule.filter:
            tree, hit = _renamed(rule.filter, field, old, new)
            if hit:
                rule.filter = tree
                changed.add(rule.name)
        for action in rule.actions:
            if action.kind in kinds and action.name == old:
                action.name = new
                changed.add(rule.name)
    return sorted(changed)


def segments_referencing(session: Session, field: str, name: str) -> list[str]:
    """Names of the saved segments whose rules name this tag or list."""
    return [
        seg.name
        for seg in session.scalars(select(Segment).order_by(Segment.name))
        if _renamed(seg.rule, field, name, name)[1]
    ]
