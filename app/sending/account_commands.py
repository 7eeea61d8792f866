"""The ``accounts`` command group: add, edit, list, show, test and delete sending accounts.

Names, flags and JSON keys are a contract. Passwords and API keys are read from standard input
(``--password-stdin``, ``--api-key-stdin``: one line), never from the command line where other
users and the shell history would see them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from app.errors import FacteurError

if TYPE_CHECKING:
    from pathlib import Path

    from app.db import Database
    from app.sending.accounts import AccountData, AccountInput
    from app.sending.secrets import SecretStore

KINDS = ("smtp", "sendgrid", "mailgun", "ses", "postmark", "brevo")
SECURITY = ("none", "starttls", "ssl")


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``accounts`` group to the CLI."""
    accounts = groups.add_parser("accounts", help="manage sending accounts", parents=[common])
    verbs = accounts.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser(
        "add",
        help="add an SMTP server or a provider API account",
        parents=[common],
        description="Add a sending account. SMTP: --host, --port, --security and, with a user "
        "name, --password-stdin. APIs: --api-key-stdin (Amazon SES: "
        "ACCESS_KEY_ID:SECRET_ACCESS_KEY).",
    )
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--from", dest="from_address", required=True, metavar="ADDRESS",
                     help='the sender, e.g. "Boulangerie Dupont <contact@boulangerie.fr>"')  # fmt: skip
    _account_options(add)
    add.add_argument("--json", action="store_true", help="print the account as JSON")
    add.set_defaults(func=cmd_accounts_add)

    edit = verbs.add_parser(
        "edit", help="change an account's settings (the others stay)", parents=[common]
    )
    edit.add_argument("name")
    edit.add_argument("--name", dest="new_name", metavar="NAME", help="rename the account")
    edit.add_argument("--kind", choices=KINDS)
    edit.add_argument("--from", dest="from_address", metavar="ADDRESS")
    _account_options(edit)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(func=cmd_accounts_edit)

    ls = verbs.add_parser("list", help="list the sending accounts", parents=[common])
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_accounts_list)

    show = verbs.add_parser("show", help="show one account's settings", parents=[common])
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_accounts_show)

    test = verbs.add_parser(
        "test",
        help="connect and authenticate with an account (sends nothing)",
        parents=[common],
    )
    test.add_argument("name")
    test.add_argument("--json", action="store_true")
    test.set_defaults(func=cmd_accounts_test)

    delete = verbs.add_parser(
        "delete", help="delete an account and its stored secret", parents=[common]
    )
    delete.add_argument("name")
    delete.set_defaults(func=cmd_accounts_delete)


def _account_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``add`` and ``edit`` (on ``edit``, an option left out keeps its value)."""
    p.add_argument("--reply-to", metavar="ADDRESS")
    smtp = p.add_argument_group("SMTP")
    smtp.add_argument("--host")
    smtp.add_argument("--port", type=int, help="default: 25, 587 or 465 after --security")
    smtp.add_argument("--security", choices=SECURITY, help="default: starttls")
    smtp.add_argument("--username", metavar="USER")
    smtp.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    smtp.add_argument(
        "--allow-insecure-auth",
        action="store_true",
        default=None,
        help="allow sending the password (or API key) over an unencrypted connection",
    )
    api = p.add_argument_group("provider APIs")
    api.add_argument(
        "--api-key-stdin", action="store_true", help="read the API key from standard input"
    )
    api.add_argument(
        "--base-url", metavar="URL", help="the API's address (default: the provider's)"
    )
    api.add_argument(
        "--region", help="Mailgun: eu or us (default us); SES: e.g. eu-west-3 (default)"
    )
    api.add_argument("--domain", help="Mailgun sending domain (default: the From address's domain)")
    api.add_argument("--message-stream", metavar="STREAM", help="Postmark (default: outbound)")
    p.add_argument("--ca-file", metavar="PEM", help="trust this CA bundle instead of the default")
    limits = p.add_argument_group("limits")
    limits.add_argument("--rate-per-second", type=float, metavar="N")
    limits.add_argument("--rate-per-hour", type=int, metavar="N")
    limits.add_argument("--rate-per-day", type=int, metavar="N")
    limits.add_argument("--concurrency", type=int, metavar="N", help="connections at once (1-32)")
    limits.add_argument("--in-doubt-campaign", choices=("hold", "resend"),
                        help="campaign messages interrupted mid-send: hold for review (default) "
                        "or resend")  # fmt: skip
    limits.add_argument("--in-doubt-transactional", choices=("hold", "resend"),
                        help="transactional messages interrupted mid-send (default: resend)")  # fmt: skip
    tracking = p.add_argument_group("tracking").add_mutually_exclusive_group()
    tracking.add_argument(
        "--require-tracking-consent",
        dest="require_tracking_consent",
        action="store_true",
        default=None,
        help="track opens and identify clicks only for contacts who consented (the default)",
    )
    tracking.add_argument(
        "--no-require-tracking-consent",
        dest="require_tracking_consent",
        action="store_false",
        help="track every contact's opens and clicks (check the law where you are)",
    )


# --- helpers ----------------------------------------------------------------------------------


class _LazySecrets:
    """The secret store, opened on first use: an SMTP account without a password needs none."""

    def __init__(self, home: Path) -> None:
        self._home = home
        self._store: SecretStore | None = None

    @property
    def store(self) -> SecretStore:
        if self._store is None:
            from app.sending.secrets import open_secret_store

            self._store = open_secret_store(self._home)
        return self._store

    @property
    def backend_name(self) -> str:
        return self.store.backend_name

    def get(self, ref: str) -> str | None:
        return self.store.get(ref)

    def set(self, ref: str, value: str) -> None:
        self.store.set(ref, value)

    def delete(self, ref: str) -> None:
        self.store.delete(ref)


def _secrets(args: argparse.Namespace) -> SecretStore:
    return _LazySecrets(args.paths.home)


def _read_secret(args: argparse.Namespace, kind: str) -> str | None:
    """The password or API key from standard input, when asked for; one line."""
    if args.password_stdin and args.api_key_stdin:
        raise FacteurError("Give either --password-stdin or --api-key-stdin, not both.")
    if not (args.password_stdin or args.api_key_stdin):
        return None
    if kind == "smtp" and args.api_key_stdin:
        raise FacteurError("SMTP accounts take a password: use --password-stdin.")
    if kind != "smtp" and args.password_stdin:
        raise FacteurError("API accounts take an API key: use --api-key-stdin.")
    what = "Password" if kind == "smtp" else "API key"
    if sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass(f"{what}: ")  # typed by a person: no echo
    else:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        value = line.rstrip("\r\n")
    if not value:
        raise FacteurError("No {what} was read from standard input.", what=what.lower())
    return value


_FIELDS = (
    "reply_to", "host", "port", "security", "username", "allow_insecure_auth", "ca_file",
    "base_url", "region", "domain", "message_stream", "rate_per_second", "rate_per_hour",
    "rate_per_day", "concurrency", "in_doubt_campaign", "in_doubt_transactional",
    "require_tracking_consent",
)  # fmt: skip


def _apply_options(data: AccountInput, args: argparse.Namespace) -> AccountInput:
    for name in _FIELDS:
        value = getattr(args, name, None)
        if value is not None:
            setattr(data, name, value)
    return data


def _print_account(account: AccountData, as_json: bool, verb: str = "") -> None:
    from app.cli import print_json

    if as_json:
        print_json(account.to_json())
        return
    if verb:
        print(f"Account {account.name!r} {verb}: {_summary(account)}")
    else:
        _print_details(account)


def _summary(a: AccountData) -> str:
    s = a.settings
    if a.kind == "smtp":
        where = f"SMTP {s.get('host')}:{s.get('port')} ({s.get('security')})"
        if s.get("username"):
            where += f" as {s['username']}"
    else:
        where = f"{a.kind} {a.base_url}"
    return f"{where}, from {a.from_address}"


def _print_details(a: AccountData) -> None:
    s = a.settings
    rows: list[tuple[str, Any]] = [("Name", a.name), ("Kind", a.kind), ("From", a.from_address)]
    if a.reply_to:
        rows.append(("Reply-To", a.reply_to))
    if a.kind == "smtp":
        rows += [
            ("Host", s.get("host")),
            ("Port", s.get("port")),
            ("Security", s.get("security")),
            ("User name", s.get("username") or "(no authentication)"),
        ]
        if s.get("allow_insecure_auth"):
            rows.append(("Insecure authentication", "allowed"))
    else:
        rows.append(("API address", a.base_url))
        for key, label in (
            ("region", "Region"),
            ("domain", "Domain"),
            ("message_stream", "Message stream"),
        ):
            if s.get(key):
                rows.append((label, s[key]))
    if s.get("ca_file"):
        rows.append(("CA file", s["ca_file"]))
    rows += [
        ("Secret stored", "yes" if a.has_secret else "no"),
        ("Rate per second", a.rate_per_second or "no limit"),
        ("Rate per hour", a.rate_per_hour or "no limit"),
        ("Rate per day", a.rate_per_day or "no limit"),
        ("Concurrency", a.concurrency),
        ("Messages in doubt (campaigns)", s.get("in_doubt_campaign", "hold")),
        ("Messages in doubt (transactional)", s.get("in_doubt_transactional", "resend")),
        ("Tracking consent required", "yes" if a.require_tracking_consent else "no"),
    ]
    for label, value in rows:
        print(f"{label}: {value}")


# --- commands ---------------------------------------------------------------------------------


def cmd_accounts_add(db: Database, args: argparse.Namespace) -> int:
    from app.sending.accounts import AccountInput, create_account

    data = _apply_options(
        AccountInput(name=args.name, kind=args.kind, from_address=args.from_address), args
    )
    secret = _read_secret(args, args.kind)
    account = create_account(db, _secrets(args), data, secret)
    _print_account(account, args.json, "added")
    return 0


def cmd_accounts_edit(db: Database, args: argparse.Namespace) -> int:
    from app.sending.accounts import AccountInput, get_account, update_account

    current = get_account(db, args.name)
    data = current.to_input()
    if args.kind is not None and args.kind != current.kind:
        # Another kind of account: the previous kind's settings do not carry over.
        data = AccountInput(
            name=data.name,
            kind=args.kind,
            from_address=data.from_address,
            reply_to=data.reply_to,
            rate_per_second=data.rate_per_second,
            rate_per_hour=data.rate_per_hour,
            rate_per_day=data.rate_per_day,
            concurrency=data.concurrency,
            in_doubt_campaign=data.in_doubt_campaign,
            in_doubt_transactional=data.in_doubt_transactional,
            require_tracking_consent=data.require_tracking_consent,
        )
    data = _apply_options(data, args)
    if args.new_name is not None:
        data.name = args.new_name
    if args.from_address is not None:
        data.from_address = args.from_address
    secret = _read_secret(args, data.kind)
    account = update_account(db, _secrets(args), current.id, data, secret)
    _print_account(account, args.json, "updated")
    return 0


def cmd_accounts_list(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.sending.accounts import list_accounts

    accounts = list_accounts(db)
    if args.json:
        print_json([a.to_json() for a in accounts])
        return 0
    for a in accounts:
        print(f"{a.name}\t{a.kind}\t{a.from_address}\t{_summary(a)}")
    print(f"{len(accounts)} account(s)", file=sys.stderr)
    return 0


def cmd_accounts_show(db: Database, args: argparse.Namespace) -> int:
    from app.sending.accounts import get_account

    _print_account(get_account(db, args.name), args.json)
    return 0


def cmd_accounts_test(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.sending.accounts import test_account

    result = test_account(db, _secrets(args), args.name)
    if args.json:
        print_json({"name": args.name, "ok": result.ok, "message": result.message})
    elif result.ok:
        print(result.message)
    if not result.ok:
        print(f"facteur: error: {result.message}", file=sys.stderr)
        return 1
    return 0


def cmd_accounts_delete(db: Database, args: argparse.Namespace) -> int:
    from app.sending.accounts import delete_account

    delete_account(db, _secrets(args), args.name)
    print(f"Deleted the account {args.name!r}.", file=sys.stderr)
    return 0
