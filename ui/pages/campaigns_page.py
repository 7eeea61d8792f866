"""Campaigns: their status, progress and schedule (a date, or a recurring rule in words and its
next send), the wizard for a new one (or to change a draft or a scheduled one), and sending,
pausing, resuming, cancelling, deleting them, retrying their failures, sending a test, and the
history of their runs (where missed occurrences are sent or dismissed).

The list is loaded in the background, only while the page is visible (a change announced while it
is hidden is loaded when it is next shown); while a campaign sends, the sending bridge's progress
updates the rows in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QItemSelection,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.sending.campaigns import (
    CampaignData,
    PrecheckReport,
    cancel_campaign,
    delete_campaign,
    get_campaign,
    list_campaigns,
    pause_campaign,
    precheck,
    resume_campaign,
    retry_failed,
    start_campaign,
    test_send,
)
from ui.context import AppContext, Changes
from ui.cron_words import schedule_text
from ui.errors import show_error, translate_template
from ui.models.item_list_model import ItemListModel
from ui.tasks import Op
from ui.widgets.tables import ask_yes_no, row_table

_Index = QModelIndex | QPersistentModelIndex
CAMPAIGN_ROLE = Qt.ItemDataRole.UserRole + 1
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 2

# Which buttons each status allows (the services refuse the rest anyway).
SEND_STATUSES = frozenset({"draft"})
EDIT_STATUSES = frozenset({"draft", "scheduled"})  # changing a scheduled one makes it a draft
# Pausing a scheduled one-off makes it a draft; a recurring one is paused until resumed.
PAUSE_STATUSES = frozenset({"sending", "scheduled"})
RESUME_STATUSES = frozenset({"paused"})
CANCEL_STATUSES = frozenset({"scheduled", "sending", "paused"})
# A missed one is sent or dismissed from its history (dismissed, it is a draft again).
DELETE_STATUSES = frozenset({"draft", "scheduled", "paused", "done", "cancelled", "missed"})
RETRY_STATUSES = frozenset({"sending", "paused", "done", "cancelled"})


def campaign_status_text(status: str) -> str:
    """A campaign status as the user reads it (the one place they are translated)."""
    labels = {
        "draft": QCoreApplication.translate("CampaignStatus", "Draft"),
        "scheduled": QCoreApplication.translate("CampaignStatus", "Scheduled"),
        "sending": QCoreApplication.translate("CampaignStatus", "Sending"),
        "paused": QCoreApplication.translate("CampaignStatus", "Paused"),
        "done": QCoreApplication.translate("CampaignStatus", "Done"),
        "cancelled": QCoreApplication.translate("CampaignStatus", "Cancelled"),
        "missed": QCoreApplication.translate("CampaignStatus", "Missed"),
    }
    return labels.get(status, status)


def notice_text(notice: str) -> str:
    """A message of the core (a pre-send problem, a confirmation) in the interface language."""
    template = getattr(notice, "template", None)
    if isinstance(template, str):
        return translate_template(template, getattr(notice, "params", {}), str(notice))
    return translate_template(notice, {}, notice)


def local_time_text(when: datetime | None) -> str:
    """An aware datetime in local time, short format; ``""`` for none."""
    if when is None:
        return ""
    return QLocale().toString(QDateTime(when.astimezone()), QLocale.FormatType.ShortFormat)


class CampaignsModel(ItemListModel):
    """Campaigns with status, progress and schedule; ``CAMPAIGN_ROLE`` is the ``CampaignData``.

    The schedule column holds the date of a one-off campaign or a recurring one's rule in words;
    the next column, when it next sends (while it is scheduled).
    """

    NAME, STATUS, PROGRESS, SCHEDULED, NEXT, ERROR = range(6)
    COLUMN_COUNT = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles = (
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Progress"),
            self.tr("Scheduled"),
            self.tr("Next send"),
            self.tr("Last error"),
        )

    def set_campaigns(self, campaigns: Sequence[CampaignData]) -> None:
        new = list(campaigns)
        if [c.name for c in new] == [c.name for c in self._items]:
            # Same rows (counts moved): repaint, keeping the selection.
            self._items = new
            if new:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, self.ERROR))
            return
        self.beginResetModel()
        self._items = new
        self.endResetModel()

    def update_campaigns(self, campaigns: Sequence[CampaignData]) -> None:
        """Replace the rows of these campaigns (fresher counts), leaving the others."""
        rows = {c.name: i for i, c in enumerate(self._items)}
        for campaign in campaigns:
            row = rows.get(campaign.name)
            if row is not None:
                self._items[row] = campaign
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.ERROR))

    def campaigns(self) -> list[CampaignData]:
        return self.items()

    def campaign(self, row: int) -> CampaignData:
        return self._items[row]

    def row_of(self, name: str) -> int:
        return self.row_where(lambda c: c.name == name)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        campaign = self.item_at(index)
        if campaign is None:
            return None
        column = index.column()
        counts = campaign.counts
        if role == CAMPAIGN_ROLE:
            return campaign
        if role == FRACTION_ROLE:
            return counts.fraction if column == self.PROGRESS and counts.total else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return campaign.name
            if column == self.STATUS:
                return campaign_status_text(campaign.status)
            if column == self.PROGRESS:
                if not counts.total:
                    return ""
                locale = QLocale()
                return self.tr("{done} / {total}").format(
                    done=locale.toString(counts.done), total=locale.toString(counts.total)
                )
            if column == self.SCHEDULED:
                return self.schedule_text(campaign)
            if column == self.NEXT:
                return local_time_text(campaign.next_run_at)
            if column == self.ERROR:
                return notice_text(campaign.last_error)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.PROGRESS and counts.total:
                return self.counts_text(campaign)
            if column == self.SCHEDULED and campaign.recurring:
                return self.schedule_text(campaign)  # the whole sentence, wider than the column
            if column == self.ERROR and campaign.last_error:
                return notice_text(campaign.last_error)
        return None

    @staticmethod
    def schedule_text(campaign: CampaignData) -> str:
        """A recurring campaign's rule in words, or a one-off one's date (local time)."""
        if campaign.recurring:
            return schedule_text(campaign.cron, campaign.timezone)
        return local_time_text(campaign.scheduled_at)

    def counts_text(self, campaign: CampaignData) -> str:
        """Each outcome with its count, for the progress tooltip."""
        c, locale = campaign.counts, QLocale()
        return "\n".join(
            (
                self.tr("Sent: {0}").format(locale.toString(c.sent)),
                self.tr("Waiting: {0}").format(locale.toString(c.queued + c.sending)),
                self.tr("Failed: {0}").format(locale.toString(c.failed)),
                self.tr("In doubt: {0}").format(locale.toString(c.in_doubt)),
                self.tr("Not sent (unsubscribed...): {0}").format(locale.toString(c.suppressed)),
            )
        )


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a progress bar with its "sent / total" text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        # The row's background (selection) first, then the bar inside the cell.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)  # type: ignore[attr-defined]
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = round(fraction * 1000)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        bar.palette = option.palette  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class CampaignsPage(QWidget):
    """Every campaign with its progress; the actions its status allows."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self._stale = True
        self._select_name: str | None = None
        self.loaded = False
        self.wizard: QWidget | None = None
        self.runs_dialog: QWidget | None = None
        self.report_dialog: QWidget | None = None
        self._edit_loading = False

        self.model = CampaignsModel(self)
        self.table = row_table(self, "campaignsTable", self.model)
        self.table.setItemDelegateForColumn(CampaignsModel.PROGRESS, ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(CampaignsModel.NAME, QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((240, 110, 200, 220, 150)):
            self.table.setColumnWidth(column, width)

        self.new_button = self._button(self.tr("New…"), "campaignNew", self._on_new_clicked)
        self.edit_button = self._button(self.tr("Edit…"), "campaignEdit", self._on_edit_clicked)
        self.send_button = self._button(self.tr("Send…"), "campaignSend", self._on_send_clicked)
        self.pause_button = self._button(self.tr("Pause"), "campaignPause", self._on_pause_clicked)
        self.resume_button = self._button(
            self.tr("Resume"), "campaignResume", self._on_resume_clicked
        )
        self.cancel_button = self._button(
            self.tr("Cancel…"), "campaignCancel", self._on_cancel_clicked
        )
        self.delete_button = self._button(
            self.tr("Delete…"), "campaignDelete", self._on_delete_clicked
        )
        self.retry_button = self._button(
            self.tr("Retry failed"), "campaignRetry", self._on_retry_clicked
        )
        self.test_button = self._button(
            self.tr("Send a test…"), "campaignTest", self._on_test_clicked
        )
        self.history_button = self._button(
            self.tr("History…"), "campaignHistory", self._on_history_clicked
        )
        self.report_button = self._button(
            self.tr("Report…"), "campaignReport", self._on_report_clicked
        )
        self.report_button.setToolTip(
            self.tr("Opens, clicks, bounces and unsubscribes, to export as PDF or CSV")
        )
        buttons = QVBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.send_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
            self.delete_button,
            self.retry_button,
            self.test_button,
            self.history_button,
            self.report_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("campaignsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)

        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.dataChanged.connect(self._on_model_data_changed)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        if ctx.sending is not None:
            ctx.sending.sig_progress_changed.connect(self._on_sending_progress_changed)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._load()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.campaigns or changes.templates or changes.accounts:
            self.reload()

    def reload(self) -> None:
        """Reload now if the page is visible, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        Op(self, lambda: list_campaigns(db)).success(
            lambda campaigns: self._on_load_succeeded(generation, campaigns)
        ).failure(lambda exc: self._on_load_failed(generation, exc)).run_in_background("io")

    def _on_load_succeeded(self, generation: int, campaigns: list[CampaignData]) -> None:
        if generation != self._generation:
            return  # a newer load supersedes this one
        current = self.selected()
        self.model.set_campaigns(campaigns)
        name = self._select_name or (current.name if current is not None else None)
        if name is not None and self.model.row_of(name) >= 0:
            self._select_name = None
            self.select(name)
        self.loaded = True
        self._update_buttons()

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            show_error(self, exc)

    def _on_sending_progress_changed(self, campaigns: list[CampaignData]) -> None:
        if self.loaded:
            self.model.update_campaigns(campaigns)

    # --- selection -----------------------------------------------------------------------------

    def selected(self) -> CampaignData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.campaign(rows[0].row()) if rows else None

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self._update_buttons()

    def select_after_load(self, name: str) -> None:
        """Select ``name`` once it is in the list (a campaign just created)."""
        if self.model.row_of(name) >= 0:
            self.select(name)
        else:
            self._select_name = name

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_model_reset(self) -> None:
        self._update_buttons()

    def _on_model_data_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        campaign = self.selected()
        if not index.isValid() or campaign is None:
            return
        if campaign.status == "draft":
            self.edit(campaign.name)
        elif campaign.status == "missed":
            self.open_history(campaign)  # where it is sent or dismissed
        elif campaign.last_error:
            self.inform(self.tr("Last error"), notice_text(campaign.last_error))

    def _update_buttons(self) -> None:
        campaign = self.selected()
        status = campaign.status if campaign is not None else ""
        self.edit_button.setEnabled(status in EDIT_STATUSES and not self._edit_loading)
        self.send_button.setEnabled(status in SEND_STATUSES)
        self.pause_button.setEnabled(status in PAUSE_STATUSES)
        self.resume_button.setEnabled(status in RESUME_STATUSES)
        self.cancel_button.setEnabled(status in CANCEL_STATUSES)
        self.delete_button.setEnabled(status in DELETE_STATUSES)
        self.retry_button.setEnabled(
            campaign is not None and status in RETRY_STATUSES and campaign.counts.failed > 0
        )
        self.test_button.setEnabled(campaign is not None)
        self.history_button.setEnabled(campaign is not None)
        self.report_button.setEnabled(campaign is not None)
        if (
            campaign is not None
            and campaign.status == "draft"
            and (campaign.scheduled_at or campaign.recurring)
        ):
            self.send_button.setText(self.tr("Schedule…"))
        else:
            self.send_button.setText(self.tr("Send…"))

    # --- dialogs, kept small so tests can replace them -----------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """A line typed by the user, or ``None`` when cancelled."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    # --- actions -------------------------------------------------------------------------------

    def _run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        *,
        wake: bool = False,
    ) -> None:
        """A change in the background; then the bus is told and, if asked, the sender woken."""

        def succeeded(result: Any) -> None:
            self.ctx.bus.notify(Changes(campaigns=True, messages=True))
            if wake and self.ctx.sending is not None:
                self.ctx.sending.wake()
            if done is not None:
                done(result)

        Op(self, fn).success(succeeded).failure(self._on_action_failed).run_in_background("db")

    def _on_action_failed(self, exc: BaseException) -> None:
        self.message.clear()
        self._update_buttons()
        show_error(self, exc)

    def _on_new_clicked(self) -> None:
        self.open_wizard()

    def open_wizard(self, campaign: CampaignData | None = None) -> QWidget:
        """The campaign wizard (on ``campaign`` to change it), window-modal, deleted when closed."""
        from ui.dialogs.campaign_wizard import CampaignWizard

        wizard = CampaignWizard(self.ctx, self, campaign)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.sig_campaign_saved.connect(self._on_wizard_campaign_saved)
        wizard.open()
        self.wizard = wizard
        return wizard

    def _on_edit_clicked(self) -> None:
        campaign = self.selected()
        if campaign is not None and campaign.status in EDIT_STATUSES:
            self.edit(campaign.name)

    def edit(self, name: str) -> None:
        """Read campaign ``name`` afresh in the background, then open the wizard on it."""
        if self._edit_loading:
            return
        self._edit_loading = True
        self._update_buttons()
        db = self.ctx.db
        Op(self, lambda: get_campaign(db, name)).success(self._on_edit_loaded).failure(
            self._on_edit_failed
        ).run_in_background("db")

    def _on_edit_loaded(self, campaign: CampaignData) -> None:
        self._edit_loading = False
        self._update_buttons()
        if campaign.status not in EDIT_STATUSES:
            # Started (or paused, cancelled) since the list was read.
            self.reload()
            self.inform(
                self.tr("Edit the campaign"),
                self.tr("“{name}” has already started: it can no longer be changed.").format(
                    name=campaign.name
                ),
            )
            return
        self.open_wizard(campaign)

    def _on_edit_failed(self, exc: BaseException) -> None:
        self._edit_loading = False
        self.reload()  # deleted meanwhile, most likely
        self._on_action_failed(exc)

    def _on_wizard_campaign_saved(self, campaign: CampaignData) -> None:
        self.select_after_load(campaign.name)
        self.message.setText(self.saved_text(campaign))

    def saved_text(self, campaign: CampaignData) -> str:
        if campaign.status == "scheduled" and campaign.recurring:
            text = self.tr("“{name}” is scheduled. {schedule}.").format(
                name=campaign.name, schedule=schedule_text(campaign.cron, campaign.timezone)
            )
            if campaign.next_run_at is not None:
                text += " " + self.tr("Next send: {when}.").format(
                    when=local_time_text(campaign.next_run_at)
                )
            return text
        if campaign.status == "scheduled":
            return self.tr("“{name}” will be sent on {when}.").format(
                name=campaign.name, when=local_time_text(campaign.scheduled_at)
            )
        if campaign.status == "sending":
            return self.tr("Sending “{name}”…").format(name=campaign.name)
        return self.tr("“{name}” was saved as a draft.").format(name=campaign.name)

    def _on_send_clicked(self) -> None:
        campaign = self.selected()
        if campaign is None or campaign.status not in SEND_STATUSES:
            return
        self.send_button.setEnabled(False)
        self.message.setText(
            self.tr("Checking “{name}” before sending…").format(name=campaign.name)
        )
        db, name = self.ctx.db, campaign.name
        Op(self, lambda: precheck(db, name)).success(
            lambda report: self._on_precheck_done(campaign, report)
        ).failure(self._on_action_failed).run_in_background("io")

    def _on_precheck_done(self, campaign: CampaignData, report: PrecheckReport) -> None:
        self.message.clear()
        self._update_buttons()
        if not report.ok:
            self.inform(
                self.tr("“{name}” cannot be sent").format(name=campaign.name),
                "\n".join(notice_text(e) for e in report.errors),
            )
            return
        if not self.confirm(self.tr("Send the campaign"), self.send_question(campaign, report)):
            return
        db, name = self.ctx.db, campaign.name
        self._run(
            lambda: start_campaign(db, name),
            lambda started: self.message.setText(self.saved_text(started)),
            wake=True,
        )

    def send_question(self, campaign: CampaignData, report: PrecheckReport) -> str:
        """The confirmation, with the counts of the pre-send check."""
        scheduled = campaign.scheduled_at is not None and campaign.scheduled_at > datetime.now(UTC)
        if campaign.recurring:
            text = self.tr(
                "Schedule “{name}”? {schedule}. Each send goes to the audience of the day: "
                "%Ln recipient(s) today.",
                "",
                report.recipients,
            )
            text = text.format(
                name=campaign.name, schedule=schedule_text(campaign.cron, campaign.timezone)
            )
        elif scheduled:
            text = self.tr("Schedule “{name}” for {when}: %Ln recipient(s)?", "", report.recipients)
            text = text.format(name=campaign.name, when=local_time_text(campaign.scheduled_at))
        else:
            text = self.tr("Send “{name}” now to %Ln recipient(s)?", "", report.recipients)
            text = text.format(name=campaign.name)
        lines = [text]
        if report.suppressed:
            lines.append(
                self.tr(
                    "%Ln contact(s) of the audience will not receive it "
                    "(unsubscribed, bounced...).",
                    "",
                    report.suppressed,
                )
            )
        lines.extend(notice_text(w) for w in report.warnings)
        return "\n\n".join(lines)

    def _on_pause_clicked(self) -> None:
        campaign = self.selected()
        if campaign is not None:
            db, name = self.ctx.db, campaign.name
            self._run(lambda: pause_campaign(db, name))

    def _on_resume_clicked(self) -> None:
        campaign = self.selected()
        if campaign is not None:
            db, name = self.ctx.db, campaign.name
            self._run(lambda: resume_campaign(db, name), wake=True)

    def _on_cancel_clicked(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        question = self.tr(
            "Cancel “{name}”? Messages not sent yet will not be sent; this cannot be undone."
        ).format(name=campaign.name)
        if self.confirm(self.tr("Cancel the campaign"), question):
            db, name = self.ctx.db, campaign.name
            self._run(lambda: cancel_campaign(db, name))

    def _on_delete_clicked(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        question = self.tr(
            "Delete “{name}” and the history of its messages? This cannot be undone."
        ).format(name=campaign.name)
        if self.confirm(self.tr("Delete the campaign"), question):
            db, name = self.ctx.db, campaign.name
            self._run(lambda: delete_campaign(db, name))

    def _on_retry_clicked(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        db, name = self.ctx.db, campaign.name
        self._run(
            lambda: retry_failed(db, name),
            lambda count: self.message.setText(
                self.tr("%Ln failed message(s) will be sent again.", "", count)
            ),
            wake=True,
        )

    def _on_test_clicked(self) -> None:
        campaign = self.selected()
        if campaign is None:
            return
        to = self.ask_text(
            self.tr("Send a test"),
            self.tr("Send a test of “{name}” to the address:").format(name=campaign.name),
        )
        if not to or not to.strip():
            return
        db, secrets = self.ctx.db, self.ctx.secrets
        template, account, address = campaign.template, campaign.account, to.strip()
        self.test_button.setEnabled(False)
        self.message.setText(self.tr("Sending a test to {0}…").format(address))
        Op(
            self,
            lambda: test_send(db, secrets, template=template, account=account, to=address),
        ).success(self._on_test_sent).failure(self._on_action_failed).run_in_background("io")

    def _on_test_sent(self, confirmation: str) -> None:
        self._update_buttons()
        self.message.setText(notice_text(confirmation))

    def _on_history_clicked(self) -> None:
        campaign = self.selected()
        if campaign is not None:
            self.open_history(campaign)

    def open_history(self, campaign: CampaignData) -> QWidget:
        """The history of ``campaign``'s runs, window-modal, deleted when closed."""
        from ui.dialogs.campaign_runs_dialog import CampaignRunsDialog

        dialog = CampaignRunsDialog(self.ctx, campaign, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.runs_dialog = dialog
        return dialog

    def _on_report_clicked(self) -> None:
        campaign = self.selected()
        if campaign is not None:
            self.open_report(campaign)

    def open_report(self, campaign: CampaignData) -> QWidget:
        """The report of ``campaign`` (its figures, PDF and CSV export), deleted when closed."""
        from ui.dialogs.campaign_report_dialog import CampaignReportDialog

        dialog = CampaignReportDialog(self.ctx, campaign.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.report_dialog = dialog
        return dialog
