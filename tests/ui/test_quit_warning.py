"""Quitting with scheduled work pending: the decision (a plain function) and the warning dialog
(tray Quit, or closing the window with no tray), which a daemon holding the database makes moot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.sending.campaigns import CampaignInput, Upcoming, create_campaign, start_campaign
from app.sending.engine import SenderEvent
from tests.ui.conftest import wait_idle
from ui.main_window import MainWindow
from ui.resources import icon
from ui.sending import ScheduleState, SendingBridge, load_schedule, quit_advice
from ui.tray import Tray, local_time_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SOON = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


def _upcoming(count: int) -> tuple[Upcoming, ...]:
    return tuple(
        Upcoming(f"C{i}", SOON + timedelta(days=i), False, "", "Europe/Paris") for i in range(count)
    )


# --- the decision ------------------------------------------------------------------------------


def test_a_daemon_holding_the_database_means_no_warning() -> None:
    state = ScheduleState(upcoming=_upcoming(2), sequence_due=SOON)
    advice = quit_advice(state, runner=False, holder="the daemon on serveur (pid 7)")
    assert not advice.warn and advice.holder == "the daemon on serveur (pid 7)"
    assert advice.inform  # only a word that the scheduled sends go on there
    assert not quit_advice(ScheduleState(), runner=False, holder="the daemon").inform


def test_no_warning_when_this_process_does_not_send_or_nothing_is_pending() -> None:
    state = ScheduleState(upcoming=_upcoming(2))
    assert not quit_advice(state, runner=False).warn
    assert not quit_advice(ScheduleState(), runner=True).warn
    assert not quit_advice(None, runner=True).warn  # not read yet: nothing known to lose


def test_pending_sends_sequences_or_a_send_in_progress_warn() -> None:
    advice = quit_advice(ScheduleState(upcoming=_upcoming(8), grace_seconds=600), runner=True)
    assert advice.warn
    assert [u.campaign for u in advice.upcoming] == ["C0", "C1", "C2", "C3", "C4"]
    assert advice.grace_seconds == 600
    only_sequences = quit_advice(ScheduleState(sequence_due=SOON), runner=True)
    assert only_sequences.warn and only_sequences.sequence_due == SOON
    sending = quit_advice(ScheduleState(), runner=True, sending=["Noël"])
    assert sending.warn and sending.sending == ("Noël",)


def test_load_schedule_reads_the_next_sequence_step(ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.automation import sequences

    assert load_schedule(ctx.db) == ScheduleState()  # an empty database: nothing pending
    naive = datetime(2030, 1, 7, 8, 0)
    monkeypatch.setattr(sequences, "next_due", lambda db: naive)
    assert load_schedule(ctx.db).sequence_due == naive.replace(tzinfo=UTC)
    monkeypatch.delattr(sequences, "next_due")
    assert load_schedule(ctx.db).sequence_due is None


# --- the dialog --------------------------------------------------------------------------------


class FakeSender:
    def __init__(self, db_url: str, home: Path, *, on_event: Any) -> None:
        self.on_event = on_event

    def start(self) -> None:
        pass

    def wake(self) -> None:
        pass

    def stop(self, timeout: float = 10.0) -> None:
        pass


def answer(monkeypatch: pytest.MonkeyPatch, button: str) -> list[str]:
    """Make ``QMessageBox.exec`` click ``button`` (an object name); returns the texts shown."""
    texts: list[str] = []

    def exec_(box: QMessageBox) -> int:
        texts.append(box.text())
        box.findChild(QPushButton, button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return texts


@pytest.fixture
def bridge(qtbot, ctx):  # type: ignore[no-untyped-def]
    senders: list[FakeSender] = []

    def factory(db_url: str, home: Path, *, on_event: Any) -> FakeSender:
        senders.append(FakeSender(db_url, home, on_event=on_event))
        return senders[-1]

    bridge = SendingBridge(ctx, None, sender_factory=factory)
    bridge.start()
    bridge.fake = senders[0]  # type: ignore[attr-defined]
    ctx.sending = bridge
    yield bridge
    wait_idle(qtbot, ctx)
    bridge.stop()
    ctx.sending = None


def _window(qtbot, ctx, tray: Tray | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, tray=tray)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.schedule_strip.state is not None, timeout=5000)
    return window


def _schedule_noel(ctx) -> datetime:  # type: ignore[no-untyped-def]
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    create_campaign(
        ctx.db,
        CampaignInput(
            name="Noël",
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            scheduled_at=at,
        ),
    )
    start_campaign(ctx.db, "Noël")
    return at


def test_closing_without_tray_warns_and_keep_running_keeps_the_window(
    qtbot, ctx, mail_world, bridge, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    at = _schedule_noel(ctx)
    window = _window(qtbot, ctx)
    keep = answer(monkeypatch, "keepRunning")

    with qtbot.assertNotEmitted(window.sig_quit_requested):
        window.close()

    assert window.isVisible()
    [text] = keep
    assert text.startswith("These scheduled sends will not go out until Facteur is opened again:")
    assert f"• Noël — {local_time_text(at)}" in text
    assert "A send missed by less than 1 hour" in text

    quit_anyway = answer(monkeypatch, "quitAnyway")
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000):
        window.close()
    assert len(quit_anyway) == 1
    wait_idle(qtbot, ctx)


def test_tray_quit_warns_and_keep_running_hides_to_the_tray(
    qtbot, ctx, mail_world, bridge, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _schedule_noel(ctx)
    tray = Tray(icon("facteur"))
    tray.icon.setVisible(True)
    window = _window(qtbot, ctx, tray)
    tray.sig_quit_requested.connect(window.request_quit)
    keep = answer(monkeypatch, "keepRunning")

    with qtbot.assertNotEmitted(window.sig_quit_requested):
        tray.quit_action.trigger()
    assert len(keep) == 1 and not window.isVisible()

    answer(monkeypatch, "quitAnyway")
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000):
        tray.quit_action.trigger()
    tray.hide()
    tray.deleteLater()
    wait_idle(qtbot, ctx)


def test_a_daemon_holding_the_database_is_named_on_quit(
    qtbot, ctx, mail_world, bridge, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _schedule_noel(ctx)
    window = _window(qtbot, ctx)
    with qtbot.waitSignal(bridge.sig_runner_changed, timeout=5000):
        thread = threading.Thread(
            target=bridge.fake.on_event,
            args=(SenderEvent("standby", "", "daemon on serveur (pid 42)"),),
        )
        thread.start()
        thread.join()
    # The strip says who keeps sending; quitting says it too, and quits by default.
    assert "daemon on serveur (pid 42)" in window.schedule_strip.standby_label.text()
    asked = answer(monkeypatch, "cancelQuit")
    window.request_quit()
    assert len(asked) == 1 and "daemon on serveur (pid 42)" in asked[0]
    assert "Scheduled sends go on" in asked[0] and window.isVisible()
    asked = answer(monkeypatch, "quitNow")
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000):
        window.request_quit()
    assert len(asked) == 1
    wait_idle(qtbot, ctx)


def test_nothing_pending_quits_without_asking(qtbot, ctx, bridge, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx)
    asked = answer(monkeypatch, "keepRunning")
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000):
        window.close()
    assert asked == []
    wait_idle(qtbot, ctx)


def test_warning_text_lists_sending_recurring_and_sequences(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.schedule_strip import ScheduleStrip

    strip = ScheduleStrip(ctx)
    qtbot.addWidget(strip)
    state = ScheduleState(
        upcoming=(Upcoming("Lundi", SOON, True, "0 9 * * mon", "Europe/Paris"),),
        sequence_due=SOON + timedelta(hours=1),
        grace_seconds=0,
    )
    text = strip.quit_warning_text(quit_advice(state, runner=True, sending=["Soldes"]))
    lines = text.splitlines()
    assert lines[1] == "• “Soldes”, sending now: it stops, and goes on when Facteur is opened again"
    assert lines[2] == f"• Lundi — {local_time_text(SOON)} (recurring)"
    assert lines[3] == (
        f"• Sequence mails, the next one due {local_time_text(SOON + timedelta(hours=1))}"
    )
    assert "Missed sends wait at the bottom of the window" in text
    assert strip.delay_text(5400).startswith("90 minute")
    assert strip.delay_text(7200).startswith("2 hour")
    wait_idle(qtbot, ctx)
