"""The history of a campaign: one row per run (each occurrence of a recurring campaign), with its
outcome; an occurrence missed while nothing ran can be sent now or dismissed.

The runs are read in the background, again whenever campaigns or messages change (a send moving
on, a missed occurrence sent); the actions go through the database pool like the page's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.sending.campaigns import (
    CampaignData,
    RunData,
    dismiss_missed_run,
    list_runs,
    send_missed_run,
)
from ui.context import AppContext, Changes
from ui.cron_words import schedule_text
from ui.errors import error_text, show_error
from ui.models.item_list_model import Index, ItemListModel
from ui.pages.campaigns_page import campaign_status_text, local_time_text
from ui.tasks import Op
from ui.widgets.charts import percent_text, ratio
from ui.widgets.tables import ask_yes_no, row_table

RUN_ROLE = Qt.ItemDataRole.UserRole + 1
UNSENT_STATUSES = frozenset({"missed", "skipped"})  # nothing ran: no start or end to show


def run_status_text(status: str) -> str:
    """A run's status as the user reads it."""
    if status == "skipped":
        return QCoreApplication.translate("RunStatus", "Dismissed")
    return campaign_status_text(status)  # sending, paused, done, cancelled, missed


class RunsModel(ItemListModel):
    """A campaign's runs, newest first; ``RUN_ROLE`` is the ``RunData``."""

    (
        OCCURRENCE,
        STATUS,
        SENT,
        FAILED,
        SUPPRESSED,
        OPENED,
        CLICKED,
        BOUNCED,
        UNSUBSCRIBED,
        STARTED,
        FINISHED,
    ) = range(11)
    COLUMN_COUNT = 11
    _NUMBERS = (SENT, FAILED, SUPPRESSED, OPENED, CLICKED, BOUNCED, UNSUBSCRIBED)
    _FIGURES = (OPENED, CLICKED, BOUNCED, UNSUBSCRIBED)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles = (
            self.tr("Occurrence"),
            self.tr("Status"),
            self.tr("Sent"),
            self.tr("Failed"),
            self.tr("Not sent"),
            self.tr("Opened"),
            self.tr("Clicked"),
            self.tr("Bounced"),
            self.tr("Unsubscribed"),
            self.tr("Started"),
            self.tr("Finished"),
        )
        self._figures: dict[int, Any] = {}  # run id -> app.stats.service.RunFigures

    def set_runs(self, runs: Sequence[RunData], figures: Sequence[Any]) -> None:
        """The runs, with the figures of the tracking (``RunFigures``, by run id)."""
        self._figures = {f.run_id: f for f in figures}
        self.set_items(runs)

    def figures(self, run_id: int) -> Any | None:
        return self._figures.get(run_id)

    def run(self, row: int) -> RunData:
        return self._items[row]

    def row_of(self, run_id: int) -> int:
        return self.row_where(lambda r: r.id == run_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        run: RunData | None = self.item_at(index)
        if run is None:
            return None
        column = index.column()
        if role == RUN_ROLE:
            return run
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(run, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in self._FIGURES:
            return self._figures_tooltip(run, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            if run.status == "missed":
                return self.tr(
                    "Not sent: Facteur was not running at that time (computer off or asleep). "
                    "Send it now, or dismiss it."
                )
            if run.status == "skipped":
                return self.tr("Missed, and left unsent.")
        return None

    def _display(self, run: RunData, column: int) -> str:
        counts, locale = run.counts, QLocale()
        unsent = run.status in UNSENT_STATUSES
        if column == self.OCCURRENCE:
            return local_time_text(run.scheduled_for or run.started_at)
        if column == self.STATUS:
            return run_status_text(run.status)
        if column == self.SENT:
            if not counts.total:
                return ""
            return self.tr("{sent} / {total}").format(
                sent=locale.toString(counts.sent), total=locale.toString(counts.total)
            )
        if column == self.FAILED:
            return locale.toString(counts.failed) if counts.total else ""
        if column == self.SUPPRESSED:
            return locale.toString(counts.suppressed) if counts.total else ""
        if column in self._FIGURES:
            return self._figures_text(run, column, locale)
        if column == self.STARTED:
            return "" if unsent else local_time_text(run.started_at)
        if column == self.FINISHED:
            return "" if unsent else local_time_text(run.finished_at)
        return ""

    def _figures_text(self, run: RunData, column: int, locale: QLocale) -> str:
        figures = self._figures.get(run.id)
        if figures is None or run.status in UNSENT_STATUSES:
            return ""
        t = figures.totals
        if column == self.OPENED:
            return percent_text(ratio(t.unique_opened, t.sent), locale)
        if column == self.CLICKED:
            return percent_text(ratio(t.unique_clicked, t.sent), locale)
        if column == self.BOUNCED:
            return locale.toString(t.bounced)
        return locale.toString(t.unsubscribed)

    def _figures_tooltip(self, run: RunData, column: int) -> str | None:
        figures = self._figures.get(run.id)
        if figures is None or run.status in UNSENT_STATUSES:
            return None
        t, locale = figures.totals, QLocale()
        if column == self.OPENED:
            return self.tr("{count} people opened").format(count=locale.toString(t.unique_opened))
        if column == self.CLICKED:
            return self.tr("{count} people clicked").format(count=locale.toString(t.unique_clicked))
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == self.SUPPRESSED:
            return self.tr("Contacts left out: unsubscribed, bounced or complained.")
        if role == Qt.ItemDataRole.ToolTipRole and section == self.OPENED:
            return self.tr("Open rate: the share of mail sent opened at least once.")
        if role == Qt.ItemDataRole.ToolTipRole and section == self.CLICKED:
            return self.tr("Click rate: the share of mail sent with at least one link clicked.")
        return None


class CampaignRunsDialog(QDialog):
    """The runs of one campaign; "Send now" and "Dismiss" for a missed one."""

    def __init__(
        self, ctx: AppContext, campaign: CampaignData, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign = campaign
        self._generation = 0
        self.loaded = False
        self.busy = False
        self.setObjectName("campaignRunsDialog")
        self.setWindowTitle(self.tr("History of “{name}”").format(name=campaign.name))
        self.resize(1100, 420)

        self.schedule_label = QLabel(self.schedule_text(campaign))
        self.schedule_label.setObjectName("runsSchedule")
        self.schedule_label.setWordWrap(True)
        self.model = RunsModel(self)
        self.table = row_table(self, "runsTable", self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 100, 90, 70, 80, 80, 80, 80, 100, 150)):
            self.table.setColumnWidth(column, width)
        self.empty_label = QLabel(self.tr("Nothing has been sent yet."))
        self.empty_label.setObjectName("runsEmpty")
        self.empty_label.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("runsMessage")
        self.message.setWordWrap(True)

        self.send_button = QPushButton(self.tr("Send now"))
        self.send_button.setObjectName("runSend")
        self.send_button.setToolTip(self.tr("Send this occurrence now, to the audience of today."))
        self.send_button.clicked.connect(self._on_send_clicked)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setObjectName("runDismiss")
        self.dismiss_button.setToolTip(self.tr("Leave this occurrence unsent."))
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self.report_button = QPushButton(self.tr("Report…"))
        self.report_button.setObjectName("runsReport")
        self.report_button.setToolTip(self.tr("The campaign's figures, to export as PDF or CSV."))
        self.report_button.clicked.connect(self._on_report_clicked)
        self.report_dialog: QWidget | None = None
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.schedule_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._update_buttons)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._update_buttons()
        self.reload()

    def schedule_text(self, campaign: CampaignData) -> str:
        """How the campaign sends, above its runs."""
        if campaign.recurring:
            return schedule_text(campaign.cron, campaign.timezone)
        if campaign.scheduled_at is not None:
            return self.tr("Sent once, on {when}.").format(
                when=local_time_text(campaign.scheduled_at)
            )
        return self.tr("Sent once.")

    # --- loading -------------------------------------------------------------------------------

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.campaigns or changes.messages:
            self.reload()

    def reload(self) -> None:
        """Read the runs again in the background (a newer read supersedes an older one)."""
        self._generation += 1
        generation = self._generation
        db, name = self.ctx.db, self.campaign.name

        def work() -> tuple[list[RunData], list[Any]]:
            from app.stats.service import run_figures

            return list_runs(db, name), run_figures(db, name)

        Op(self, work).success(lambda found: self._on_load_succeeded(generation, *found)).failure(
            lambda exc: self._on_load_failed(generation, exc)
        ).run_in_background("io")

    def _on_load_succeeded(
        self, generation: int, runs: Sequence[RunData], figures: Sequence[Any] = ()
    ) -> None:
        if generation != self._generation:
            return
        current = self.selected()
        self.model.set_runs(runs, figures)
        if current is not None and self.model.row_of(current.id) >= 0:
            self.table.selectRow(self.model.row_of(current.id))
        self.empty_label.setVisible(not runs)
        self.loaded = True
        self._update_buttons()

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            # Deleted or renamed meanwhile, most likely: said here, not in a second dialog.
            self.message.setText(error_text(exc))

    # --- selection -----------------------------------------------------------------------------

    def selected(self) -> RunData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.run(rows[0].row()) if rows else None

    def select(self, run_id: int) -> None:
        row = self.model.row_of(run_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self.selected()
        missed = run is not None and run.status == "missed" and not self.busy
        self.send_button.setEnabled(missed)
        self.dismiss_button.setEnabled(missed)

    # --- actions -------------------------------------------------------------------------------

    def _on_report_clicked(self) -> None:
        self.open_report()

    def open_report(self) -> QWidget:
        """The campaign's report, deleted when closed."""
        from ui.dialogs.campaign_report_dialog import CampaignReportDialog

        dialog = CampaignReportDialog(self.ctx, self.campaign.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.report_dialog = dialog
        return dialog

    def confirm(self, title: str, text: str) -> bool:
        """Ask the user (tests replace this method)."""
        return ask_yes_no(self, title, text)

    def _run(self, fn: Callable[[], Any], done: Callable[[], None], *, wake: bool) -> None:
        self.busy = True
        self._update_buttons()

        def succeeded(_result: Any) -> None:
            self.busy = False
            self.ctx.bus.notify(Changes(campaigns=True, messages=True))  # reloads the runs too
            if wake and self.ctx.sending is not None:
                self.ctx.sending.wake()
            done()
            self._update_buttons()

        Op(self, fn).success(succeeded).failure(self._on_action_failed).run_in_background("db")

    def _on_action_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.message.clear()
        self.reload()
        show_error(self, exc)

    def _on_send_clicked(self) -> None:
        run = self.selected()
        if run is None or run.status != "missed":
            return
        when = local_time_text(run.scheduled_for)
        question = self.tr(
            "Send the occurrence of {when} of “{name}” now? It goes to the audience of today."
        ).format(when=when, name=self.campaign.name)
        if not self.confirm(self.tr("Send a missed occurrence"), question):
            return
        db, run_id = self.ctx.db, run.id
        self.message.setText(self.tr("Sending the occurrence of {when}…").format(when=when))
        self._run(lambda: send_missed_run(db, run_id), lambda: None, wake=True)

    def _on_dismiss_clicked(self) -> None:
        run = self.selected()
        if run is None or run.status != "missed":
            return
        when = local_time_text(run.scheduled_for)
        question = self.tr(
            "Leave the occurrence of {when} of “{name}” unsent? It stays in the history."
        ).format(when=when, name=self.campaign.name)
        if not self.confirm(self.tr("Dismiss a missed occurrence"), question):
            return
        db, run_id = self.ctx.db, run.id
        self._run(
            lambda: dismiss_missed_run(db, run_id),
            lambda: self.message.setText(
                self.tr("The occurrence of {when} was dismissed.").format(when=when)
            ),
            wake=False,
        )
