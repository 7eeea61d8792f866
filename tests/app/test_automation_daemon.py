"""Real time: a ``facteur daemon`` applies an event emitted from the command line within 5 s."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.automation.lock import current_holder
from app.automation.rules import ActionInput, RuleInput, create_rule
from app.contacts.service import get_contact
from app.db import Database
from app.sending.accounts import AccountInput, create_account
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template
from tests.app.test_sending_engine import ROOT, wait_until
from tests.smtp_servers import SmtpServer

CODE = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_emitted_event_yields_the_welcome_mail_within_5_seconds(
    sqlite_db: Database, facteur_home: Path
) -> None:
    db = sqlite_db
    env = {**os.environ, "FACTEUR_HOME": str(facteur_home)}
    with SmtpServer() as server:
        create_template(
            db,
            TemplateInput(
                name="Welcome",
                subject="Bienvenue {{ contact.first_name }}",
                html="<p>Votre formule : {{ data.plan }}</p>",
            ),
        )
        create_account(
            db,
            open_secret_store(facteur_home),
            AccountInput(
                name="Local",
                kind="smtp",
                from_address="Boutique <shop@exemple.fr>",
                host="127.0.0.1",
                port=server.port,
                security="none",
            ),
        )
        create_rule(
            db,
            RuleInput(
                name="Bienvenue",
                trigger="signup",
                actions=[ActionInput("send", template="Welcome")],
            ),
        )
        daemon = subprocess.Popen(
            [sys.executable, "-c", CODE, "daemon", "--db", db.url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_until(lambda: current_holder(db) is not None, what="the daemon holds the lock")
            started = time.monotonic()
            emitted = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CODE,
                    "events",
                    "emit",
                    "signup",
                    "--email",
                    "new@exemple.fr",
                    "--data",
                    "first_name=Léa",
                    "--data",
                    "plan=pro",
                    "--db",
                    db.url,
                ],  # fmt: skip
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert emitted.returncode == 0, emitted.stderr
            # The daemon runs the automations: no background sender is started.
            assert "background" not in emitted.stderr
            received = server.wait_for(1, timeout=max(0.1, 5.0 - (time.monotonic() - started)))
            latency = time.monotonic() - started
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, _ = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, out
    assert latency < 5.0
    assert received[0].rcpt_tos == ("new@exemple.fr",)
    parsed = email.message_from_bytes(received[0].data, policy=email.policy.default)
    assert parsed["Subject"] == "Bienvenue Léa"
    assert "Votre formule : pro" in parsed.get_body(("html",)).get_content()
    contact = get_contact(db, "new@exemple.fr")
    assert contact.first_name == "Léa" and contact.attributes == {"plan": "pro"}
    assert len(server.messages) == 1
