"""The sending bridge and the tray: sender events as signals on the GUI thread, progress in the
tooltip, notifications, and a GUI thread that keeps running while thousands of messages go out."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThread, QTimer

from app.sending.campaigns import CampaignInput, create_campaign, get_campaign, start_campaign
from app.sending.engine import SenderEvent
from tests.ui.conftest import add_people, wait_idle
from ui.context import Changes
from ui.resources import icon
from ui.sending import SendingBridge
from ui.tray import Tray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class ThreadedSender:
    """A stand-in sender whose events come from a thread of its own, as the real one's do."""

    def __init__(self, db_url: str, home: Path, *, on_event: Any) -> None:
        self.on_event = on_event
        self.started = self.stopped = False
        self.woken = 0

    def start(self) -> None:
        self.started = True

    def wake(self) -> None:
        self.woken += 1

    def stop(self, timeout: float = 10.0) -> None:
        self.stopped = True

    def emit_from_thread(self, event: SenderEvent) -> None:
        thread = threading.Thread(target=self.on_event, args=(event,))
        thread.start()
        thread.join()


@pytest.fixture
def tray(qtbot):  # type: ignore[no-untyped-def]
    """A real Tray (offscreen has no system tray: notifications are recorded, not shown)."""
    tray = Tray(icon("facteur"))
    tray.notices = []  # type: ignore[attr-defined]
    tray.notify = lambda title, message: tray.notices.append((title, message))  # type: ignore[method-assign, attr-defined]
    yield tray
    tray.deleteLater()


def _campaign(ctx, name: str = "Noël", include: tuple[str, ...] = ("list:Clients",)):  # type: ignore[no-untyped-def]
    create_campaign(
        ctx.db, CampaignInput(name=name, template="Soldes", account="Local", include=list(include))
    )
    return start_campaign(ctx.db, name)


def test_sender_events_reach_the_tray_on_the_gui_thread(qtbot, ctx, tray) -> None:  # type: ignore[no-untyped-def]
    senders: list[ThreadedSender] = []

    def factory(db_url: str, home: Path, *, on_event: Any) -> ThreadedSender:
        senders.append(ThreadedSender(db_url, home, on_event=on_event))
        return senders[-1]

    bridge = SendingBridge(ctx, tray, sender_factory=factory)
    bridge.start()
    sender = senders[0]
    assert sender.started and bridge.running
    threads: list[bool] = []
    gui = QCoreApplication.instance().thread()
    bridge.sig_campaign_finished.connect(lambda _n: threads.append(QThread.currentThread() == gui))

    with qtbot.waitSignal(bridge.sig_campaign_finished, timeout=5000) as finished:
        sender.emit_from_thread(SenderEvent("finished", "Noël", "done"))
    assert finished.args == ["Noël"] and threads == [True]
    with qtbot.waitSignal(bridge.sig_campaign_paused, timeout=5000) as paused:
        sender.emit_from_thread(
            SenderEvent("paused", "Noël", "The server refused the login or password.")
        )
    assert paused.args == ["Noël", "The server refused the login or password."]
    assert tray.notices == [
        ("Campaign sent", "Sending “Noël” is finished."),
        ("Campaign paused", "“Noël” was paused: The server refused the login or password."),
    ]
    bridge.wake()
    assert sender.woken == 1
    wait_idle(qtbot, ctx)
    bridge.stop()
    assert sender.stopped and not bridge.running and not bridge.polling


def test_tooltip_shows_the_progress_of_sending_campaigns(qtbot, ctx, mail_world, tray) -> None:  # type: ignore[no-untyped-def]
    # No sender: the campaign stays "sending" with its three messages queued.
    _campaign(ctx)
    bridge = SendingBridge(ctx, tray, sender_factory=ThreadedSender, poll_interval_ms=50)
    changes: list[Changes] = []
    ctx.bus.sig_changed.connect(changes.append)
    with qtbot.waitSignal(bridge.sig_progress_changed, timeout=5000) as progress:
        bridge.start()
    assert [c.name for c in progress.args[0]] == ["Noël"]
    # Three to send, one unsubscribed contact not sent: one of four done.
    assert tray.icon.toolTip() == "Facteur — sending “Noël”: 1 / 4"
    assert bridge.polling  # something is sending: followed every interval

    # Another process (here: the test) moves the counts on; the next poll sees it.
    from sqlalchemy import update

    from app.db.models import Message

    with ctx.db.session() as s:
        s.execute(update(Message).where(Message.status == "queued").values(status="sent"))
    qtbot.waitUntil(lambda: tray.icon.toolTip() == "Facteur — sending “Noël”: 4 / 4", timeout=5000)
    qtbot.waitUntil(lambda: Changes(campaigns=True, messages=True) in changes, timeout=5000)

    # Nothing sending any more: the tooltip is back to the name and polling stops.
    from app.sending.campaigns import pause_campaign

    pause_campaign(ctx.db, "Noël")
    qtbot.waitUntil(lambda: tray.icon.toolTip() == "Facteur", timeout=5000)
    qtbot.waitUntil(lambda: not bridge.polling, timeout=5000)
    bridge.stop()
    wait_idle(qtbot, ctx)


def test_real_send_finishes_with_a_notification(
    qtbot, ctx, mail_world, tray, start_sending
) -> None:  # type: ignore[no-untyped-def]
    bridge = start_sending(tray)
    _campaign(ctx)
    with qtbot.waitSignal(bridge.sig_campaign_finished, timeout=20_000) as finished:
        bridge.wake()
    assert finished.args == ["Noël"]
    assert sorted(m.rcpt_tos[0] for m in mail_world.messages) == [
        "anne@example.fr",
        "bruno@example.fr",
        "chloe@example.fr",
    ]
    assert ("Campaign sent", "Sending “Noël” is finished.") in tray.notices
    qtbot.waitUntil(lambda: get_campaign(ctx.db, "Noël").status == "done", timeout=5000)
    qtbot.waitUntil(lambda: tray.icon.toolTip() == "Facteur", timeout=5000)
    qtbot.waitUntil(lambda: not bridge.polling, timeout=5000)


def test_refused_login_pauses_with_the_reason(qtbot, ctx, tray, start_sending) -> None:  # type: ignore[no-untyped-def]
    from app.sending.accounts import AccountInput, create_account
    from app.sending.secrets import open_secret_store
    from app.templates.service import TemplateInput, create_template
    from tests.smtp_servers import SmtpServer

    with SmtpServer(auth={"shop": "the right one"}, auth_require_tls=False) as server:
        ctx.secrets = open_secret_store(ctx.paths.home)
        create_account(
            ctx.db,
            ctx.secrets,
            AccountInput(
                name="Local",
                kind="smtp",
                from_address="shop@example.fr",
                host=server.host,
                port=server.port,
                security="none",
                username="shop",
                allow_insecure_auth=True,
            ),
            secret="a wrong one",
        )
        create_template(ctx.db, TemplateInput(name="Soldes", subject="Soldes", html="<p>Hi</p>"))
        add_people(ctx, 3, list_name="Clients")
        bridge = start_sending(tray)
        _campaign(ctx)
        with qtbot.waitSignal(bridge.sig_campaign_paused, timeout=20_000) as paused:
            bridge.wake()
        name, reason = paused.args
        assert name == "Noël" and reason
        title, text = tray.notices[-1]
        assert title == "Campaign paused" and text == f"“Noël” was paused: {reason}"
        assert get_campaign(ctx.db, "Noël").status == "paused"
        assert server.messages == []
        bridge.stop()


@pytest.mark.slow
def test_gui_thread_keeps_running_during_a_big_send(qtbot, ctx, mail_world, start_sending) -> None:  # type: ignore[no-untyped-def]
    add_people(ctx, 3000, list_name="Clients")
    bridge = start_sending(None)
    _campaign(ctx)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    started = time.monotonic()
    try:
        with qtbot.waitSignal(bridge.sig_campaign_finished, timeout=120_000):
            bridge.wake()
    finally:
        timer.stop()
    elapsed = time.monotonic() - started
    assert len(mail_world.messages) == 3003
    assert get_campaign(ctx.db, "Noël").counts.sent == 3003
    worst = max(gaps)
    print(f"\n3003 messages in {elapsed:.1f} s; longest GUI gap {worst:.0f} ms")
    # Blocking the GUI thread on the send would stall it for seconds. The fine figure (target
    # 50 ms) is measured by bench/gui_send_bench.py: on a loaded 2-core machine (CI running
    # beside other work) this gap was seen at 527 ms with nothing wrong, so the test only
    # catches real blocking.
    assert worst < 1500, f"the GUI thread stalled {worst:.0f} ms"


def test_standing_by_while_a_daemon_sends_shows_in_the_tray(qtbot, ctx, tray) -> None:  # type: ignore[no-untyped-def]
    """A daemon holds the database: this desktop's sender stands by, and the tray says who sends."""
    from app.automation.lock import RunnerLock

    daemon = RunnerLock(ctx.db, "daemon-owner", "daemon")
    assert daemon.try_acquire()
    try:
        bridge = SendingBridge(ctx, tray)
        with qtbot.waitSignal(bridge.sig_runner_changed, timeout=10000) as changed:
            bridge.start()
        assert "daemon on" in changed.args[0]
        assert bridge.standby_holder == changed.args[0]
        assert tray.icon.toolTip().startswith("Facteur — sending is done by the daemon on ")
        # The daemon stops: the desktop takes over (its sender retries every few seconds).
        daemon.release()
        with qtbot.waitSignal(bridge.sig_runner_changed, timeout=15000) as changed:
            pass
        assert changed.args == [""] and tray.icon.toolTip() == "Facteur"
        wait_idle(qtbot, ctx)
        bridge.stop()
    finally:
        daemon.release()
