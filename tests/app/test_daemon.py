"""One runner per database (the lock), standby and take-over, and ``facteur daemon``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from app.automation.lock import RunnerLock, current_holder
from app.db import Database
from app.sending import campaigns
from app.sending.campaigns import CampaignInput
from app.sending.engine import Sender, SenderEvent
from tests.app.test_sending_engine import ROOT, setup_campaign, status, wait_until
from tests.smtp_servers import SmtpServer


def test_one_holder_at_a_time(db: Database) -> None:
    first = RunnerLock(db, "owner-1", "desktop")
    second = RunnerLock(db, "owner-2", "daemon")
    try:
        assert first.try_acquire()
        assert first.try_acquire()  # already ours
        assert not second.try_acquire()
        holder = second.holder()
        assert holder is not None and holder.kind == "desktop" and holder.pid == os.getpid()
        assert "desktop on" in holder.describe() and not holder.stale
        assert first.still_held()
        first.heartbeat()
        first.release()
        assert current_holder(db) is None
        assert second.try_acquire()
        assert current_holder(db).kind == "daemon"
    finally:
        first.release()
        second.release()


def test_second_sender_stands_by_then_takes_over(db: Database, facteur_home: Path) -> None:
    events: list[SenderEvent] = []
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 40)
        first = Sender(db.url, facteur_home, poll_interval=0.05, idle_timeout=0.5, processes=1)
        second = Sender(
            db.url,
            facteur_home,
            poll_interval=0.05,
            idle_timeout=0.5,
            processes=1,
            kind="daemon",
            standby_interval=0.1,
            on_event=events.append,
        )
        try:
            first.start()
            wait_until(lambda: first.active, what="first sender active")
            second.start()
            wait_until(lambda: any(e.kind == "standby" for e in events), what="standby")
            assert not second.active
            standby = next(e for e in events if e.kind == "standby")
            assert "desktop on" in standby.message and str(os.getpid()) in standby.message
            campaigns.start_campaign(db, "Soldes")
            first.wake()
            wait_until(lambda: status(db)["status"] == "done", what="done")
            # The first one goes away: the second takes over and sends the next campaign.
            first.stop()
            wait_until(lambda: second.active, what="take-over")
            campaigns.create_campaign(
                db,
                CampaignInput(
                    name="Encore", template="Soldes", account="Boutique", include=["all"]
                ),
            )
            campaigns.start_campaign(db, "Encore")
            second.wake()
            wait_until(lambda: status(db, "Encore")["status"] == "done", what="second done")
        finally:
            first.stop()
            second.stop()
    received = Counter(r for m in server.messages for r in m.rcpt_tos)
    assert len(received) == 40 and set(received.values()) == {2}  # one per campaign, no more


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_daemon_sends_shows_who_holds_and_stops_cleanly(
    sqlite_db: Database, facteur_home: Path
) -> None:
    db = sqlite_db
    env = {**os.environ, "FACTEUR_HOME": str(facteur_home)}
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", code, "daemon", "--db", db.url]
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 30)
        daemon = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            wait_until(lambda: current_holder(db) is not None, what="the daemon holds the lock")
            assert current_holder(db).kind == "daemon"
            campaigns.start_campaign(db, "Soldes")
            server.wait_for(30, timeout=30)
            wait_until(lambda: status(db)["status"] == "done", what="done")
            # A second daemon on the same database says who holds it, and sends nothing.
            second = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            deadline = time.monotonic() + 30
            lines: list[str] = []
            assert second.stdout is not None
            while time.monotonic() < deadline:
                line = second.stdout.readline()
                lines.append(line)
                if "standing by" in line:
                    break
            second.send_signal(signal.SIGTERM)
            rest, _ = second.communicate(timeout=30)
            assert second.returncode == 0
            standby = "".join(lines)
            assert "standing by" in standby and "daemon on" in standby
            assert str(daemon.pid) in standby
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, _ = daemon.communicate(timeout=60)
    assert daemon.returncode == 0
    assert "Facteur daemon started" in out and "Facteur daemon stopped" in out
    assert "'Soldes' finished" in out
    assert current_holder(db) is None
    assert len(server.messages) == 30


def test_two_runners_on_one_database_never_both_send_scheduled_campaigns(
    db: Database, facteur_home: Path
) -> None:
    """Two processes (here two senders, each with its own lock handle) run for one database:
    one runs the scheduler and sends, the other stands by; each scheduled send goes out once,
    also across a take-over."""
    from datetime import timedelta

    from app.db.types import utcnow

    def schedule(name: str, seconds: float) -> None:
        campaigns.create_campaign(
            db,
            CampaignInput(
                name=name,
                template="Soldes",
                account="Boutique",
                include=["all"],
                scheduled_at=utcnow() + timedelta(seconds=seconds),
            ),
        )
        assert campaigns.start_campaign(db, name).status == "scheduled"

    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 20)
        senders = [
            Sender(
                db.url,
                facteur_home,
                poll_interval=0.1,
                idle_timeout=0.5,
                processes=0,
                kind=kind,
                standby_interval=0.1,
            )
            for kind in ("desktop", "daemon")
        ]
        try:
            for sender in senders:
                sender.start()
            wait_until(lambda: sum(s.active for s in senders) == 1, what="one runner")
            schedule("Premier", 1.5)
            wait_until(lambda: status(db, "Premier")["status"] == "done", what="first sent")
            assert sum(s.active for s in senders) == 1
            active = next(s for s in senders if s.active)
            other = next(s for s in senders if not s.active)
            active.stop()
            wait_until(lambda: other.active, what="take-over")
            schedule("Second", 1.5)
            wait_until(lambda: status(db, "Second")["status"] == "done", what="second sent")
        finally:
            for sender in senders:
                sender.stop()
    received = Counter(r for m in server.messages for r in m.rcpt_tos)
    assert len(received) == 20 and set(received.values()) == {2}  # one per campaign, no more
    for name in ("Premier", "Second"):
        (run,) = campaigns.list_runs(db, name)
        assert run.status == "done" and run.scheduled_for is not None
