"""The schedule strip: the next sends, missed sends to send or dismiss, the standby notice; and the
sending bridge's "missed" and "schedule changed" signals, with the tray's notification."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.sending.campaigns import (
    CampaignInput,
    create_campaign,
    get_campaign,
    list_runs,
    record_missed,
    start_campaign,
    update_campaign,
)
from app.sending.engine import SenderEvent
from tests.ui.conftest import wait_idle
from ui.context import Changes
from ui.resources import icon
from ui.sending import SendingBridge
from ui.tray import Tray, local_time_text
from ui.widgets.schedule_strip import ScheduleStrip

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class FakeSender:
    """A sender that sends nothing; its events come from a thread, as the real one's do."""

    def __init__(self, db_url: str, home: Path, *, on_event: Any) -> None:
        self.on_event = on_event
        self.woken = 0

    def start(self) -> None:
        pass

    def wake(self) -> None:
        self.woken += 1

    def stop(self, timeout: float = 10.0) -> None:
        pass

    def emit_from_thread(self, event: SenderEvent) -> None:
        thread = threading.Thread(target=self.on_event, args=(event,))
        thread.start()
        thread.join()


@pytest.fixture
def tray(qtbot):  # type: ignore[no-untyped-def]
    tray = Tray(icon("facteur"))
    tray.notices = []  # type: ignore[attr-defined]
    tray.notify = lambda title, message: tray.notices.append((title, message))  # type: ignore[method-assign, attr-defined]
    yield tray
    tray.deleteLater()


@pytest.fixture
def bridge(qtbot, ctx, tray):  # type: ignore[no-untyped-def]
    senders: list[FakeSender] = []

    def factory(db_url: str, home: Path, *, on_event: Any) -> FakeSender:
        senders.append(FakeSender(db_url, home, on_event=on_event))
        return senders[-1]

    bridge = SendingBridge(ctx, tray, sender_factory=factory)
    bridge.start()
    bridge.fake = senders[0]  # type: ignore[attr-defined]
    ctx.sending = bridge
    yield bridge
    wait_idle(qtbot, ctx)
    bridge.stop()
    ctx.sending = None


def _schedule(ctx, name: str, *, at: datetime | None = None, cron: str = "") -> None:  # type: ignore[no-untyped-def]
    create_campaign(
        ctx.db,
        CampaignInput(
            name=name,
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            scheduled_at=at,
            cron=cron,
        ),
    )
    start_campaign(ctx.db, name)


def _strip(qtbot, ctx, **options: Any) -> ScheduleStrip:  # type: ignore[no-untyped-def]
    strip = ScheduleStrip(ctx, **options)
    qtbot.addWidget(strip)
    qtbot.waitUntil(lambda: strip.state is not None, timeout=5000)
    return strip


def test_nothing_scheduled(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    strip = _strip(qtbot, ctx)
    assert strip.next_label.text() == "No scheduled sends"
    assert strip.missed_button.isHidden() and strip.standby_label.isHidden()
    wait_idle(qtbot, ctx)


def test_the_next_three_sends_are_named_in_local_time(qtbot, ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC).replace(microsecond=0)
    for days, name in ((4, "Quatre"), (1, "Un"), (3, "Trois"), (2, "Deux")):
        _schedule(ctx, name, at=now + timedelta(days=days, hours=1))
    strip = _strip(qtbot, ctx)

    expected = "; ".join(
        f"{name} — {local_time_text(now + timedelta(days=days, hours=1))}"
        for days, name in ((1, "Un"), (2, "Deux"), (3, "Trois"))
    )
    assert strip.next_label.text() == f"Next: {expected}"
    assert strip.next_label.toolTip().splitlines()[3].startswith("Quatre — ")
    wait_idle(qtbot, ctx)


def test_recurring_sends_are_listed_too(qtbot, ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    _schedule(ctx, "Lundi", cron="0 9 * * mon")
    strip = _strip(qtbot, ctx)
    assert strip.next_label.text().startswith("Next: Lundi — ")
    assert strip.state is not None and strip.state.upcoming[0].recurring
    # The tooltip lists the next occurrences of the recurring campaign.
    assert strip.next_label.toolTip().count("Lundi — ") == 10
    wait_idle(qtbot, ctx)


def test_strip_follows_changes_on_the_bus_and_on_its_timer(qtbot, ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    strip = _strip(qtbot, ctx)
    assert strip.next_label.text() == "No scheduled sends"
    _schedule(ctx, "Bus", at=datetime.now(UTC) + timedelta(days=1))
    ctx.bus.notify(Changes(campaigns=True))
    qtbot.waitUntil(lambda: strip.next_label.text().startswith("Next: Bus — "), timeout=5000)

    ticking = _strip(qtbot, ctx, refresh_ms=50)
    # Written behind the strips' backs (another desktop, the CLI): the timer notices.
    _schedule(ctx, "Avant", at=datetime.now(UTC) + timedelta(hours=2))
    qtbot.waitUntil(lambda: ticking.next_label.text().startswith("Next: Avant — "), timeout=5000)
    wait_idle(qtbot, ctx)


def test_missed_sends_can_be_sent_now_or_dismissed(qtbot, ctx, mail_world, bridge) -> None:  # type: ignore[no-untyped-def]
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=5)
    _schedule(ctx, "Noël", at=datetime.now(UTC) + timedelta(days=1))
    _schedule(ctx, "Rentrée", at=datetime.now(UTC) + timedelta(days=1))
    record_missed(ctx.db, get_campaign(ctx.db, "Noël").id, due)
    record_missed(ctx.db, get_campaign(ctx.db, "Rentrée").id, due - timedelta(hours=1))
    strip = _strip(qtbot, ctx)

    assert strip.missed_button.isVisibleTo(strip)
    assert strip.missed_button.text().startswith("2 missed send")
    titles = [a.text() for a in strip.missed_menu.actions()]
    assert titles == [
        f"Noël — due {local_time_text(due)}",
        f"Rentrée — due {local_time_text(due - timedelta(hours=1))}",
    ]
    noel, rentree = (r.id for r in strip.state.missed)
    send, _dismiss = strip.missed_actions[noel]
    assert send.text() == "Send now"

    send.trigger()
    qtbot.waitUntil(lambda: strip.state is not None and len(strip.state.missed) == 1, timeout=5000)
    assert bridge.fake.woken >= 1  # the sender was told at once
    assert get_campaign(ctx.db, "Noël").status == "sending"
    assert list_runs(ctx.db, "Noël")[0].counts.total == 4
    assert strip.missed_button.text().startswith("1 missed send")

    _send, dismiss = strip.missed_actions[rentree]
    dismiss.trigger()
    qtbot.waitUntil(lambda: strip.missed_button.isHidden(), timeout=5000)
    assert [r.status for r in list_runs(ctx.db, "Rentrée")] == ["skipped"]
    wait_idle(qtbot, ctx)


def test_a_missed_event_notifies_and_refreshes_the_strip(
    qtbot, ctx, mail_world, bridge, tray
) -> None:  # type: ignore[no-untyped-def]
    _schedule(ctx, "Noël", at=datetime.now(UTC) + timedelta(days=1))
    strip = _strip(qtbot, ctx)
    assert strip.missed_button.isHidden()
    due = datetime(2024, 12, 24, 8, 0, tzinfo=UTC)
    record_missed(ctx.db, get_campaign(ctx.db, "Noël").id, due)

    with qtbot.waitSignal(bridge.sig_run_missed, timeout=5000) as missed:
        bridge.fake.emit_from_thread(SenderEvent("missed", "Noël", due.isoformat()))

    assert missed.args == ["Noël", due]
    assert tray.notices[-1] == (
        "Missed send",
        f"“Noël” was due at {local_time_text(due)} while Facteur was not running. "
        "Send it or dismiss it from the bar at the bottom of the window.",
    )
    qtbot.waitUntil(lambda: strip.missed_button.isVisibleTo(strip), timeout=5000)
    wait_idle(qtbot, ctx)


def test_standing_by_says_who_sends(qtbot, ctx, bridge) -> None:  # type: ignore[no-untyped-def]
    strip = _strip(qtbot, ctx)
    assert strip.standby_label.isHidden()
    with qtbot.waitSignal(bridge.sig_runner_changed, timeout=5000):
        bridge.fake.emit_from_thread(SenderEvent("standby", "", "daemon on serveur (pid 42)"))
    assert strip.standby_label.isVisibleTo(strip)
    assert strip.standby_label.text() == (
        "Sending is done by daemon on serveur (pid 42): it goes on when Facteur is closed."
    )
    with qtbot.waitSignal(bridge.sig_runner_changed, timeout=5000):
        bridge.fake.emit_from_thread(SenderEvent("active", ""))
    assert strip.standby_label.isHidden()
    wait_idle(qtbot, ctx)


def test_bridge_says_when_a_schedule_changed(qtbot, ctx, mail_world, bridge) -> None:  # type: ignore[no-untyped-def]
    _schedule(ctx, "Lundi", cron="0 9 * * mon")
    wait_idle(qtbot, ctx)
    bridge.poll()
    wait_idle(qtbot, ctx)
    with qtbot.assertNotEmitted(bridge.sig_schedule_changed):
        bridge.poll()  # nothing changed
        wait_idle(qtbot, ctx)

    data = get_campaign(ctx.db, "Lundi")
    update_campaign(
        ctx.db,
        "Lundi",
        CampaignInput(
            name="Lundi",
            template="Soldes",
            account="Local",
            include=list(data.include),
            cron="0 10 * * tue",
        ),
    )
    with qtbot.waitSignal(bridge.sig_schedule_changed, timeout=5000):
        bridge.poll()
    wait_idle(qtbot, ctx)
