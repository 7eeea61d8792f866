"""The ``relay``, ``sync``, ``forms`` and ``stats`` command groups (names, flags, JSON keys: a contract).

``relay serve`` runs the hosted relay (it opens no desktop database); the other verbs are the
desktop's side: connect to a relay, pull its events, define signup forms.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    relay = groups.add_parser(
        "relay",
        help="the tracking relay: serve it, or connect this database to one",
        parents=[common],
    )
    verbs = relay.add_subparsers(dest="verb", metavar="VERB", required=True)

    serve = verbs.add_parser(
        "serve",
        help="run the relay web service (configured by FACTEUR_RELAY_SECRET, "
        "FACTEUR_RELAY_API_KEY, FACTEUR_RELAY_DB_URL)",
    )
    serve.add_argument(
        "--host",
        default=None,
        help="address to listen on (default 127.0.0.1; env FACTEUR_RELAY_HOST)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=None,
        help="port (default 8000, or env PORT / FACTEUR_RELAY_PORT)",
    )
    # Not the desktop's database (no `common` parent here): the relay's own storage.
    serve.add_argument(
        "--db",
        dest="relay_db",
        metavar="URL",
        default=None,
        help="the relay's database URL (env FACTEUR_RELAY_DB_URL; default "
        "SQLite relay.db in the current directory)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(func=_serve, needs_db=False)

    connect = verbs.add_parser(
        "connect", help="connect this database to a relay (checks it first)", parents=[common]
    )
    connect.add_argument("url", metavar="URL", help="the relay's public address (https://...)")
    connect.add_argument(
        "--secret", required=True, metavar="S", help="the relay's FACTEUR_RELAY_SECRET"
    )
    connect.add_argument(
        "--api-key", required=True, metavar="K", help="the relay's FACTEUR_RELAY_API_KEY"
    )
    connect.add_argument(
        "--no-check", action="store_true", help="save without contacting the relay"
    )
    connect.add_argument("--json", action="store_true")
    connect.set_defaults(func=_lazy("app.tracking.relay_config", "cmd_connect"))

    status = verbs.add_parser(
        "status", help="the connected relay and the last sync", parents=[common]
    )
    status.add_argument("--check", action="store_true", help="also contact the relay")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_lazy("app.tracking.relay_config", "cmd_status"))

    disconnect = verbs.add_parser("disconnect", help="stop using the relay", parents=[common])
    disconnect.set_defaults(func=_lazy("app.tracking.relay_config", "cmd_disconnect"))

    sync = groups.add_parser(
        "sync",
        help="pull the relay's events once and apply them (opens, clicks, "
        "unsubscribes, signups, bounces)",
        parents=[common],
    )
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=_lazy("app.tracking.sync", "cmd_sync"))

    forms = groups.add_parser("forms", help="signup forms posting to the relay", parents=[common])
    fverbs = forms.add_subparsers(dest="verb", metavar="VERB", required=True)
    fcreate = fverbs.add_parser("create", help="define a signup form", parents=[common])
    fcreate.add_argument("name", help="in the form's address /f/NAME (letters, digits, - and _)")
    _form_options(fcreate)
    fcreate.set_defaults(func=_lazy("app.tracking.forms", "cmd_create"))
    fedit = fverbs.add_parser("edit", help="change a signup form", parents=[common])
    fedit.add_argument("name")
    _form_options(fedit)
    fedit.set_defaults(func=_lazy("app.tracking.forms", "cmd_edit"))
    flist = fverbs.add_parser("list", help="the signup forms", parents=[common])
    flist.add_argument("--json", action="store_true")
    flist.set_defaults(func=_lazy("app.tracking.forms", "cmd_list"))
    fshow = fverbs.add_parser(
        "show", help="a form and the HTML to paste in a web page", parents=[common]
    )
    fshow.add_argument("name")
    fshow.add_argument("--json", action="store_true")
    fshow.set_defaults(func=_lazy("app.tracking.forms", "cmd_show"))
    fdelete = fverbs.add_parser("delete", help="delete a signup form", parents=[common])
    fdelete.add_argument("name")
    fdelete.set_defaults(func=_lazy("app.tracking.forms", "cmd_delete"))

    from app.stats import commands as stats_commands

    stats_commands.register(groups, common)


def _form_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", dest="list_name", metavar="L", help="add signups to this list")
    p.add_argument("--tag", action="append", metavar="T", help="tag signups (repeatable)")
    opt = p.add_mutually_exclusive_group()
    opt.add_argument(
        "--double-opt-in",
        dest="double_opt_in",
        action="store_true",
        default=None,
        help="send a confirmation mail first (the default)",
    )
    opt.add_argument(
        "--single-opt-in", dest="double_opt_in", action="store_false", help="subscribe at once"
    )
    p.add_argument(
        "--confirm-template",
        metavar="T",
        help="template of the confirmation mail (default: a built-in one)",
    )
    p.add_argument("--account", metavar="A", help="account sending the confirmation mail")
    p.add_argument(
        "--consent-text",
        metavar="TEXT",
        help="what the visitor agrees to (kept as proof of consent)",
    )
    p.add_argument(
        "--redirect", dest="redirect_url", metavar="URL", help="page shown after signing up"
    )
    p.add_argument(
        "--confirm-redirect",
        dest="confirm_redirect_url",
        metavar="URL",
        help="page shown after confirming",
    )
    p.add_argument(
        "--field",
        dest="fields",
        action="append",
        metavar="NAME",
        help="an extra field kept as a contact attribute (repeatable)",
    )
    p.add_argument("--json", action="store_true")


def _lazy(module: str, name: str) -> Any:
    """A command function imported only when run (keeps ``facteur --help`` fast)."""

    def run(db: Any, args: argparse.Namespace) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), name)(db, args))

    run.__name__ = name
    return run


def _serve(_db: Any, args: argparse.Namespace) -> int:
    from app.relay.server import cmd_serve

    return cmd_serve(args)
