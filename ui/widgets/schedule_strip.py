"""The schedule strip at the bottom of the main window: the next scheduled sends, the missed ones
to act on (send now or dismiss), and who sends when another process holds the database.

The state is read in the background (``ui.sending.load_schedule``: a few small queries) every
30 seconds, when the campaigns change, and when the sending bridge says something moved (a missed
send, a schedule that changed, another process taking over the sending). The last state read is
kept in ``state``: the quit warning (``confirm_quit``, asked by the main window) uses it without
touching the database.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)

from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.campaigns import CampaignData, dismiss_missed_run, send_missed_run
from ui.context import AppContext, Changes
from ui.errors import show_error
from ui.sending import QuitAdvice, ScheduleState, load_schedule, quit_advice
from ui.tasks import Op
from ui.tray import local_time_text

REFRESH_MS = 30_000
SHOWN = 3  # upcoming sends named in the strip (the tooltip lists more)
MISSED_STYLE = "QToolButton#scheduleMissed { color: #b26a00; font-weight: bold; }"


class ScheduleStrip(QWidget):
    """Next scheduled sends, missed sends with Send now / Dismiss, and the standby notice."""

    sig_state_changed = Signal(object)
    """A new ``ScheduleState`` was read."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, refresh_ms: int = REFRESH_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("scheduleStrip")
        #: The last state read (``None`` before the first read).
        self.state: ScheduleState | None = None
        #: Missed run id -> its (Send now, Dismiss) actions in the menu.
        self.missed_actions: dict[int, tuple[QAction, QAction]] = {}
        self._loading = False
        self._load_again = False
        #: The quit warning is open.
        self.asking_quit = False

        self.next_label = QLabel(self)
        self.next_label.setObjectName("scheduleNext")
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.standby_label = QLabel(self)
        self.standby_label.setObjectName("scheduleStandby")
        self.standby_label.setTextFormat(Qt.TextFormat.PlainText)
        self.standby_label.setVisible(False)
        self.missed_menu = QMenu(self)
        self.missed_button = QToolButton(self)
        self.missed_button.setObjectName("scheduleMissed")
        self.missed_button.setStyleSheet(MISSED_STYLE)
        self.missed_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.missed_button.setMenu(self.missed_menu)
        self.missed_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.missed_button.setAutoRaise(True)
        self.missed_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.next_label, 1)
        layout.addWidget(self.standby_label)
        layout.addWidget(self.missed_button)

        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        bridge = ctx.sending
        if bridge is not None:
            bridge.sig_schedule_changed.connect(self._on_sending_schedule_changed)
            bridge.sig_run_missed.connect(self._on_sending_run_missed)
            bridge.sig_campaign_finished.connect(self._on_sending_campaign_finished)
            bridge.sig_runner_changed.connect(self._on_sending_runner_changed)
        self._show_standby()
        self.refresh()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the schedule again in the background (one read at a time)."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        db = self.ctx.db
        Op(self, lambda: load_schedule(db)).success(self._on_schedule_loaded).failure(
            self._on_schedule_load_failed
        ).run_in_background("io")

    def _on_schedule_loaded(self, state: ScheduleState) -> None:
        self._loading = False
        self.state = state
        self._show_state(state)
        self.sig_state_changed.emit(state)
        self._read_again_if_asked()

    def _on_schedule_load_failed(self, exc: BaseException) -> None:
        # A passing fault (database busy, share gone): the next tick tries again.
        self._loading = False
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "reading the schedule")
        self._read_again_if_asked()

    def _read_again_if_asked(self) -> None:
        if self._load_again:
            self._load_again = False
            self.refresh()

    def _on_timer_timeout(self) -> None:
        self.refresh()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.campaigns:
            self.refresh()

    def _on_sending_schedule_changed(self) -> None:
        self.refresh()

    def _on_sending_run_missed(self, _name: str, _when: object) -> None:
        self.refresh()

    def _on_sending_campaign_finished(self, _name: str) -> None:
        self.refresh()

    def _on_sending_runner_changed(self, _holder: str) -> None:
        self._show_standby()
        self.refresh()

    # --- showing -------------------------------------------------------------------------------

    def _show_state(self, state: ScheduleState) -> None:
        if state.upcoming:
            sends = "; ".join(
                self.tr("{campaign} — {time}").format(
                    campaign=u.campaign, time=local_time_text(u.when)
                )
                for u in state.upcoming[:SHOWN]
            )
            self.next_label.setText(self.tr("Next: {sends}").format(sends=sends))
        else:
            self.next_label.setText(self.tr("No scheduled sends"))
        lines = [
            self.tr("{campaign} — {time}").format(campaign=u.campaign, time=local_time_text(u.when))
            for u in state.upcoming
        ]
        if state.sequence_due is not None:
            lines.append(
                self.tr("Next sequence step: {time}").format(
                    time=local_time_text(state.sequence_due)
                )
            )
        self.next_label.setToolTip("\n".join(lines))
        self._show_missed(state)

    def _show_missed(self, state: ScheduleState) -> None:
        self.missed_menu.clear()
        self.missed_actions.clear()
        count = len(state.missed)
        self.missed_button.setVisible(count > 0)
        if not count:
            return
        self.missed_button.setText(self.tr("%n missed send(s)", "", count))
        self.missed_button.setToolTip(
            self.tr(
                "These scheduled sends were due while Facteur was not running, and later than "
                "the grace period set in Settings. Send each now, or dismiss it."
            )
        )
        for run in state.missed:
            title = (
                self.tr("{campaign} — due {time}").format(
                    campaign=run.campaign, time=local_time_text(run.scheduled_for)
                )
                if run.scheduled_for is not None
                else run.campaign
            )
            sub = self.missed_menu.addMenu(title)
            send = sub.addAction(self.tr("Send now"))
            dismiss = sub.addAction(self.tr("Dismiss"))
            run_id = run.id
            send.triggered.connect(lambda _checked=False, r=run_id: self.send_now(r))
            dismiss.triggered.connect(lambda _checked=False, r=run_id: self.dismiss(r))
            self.missed_actions[run_id] = (send, dismiss)

    def _show_standby(self) -> None:
        holder = self.ctx.sending.standby_holder if self.ctx.sending is not None else ""
        self.standby_label.setVisible(bool(holder))
        if holder:
            self.standby_label.setText(
                self.tr("Sending is done by {who}: it goes on when Facteur is closed.").format(
                    who=holder
                )
            )

    # --- acting on missed sends ----------------------------------------------------------------

    def send_now(self, run_id: int) -> None:
        """Send a missed occurrence now, then wake the sender."""
        db = self.ctx.db
        Op(self, lambda: send_missed_run(db, run_id)).success(self._on_missed_run_sent).failure(
            lambda exc: show_error(self, exc)
        ).run_in_background("db")

    def _on_missed_run_sent(self, _campaign: CampaignData) -> None:
        if self.ctx.sending is not None:
            self.ctx.sending.wake()
        self.ctx.bus.notify(Changes(campaigns=True, messages=True))

    def dismiss(self, run_id: int) -> None:
        """Leave a missed occurrence unsent (kept in the campaign's history as skipped)."""
        db = self.ctx.db
        Op(self, lambda: dismiss_missed_run(db, run_id)).success(
            lambda _: self.ctx.bus.notify(Changes(campaigns=True))
        ).failure(lambda exc: show_error(self, exc)).run_in_background("db")

    # --- quitting ------------------------------------------------------------------------------

    def quit_advice(self) -> QuitAdvice:
        """What quitting now would leave undone, from the last state read."""
        bridge = self.ctx.sending
        if bridge is None:
            return quit_advice(self.state, runner=False)
        return quit_advice(
            self.state,
            runner=bool(bridge.running),
            holder=bridge.standby_holder,
            sending=[c.name for c in bridge.sending],
        )

    def confirm_quit(self) -> bool:
        """Whether to quit: asks first when this process sends and scheduled work is pending.

        When a daemon (or another desktop) holds the database and work is scheduled, it says
        that the scheduled sends go on there (Quit is the default).
        """
        advice = self.quit_advice()
        if advice.inform:
            return self._inform_quit(advice)
        if not advice.warn:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Quit Facteur?"), "", parent=self.window()
        )
        box.setObjectName("quitWarning")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.quit_warning_text(advice))
        quit_button = box.addButton(self.tr("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
        quit_button.setObjectName("quitAnyway")
        keep = box.addButton(self.tr("Keep running"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepRunning")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        return self._asked_to_quit(box, quit_button)

    def _inform_quit(self, advice: QuitAdvice) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Quit Facteur?"), "", parent=self.window()
        )
        box.setObjectName("quitInformation")
        box.setTextFormat(Qt.TextFormat.PlainText)
        text = self.tr(
            "Scheduled sends go on while Facteur is closed here: {holder} sends for this database."
        ).format(holder=advice.holder)
        if advice.upcoming:
            first = advice.upcoming[0]
            text += "\n" + self.tr("Next: {campaign} — {time}").format(
                campaign=first.campaign, time=local_time_text(first.when)
            )
        box.setText(text)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        quit_button.setObjectName("quitNow")
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelQuit")
        box.setDefaultButton(quit_button)
        box.setEscapeButton(cancel)
        return self._asked_to_quit(box, quit_button)

    def _asked_to_quit(self, box: QMessageBox, quit_button: QAbstractButton) -> bool:
        """Show ``box`` (modal); whether the user chose ``quit_button``."""
        self.asking_quit = True
        try:
            box.exec()
            return box.clickedButton() is quit_button
        finally:
            self.asking_quit = False
            box.deleteLater()

    def quit_warning_text(self, advice: QuitAdvice) -> str:
        """The quit warning: what will not go out until Facteur is opened again."""
        lines = [self.tr("These scheduled sends will not go out until Facteur is opened again:")]
        lines += [
            "• "
            + self.tr(
                "“{campaign}”, sending now: it stops, and goes on when Facteur is opened again"
            ).format(campaign=name)
            for name in advice.sending
        ]
        for u in advice.upcoming:
            line = self.tr("{campaign} — {time}").format(
                campaign=u.campaign, time=local_time_text(u.when)
            )
            if u.recurring:
                line += " " + self.tr("(recurring)")
            lines.append("• " + line)
        if advice.sequence_due is not None:
            lines.append(
                "• "
                + self.tr("Sequence mails, the next one due {time}").format(
                    time=local_time_text(advice.sequence_due)
                )
            )
        lines.append("")
        if advice.grace_seconds > 0:
            lines.append(
                self.tr(
                    "A send missed by less than {delay} still goes out when Facteur is opened "
                    "again; later ones wait at the bottom of the window for you to send or dismiss."
                ).format(delay=self.delay_text(advice.grace_seconds))
            )
        else:
            lines.append(
                self.tr("Missed sends wait at the bottom of the window for you to send or dismiss.")
            )
        lines.append(
            self.tr(
                "To keep them going, keep Facteur running, or turn on “Start Facteur when I log "
                "in” in Settings."
            )
        )
        return "\n".join(lines)

    def delay_text(self, seconds: int) -> str:
        """A delay in whole hours when it is one, else in minutes."""
        if seconds % 3600 == 0:
            return self.tr("%n hour(s)", "", seconds // 3600)
        return self.tr("%n minute(s)", "", max(1, round(seconds / 60)))
