"""How fast the runner applies events and advances sequences (SQLite by default).

    python bench/automation_bench.py [--contacts 20000] [--db URL]

Imports N contacts while a rule listens to ``contact_created`` (it sends a welcome mail and
enrolls the contact in a two-step sequence), then times, as the runner would do them:
- writing the events during the import (the import's extra cost),
- applying the events (``events.process_pending``), in events per second,
- queueing the sequence's first step (``sequences.advance_due``), in steps per second.
Prints the figures; no mail is sent (the outbox is filled, not drained).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.automation import events, sequences  # noqa: E402
from app.automation.rules import ActionInput, RuleInput, create_rule  # noqa: E402
from app.automation.sequences import SequenceInput, StepInput, create_sequence  # noqa: E402
from app.contacts.importing import import_contacts  # noqa: E402
from app.db import Database  # noqa: E402
from app.sending.accounts import AccountInput, create_account  # noqa: E402
from app.templates.service import TemplateInput, create_template  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        db = Database(url)
        db.migrate()
        create_template(db, TemplateInput(name="Bienvenue", subject="Bienvenue", html="<p>Hi</p>"))
        create_template(db, TemplateInput(name="Conseils", subject="Conseils", html="<p>Tip</p>"))
        create_account(
            db,
            None,  # type: ignore[arg-type] - an SMTP relay without a login needs no secret store
            AccountInput(
                name="Relais",
                kind="smtp",
                from_address="shop@example.com",
                host="127.0.0.1",
                port=2525,
                security="none",
            ),
        )
        create_sequence(
            db,
            SequenceInput(
                name="Accueil",
                steps=[StepInput("Conseils", "PT0S"), StepInput("Conseils", "P2D")],
            ),
        )
        create_rule(
            db,
            RuleInput(
                name="Bienvenue",
                trigger="contact_created",
                actions=[
                    ActionInput(kind="send", template="Bienvenue"),
                    ActionInput(kind="enroll", sequence="Accueil"),
                ],
            ),
        )
        path = Path(tmp) / "contacts.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["email", "prenom"])
            for i in range(args.contacts):
                w.writerow([f"client{i:06d}@example.com", f"Client {i}"])
        t0 = time.perf_counter()
        import_contacts(db, path)
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        queued = 0
        while True:
            n = events.process_pending(db)
            queued += n
            if events.next_due(db) is None:
                break
        t_events = time.perf_counter() - t0
        t0 = time.perf_counter()
        steps = 0
        while True:
            n = sequences.advance_due(db)
            steps += n
            if n == 0:
                break
        t_steps = time.perf_counter() - t0
        db.dispose()
    n = args.contacts
    print(f"database: {url.split(':')[0]}, {n:,} contacts")
    print(f"import with a listening rule: {t_import:.2f} s")
    print(
        f"events applied: {n:,} in {t_events:.2f} s = {n / t_events:,.0f} events/s "
        f"({queued:,} welcome mails queued, {n:,} enrollments)"
    )
    print(f"sequence first steps queued: {steps:,} in {t_steps:.2f} s = {steps / t_steps:,.0f}/s")


if __name__ == "__main__":
    main()
