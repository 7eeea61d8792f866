"""``facteur rules ...`` (names, flags and JSON keys are a contract: add, never rename)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.db import Database
from app.errors import InvalidInput


class _AddAction(argparse.Action):
    """``--send``, ``--enroll``, ``--add-tag``...: kept in command-line order in ``args.actions``."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        actions = list(getattr(namespace, "actions", None) or [])
        actions.append((self.const, values))
        namespace.actions = actions


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    rules = groups.add_parser(
        "rules", help="automation rules: when an event happens, do actions", parents=[common]
    )
    verbs = rules.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser("create", help="create a rule", parents=[common])
    create.add_argument("name")
    create.add_argument(
        "--on",
        required=True,
        metavar="EVENT",
        help="contact_created, tag_added[:TAG], list_added[:LIST], unsubscribed, email_opened, "
        "link_clicked, form_signup, birthday, date:ATTRIBUTE, or a custom event name "
        "(signup, order.paid)",
    )
    create.add_argument(
        "--filter",
        metavar="JSON",
        help='only contacts matching this segment rule, e.g. {"all": [{"field": '
        '"attributes.plan", "op": "eq", "value": "pro"}]}',
    )
    create.set_defaults(actions=[])
    for flag, kind, metavar, text in (
        ("--send", "send", "TEMPLATE", "send this template"),
        ("--enroll", "enroll", "SEQUENCE", "enroll in this sequence"),
        ("--add-tag", "add_tag", "T", "add this tag"),
        ("--remove-tag", "remove_tag", "T", "remove this tag"),
        ("--add-to-list", "add_to_list", "L", "add to this list"),
    ):
        create.add_argument(
            flag,
            action=_AddAction,
            const=kind,
            dest="actions",
            metavar=metavar,
            help=f"{text} (repeatable; actions run in the order given)",
        )
    create.add_argument(
        "--account",
        default="",
        metavar="A",
        help="send through this account (default: the only one)",
    )
    create.add_argument(
        "--transactional",
        action="store_true",
        help="transactional mail: also reaches contacts who unsubscribed from marketing",
    )
    create.add_argument(
        "--cap",
        default="",
        metavar="DURATION",
        help="at most one firing per contact in this ISO-8601 duration (P1D, PT12H)",
    )
    create.add_argument(
        "--hour",
        type=int,
        default=9,
        metavar="H",
        help="date triggers: from this hour (Europe/Paris; default 9)",
    )
    offset = create.add_mutually_exclusive_group()
    offset.add_argument(
        "--days-before", type=int, metavar="N", help="date triggers: N days before the date"
    )
    offset.add_argument(
        "--days-after", type=int, metavar="N", help="date triggers: N days after the date"
    )
    create.add_argument(
        "--yearly", action="store_true", help="date triggers: every year on the anniversary"
    )
    create.add_argument("--paused", action="store_true", help="create the rule paused")
    create.add_argument("--json", action="store_true", help="print the rule as JSON")
    create.set_defaults(func=cmd_create)

    lst = verbs.add_parser("list", help="list rules", parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = verbs.add_parser("show", help="show one rule", parents=[common])
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    for verb, enabled, text in (
        ("pause", False, "stop applying a rule (events meanwhile are not applied later)"),
        ("resume", True, "apply a paused rule again"),
    ):
        p = verbs.add_parser(verb, help=text, parents=[common])
        p.add_argument("name")
        p.set_defaults(func=cmd_enable, enabled=enabled)

    delete = verbs.add_parser("delete", help="delete a rule", parents=[common])
    delete.add_argument("name")
    delete.set_defaults(func=cmd_delete)


def _print_json(data: Any) -> None:
    from app.cli import print_json

    print_json(data)


def _filter_arg(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        rule = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "--filter is not valid JSON: {reason} at character {pos}.", reason=exc.msg, pos=exc.pos
        ) from exc
    if not isinstance(rule, dict):
        raise InvalidInput('--filter must be a JSON object such as {"all": [...]}.')
    return rule


def _input(args: argparse.Namespace) -> Any:
    from app.automation.rules import ActionInput, RuleInput, parse_trigger

    trigger, param = parse_trigger(args.on)
    actions = []
    for kind, value in args.actions or []:
        if kind == "send":
            actions.append(ActionInput(kind, template=value, account=args.account))
        elif kind == "enroll":
            actions.append(ActionInput(kind, sequence=value))
        else:
            actions.append(ActionInput(kind, name=value))
    if not actions:
        raise InvalidInput(
            "Say what the rule does: --send TEMPLATE, --enroll SEQUENCE, --add-tag T, "
            "--remove-tag T or --add-to-list L."
        )
    offset = 0
    if args.days_before is not None:
        offset = -args.days_before
    elif args.days_after is not None:
        offset = args.days_after
    return RuleInput(
        name=args.name,
        trigger=trigger,
        trigger_param=param,
        filter=_filter_arg(args.filter),
        actions=actions,
        transactional=args.transactional,
        frequency_cap=args.cap,
        offset_days=offset,
        hour=args.hour,
        yearly=args.yearly,
        enabled=not args.paused,
    )


def describe_action(action: Any) -> str:
    if action.kind == "send":
        return f"send {action.template!r} via {action.account!r}"
    if action.kind == "enroll":
        return f"enroll in {action.sequence!r}"
    return f"{action.kind.replace('_', ' ')} {action.name!r}"


def _when(rule: Any) -> str:
    if not rule.is_date_trigger:
        return rule.on
    days = rule.offset_days
    when = f"{rule.on} at {rule.hour:02d}:00"
    if days:
        when += f", {abs(days)} day(s) {'before' if days < 0 else 'after'}"
    if rule.yearly and rule.trigger != "birthday":
        when += ", every year"
    return when


def cmd_create(db: Database, args: argparse.Namespace) -> int:
    from app.automation.rules import create_rule

    rule = create_rule(db, _input(args))
    if args.json:
        _print_json(rule.to_json())
    else:
        print(
            f"Rule {rule.name!r} created: on {_when(rule)}, "
            + "; ".join(describe_action(a) for a in rule.actions)
            + ".",
            file=sys.stderr,
        )
    return 0


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    from app.automation.rules import list_rules

    rules = list_rules(db)
    if args.json:
        _print_json([r.to_json() for r in rules])
        return 0
    for r in rules:
        state = "active" if r.enabled else "paused"
        actions = "; ".join(describe_action(a) for a in r.actions)
        print(f"{r.name}\t{state}\t{_when(r)}\t{actions}\t{r.firings} firing(s)")
    print(f"{len(rules)} rule(s)", file=sys.stderr)
    return 0


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from app.automation.rules import get_rule

    r = get_rule(db, args.name)
    if args.json:
        _print_json(r.to_json())
        return 0
    rows = [
        ("Name", r.name),
        ("State", "active" if r.enabled else "paused"),
        ("On", _when(r)),
        ("Filter", json.dumps(r.filter, ensure_ascii=False) if r.filter else "everyone"),
        ("Actions", "; ".join(describe_action(a) for a in r.actions)),
        ("Mail", "transactional" if r.transactional else "marketing"),
        ("Cap", r.frequency_cap or "none"),
        ("Firings", str(r.firings)),
        ("Failures", str(r.failures)),
        ("Last fired", r.last_fired_at.isoformat() if r.last_fired_at else "never"),
    ]
    for label, value in rows:
        print(f"{label}: {value}")
    return 0


def cmd_enable(db: Database, args: argparse.Namespace) -> int:
    from app.automation.rules import set_rule_enabled

    rule = set_rule_enabled(db, args.name, args.enabled)
    print(f"Rule {rule.name!r} {'resumed' if rule.enabled else 'paused'}.", file=sys.stderr)
    return 0


def cmd_delete(db: Database, args: argparse.Namespace) -> int:
    from app.automation.rules import delete_rule

    delete_rule(db, args.name)
    print(f"Rule {args.name!r} deleted.", file=sys.stderr)
    return 0
