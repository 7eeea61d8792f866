"""``facteur sequences ...`` (names, flags and JSON keys are a contract: add, never rename)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.db import Database
from app.errors import InvalidInput


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    sequences = groups.add_parser(
        "sequences", help="mails sent one after another to enrolled contacts", parents=[common]
    )
    verbs = sequences.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser("create", help="create a sequence", parents=[common])
    create.add_argument("name")
    _definition(create, creating=True)
    create.set_defaults(func=cmd_create)

    upd = verbs.add_parser(
        "update",
        help="change a sequence (contacts already enrolled keep what they were sent)",
        parents=[common],
    )
    upd.add_argument("name")
    upd.add_argument("--rename", metavar="NEW", help="a new name")
    _definition(upd, creating=False)
    upd.set_defaults(func=cmd_update)

    lst = verbs.add_parser("list", help="list sequences", parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = verbs.add_parser("show", help="show a sequence", parents=[common])
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    enroll = verbs.add_parser("enroll", help="enroll contacts in a sequence", parents=[common])
    enroll.add_argument("name")
    enroll.add_argument(
        "--email", action="append", required=True, metavar="E", help="a contact (repeatable)"
    )
    enroll.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a value for data.KEY in the templates (repeatable)",
    )
    enroll.add_argument("--json", action="store_true")
    enroll.set_defaults(func=cmd_enroll)

    remove = verbs.add_parser("remove", help="take contacts out of a sequence", parents=[common])
    remove.add_argument("name")
    remove.add_argument(
        "--email", action="append", required=True, metavar="E", help="a contact (repeatable)"
    )
    remove.add_argument("--json", action="store_true")
    remove.set_defaults(func=cmd_remove)

    enrollments = verbs.add_parser(
        "enrollments", help="the contacts enrolled and where each stands", parents=[common]
    )
    enrollments.add_argument("name")
    enrollments.add_argument("--json", action="store_true")
    enrollments.set_defaults(func=cmd_enrollments)

    for verb, helptext in (
        ("pause", "pause a sequence (due steps wait until it is resumed)"),
        ("resume", "resume a paused sequence"),
        ("delete", "delete a sequence and its enrollments"),
    ):
        p = verbs.add_parser(verb, help=helptext, parents=[common])
        p.add_argument("name")
        p.set_defaults(func=cmd_change, change=verb)


def _definition(p: argparse.ArgumentParser, *, creating: bool) -> None:
    p.add_argument(
        "--step",
        action="append",
        required=creating,
        metavar="TEMPLATE:DURATION",
        help="a template and its ISO-8601 delay after the previous step, e.g. Bienvenue:PT0S, "
        "Relance:P2D (repeatable, in order"
        + ("" if creating else "; replaces every step, those already sent are not sent again")
        + ")",
    )
    p.add_argument(
        "--window",
        metavar="WINDOW",
        help='when steps may go out, e.g. "mon-fri 09:00-18:00" (the contact\'s timezone; add '
        '"account" for the account\'s)' + ("" if creating else '; "" for any time'),
    )
    p.add_argument(
        "--exit-on",
        action="append",
        metavar="EVENT",
        help="a goal event that takes the contact out (repeatable"
        + ("" if creating else "; replaces the goals, --exit-on '' for none")
        + ")",
    )
    p.add_argument("--account", metavar="A", help="the sending account (default: the only one)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument(
        "--transactional",
        action="store_true",
        default=None,
        help="also send to contacts who unsubscribed from marketing (never to suppressed ones)",
    )
    if not creating:
        kind.add_argument(
            "--marketing",
            dest="transactional",
            action="store_false",
            default=None,
            help="subscribed contacts only (the default)",
        )
    p.add_argument("--paused", action="store_true", help="save it paused")
    p.add_argument("--json", action="store_true")


def _print_json(data: Any) -> None:
    from app.cli import print_json

    print_json(data)


def parse_step(text: str) -> Any:
    """``"Relance J+2:P2D"`` -> StepInput (split on the last colon: names may hold colons)."""
    from app.automation.sequences import StepInput

    template, sep, delay = text.rpartition(":")
    if not sep or not template.strip() or not delay.strip():
        raise InvalidInput(
            "--step {value!r} is not understood: write TEMPLATE:DURATION, e.g. Bienvenue:PT0S "
            "or Relance:P2D.",
            value=text,
        )
    return StepInput(template=template.strip(), delay=delay.strip())


def _parse_data(items: list[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput("--data {value!r} is not understood: write KEY=VALUE.", value=item)
        data[key.strip()] = value
    return data


def _exit_on(values: list[str] | None) -> list[str]:
    return [v for v in (values or []) if v.strip()]


def cmd_create(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import SequenceInput, create_sequence

    sequence = create_sequence(
        db,
        SequenceInput(
            name=args.name,
            account=args.account or "",
            steps=[parse_step(s) for s in args.step],
            window=args.window,
            exit_on=_exit_on(args.exit_on),
            transactional=bool(args.transactional),
            enabled=not args.paused,
        ),
    )
    if args.json:
        _print_json(sequence.to_json())
    else:
        print(
            f"Sequence {sequence.name!r} created ({len(sequence.steps)} steps"
            f"{', paused' if not sequence.enabled else ''}).",
            file=sys.stderr,
        )
    return 0


def cmd_update(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import SequenceInput, StepInput, get_sequence, update_sequence

    current = get_sequence(db, args.name)
    if args.step:
        steps = [parse_step(s) for s in args.step]
    else:
        steps = [StepInput(s.template, s.delay, s.id) for s in current.steps]
    sequence = update_sequence(
        db,
        args.name,
        SequenceInput(
            name=args.rename or current.name,
            account=args.account or "",
            steps=steps,
            window=current.window if args.window is None else args.window,
            exit_on=list(current.exit_on) if args.exit_on is None else _exit_on(args.exit_on),
            transactional=(
                current.transactional if args.transactional is None else args.transactional
            ),
            enabled=current.enabled and not args.paused,
        ),
    )
    if args.json:
        _print_json(sequence.to_json())
    else:
        print(f"Sequence {sequence.name!r} updated.", file=sys.stderr)
    return 0


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import list_sequences

    items = list_sequences(db)
    if args.json:
        _print_json([s.to_json() for s in items])
        return 0
    for s in items:
        state = "active" if s.enabled else "paused"
        print(
            f"{s.name}\t{state}\t{len(s.steps)} steps\t{s.active} active\t"
            f"{s.completed} completed\t{s.exited} exited\t{s.account}"
        )
    return 0


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import get_sequence

    s = get_sequence(db, args.name)
    if args.json:
        _print_json(s.to_json())
        return 0
    print(f"name: {s.name}")
    print(f"status: {'active' if s.enabled else 'paused'}")
    print(f"account: {s.account}")
    print(f"kind: {'transactional' if s.transactional else 'marketing'}")
    print(f"window: {s.window_text or 'any time'}")
    print(f"exit on: {', '.join(s.exit_on) or '-'} (unsubscribing always ends marketing ones)")
    for i, step in enumerate(s.steps, 1):
        print(f"step {i}: {step.template} after {step.delay}")
    print(f"enrolled: {s.active} active, {s.completed} completed, {s.exited} exited")
    return 0


def cmd_enroll(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import enroll_contacts
    from app.sending import campaign_commands

    count = enroll_contacts(db, args.name, args.email, _parse_data(args.data))
    skipped = len({e.strip().lower() for e in args.email}) - count
    if args.json:
        _print_json({"name": args.name, "enrolled": count, "skipped": skipped})
    else:
        print(f"{count} contact(s) enrolled in {args.name!r}.", file=sys.stderr)
        if skipped:
            print(
                f"{skipped} left out: already enrolled, or not subscribed (marketing).",
                file=sys.stderr,
            )
    if count and campaign_commands.ensure_background_sender(db, args):
        print("Sending in the background.", file=sys.stderr)
    return 0


def cmd_remove(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import remove_from_sequence

    count = remove_from_sequence(db, args.name, args.email)
    if args.json:
        _print_json({"name": args.name, "removed": count})
    else:
        print(f"{count} contact(s) removed from {args.name!r}.", file=sys.stderr)
    return 0


def cmd_enrollments(db: Database, args: argparse.Namespace) -> int:
    from app.automation.sequences import exit_reason_text, list_enrollments

    rows = list_enrollments(db, args.name)
    if args.json:
        _print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        if r.status == "active":
            where = f"step {r.step_index + 1}/{r.steps_total} {r.next_template}"
            when = f"at {r.next_run_at:%Y-%m-%d %H:%M:%S} UTC" if r.next_run_at else ""
        elif r.status == "completed":
            where, when = f"{r.steps_sent}/{r.steps_total} sent", ""
        else:
            where, when = f"{r.steps_sent}/{r.steps_total} sent", exit_reason_text(r.exit_reason)
        print(f"{r.email}\t{r.status}\t{where}\t{when}".rstrip())
    return 0


def cmd_change(db: Database, args: argparse.Namespace) -> int:
    from app.automation import sequences
    from app.sending import campaign_commands

    if args.change == "delete":
        sequences.delete_sequence(db, args.name)
        print(f"Sequence {args.name!r} deleted.", file=sys.stderr)
        return 0
    sequence = sequences.set_sequence_enabled(db, args.name, args.change == "resume")
    print(
        f"Sequence {sequence.name!r}: {'active' if sequence.enabled else 'paused'}.",
        file=sys.stderr,
    )
    if (
        sequence.enabled
        and sequence.active
        and campaign_commands.ensure_background_sender(db, args)
    ):
        print("Sending in the background.", file=sys.stderr)
    return 0
