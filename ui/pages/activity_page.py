"""Activity: every message of the outbox with its status, error and time; filters by campaign,
status and address; failed and in-doubt messages can be queued again.

The table's model fetches pages of rows as they are shown (``ui.models.messages_model``); it is
refreshed when messages change, and only while the page is visible.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.db.models import MESSAGE_STATUSES
from app.errors import FacteurError
from app.sending.activity import ActivityQuery, MessageRow, list_messages, retry_messages
from app.sending.campaigns import CampaignData, list_campaigns, retry_failed
from ui.context import AppContext, Changes
from ui.errors import error_text, show_error
from ui.models.messages_model import (
    ATTEMPTS,
    CAMPAIGN,
    EMAIL,
    ERROR,
    MESSAGE_ROLE,
    RETRYABLE,
    STATUS,
    MessagesModel,
    message_status_text,
)
from ui.tasks import Op
from ui.widgets.tables import row_table

SEARCH_DELAY_MS = 250
# Past this many selected rows the Retry button is enabled without looking at each one.
MAX_CHECKED_SELECTION = 2000


def message_origin_text(message: MessageRow) -> str:
    """Where a message comes from: its campaign, or the rule or sequence step that queued it."""
    if message.campaign:
        return message.campaign
    if message.rule:
        return QCoreApplication.translate("ActivityPage", "Rule: {name}").format(name=message.rule)
    if message.sequence and message.step:
        return QCoreApplication.translate("ActivityPage", "Sequence: {name} (step {step})").format(
            name=message.sequence, step=message.step
        )
    if message.sequence:
        return QCoreApplication.translate("ActivityPage", "Sequence: {name}").format(
            name=message.sequence
        )
    return ""


class OriginDelegate(QStyledItemDelegate):
    """The Campaign column: a campaign's name, or for an automation message its rule or
    sequence (automation messages belong to no campaign)."""

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        message = index.data(MESSAGE_ROLE)
        if isinstance(message, MessageRow):
            option.text = message_origin_text(message)  # type: ignore[attr-defined]


class ActivityPage(QWidget):
    """The outbox, newest first, filtered in SQL; rows are fetched only when shown."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._campaigns_generation = 0
        self.model = MessagesModel(ctx.db, ctx.tasks, self)

        self.campaign = QComboBox(self)
        self.campaign.setObjectName("activityCampaign")
        self.campaign.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.campaign.addItem(self.tr("All campaigns"), None)
        self.status = QComboBox(self)
        self.status.setObjectName("activityStatus")
        self.status.addItem(self.tr("Any status"), None)
        for status in MESSAGE_STATUSES:
            self.status.addItem(message_status_text(status), status)
        self.search = QLineEdit(self)
        self.search.setObjectName("activitySearch")
        self.search.setPlaceholderText(self.tr("Search by email"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("activityCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        filters = QHBoxLayout()
        filters.addWidget(self.campaign, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.count_label, 1)

        self.table = row_table(self, "activityTable", self.model, multi=True)
        self.table.setCornerButtonEnabled(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # Fixed heights: the view never measures 100,000 rows (nor fetches them to do so).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in ((EMAIL, 240), (CAMPAIGN, 160), (STATUS, 130), (ATTEMPTS, 70)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(ERROR, 300)
        self.table.setItemDelegateForColumn(CAMPAIGN, OriginDelegate(self.table))

        self.retry_button = self._button(self.tr("Retry"), "activityRetry", self._on_retry_clicked)
        self.retry_button.setToolTip(self.tr("Send the selected failed or in-doubt messages again"))
        self.retry_all_button = self._button(
            self.tr("Retry all failed"), "activityRetryAll", self._on_retry_all_clicked
        )
        self.retry_all_button.setToolTip(
            self.tr("Send every failed message of the chosen campaign again")
        )
        self.message = QLabel(self)
        self.message.setObjectName("activityMessage")
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.retry_button)
        bottom.addWidget(self.retry_all_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.campaign.currentIndexChanged.connect(self._on_campaign_current_index_changed)
        self.status.currentIndexChanged.connect(self._on_status_current_index_changed)
        self.model.sig_count_changed.connect(self._on_model_count_changed)
        self.model.sig_load_failed.connect(self._on_model_load_failed)
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def origin_text(self, row: int) -> str:
        """What the Campaign column shows on ``row`` (``""`` while its page is loading)."""
        message = self.model.message_at(row)
        return message_origin_text(message) if message is not None else ""

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._load()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.messages or changes.campaigns:
            self._stale = True
            if self.isVisible():
                self._load(campaigns=changes.campaigns)

    def _load(self, campaigns: bool = True) -> None:
        self._stale = False
        if campaigns:
            self._load_campaigns()
        self.model.set_query(self.current_query())

    def _load_campaigns(self) -> None:
        self._campaigns_generation += 1
        generation = self._campaigns_generation
        db = self.ctx.db
        Op(self, lambda: list_campaigns(db)).success(
            lambda found: self._on_campaigns_loaded(generation, found)
        ).run_in_background("io")

    def _on_campaigns_loaded(self, generation: int, campaigns: list[CampaignData]) -> None:
        if generation != self._campaigns_generation:
            return
        names = sorted(c.name for c in campaigns)
        shown = [self.campaign.itemData(i) for i in range(1, self.campaign.count())]
        if names == shown:
            return
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        try:
            while self.campaign.count() > 1:
                self.campaign.removeItem(1)
            for name in names:
                self.campaign.addItem(name, name)
            self.campaign.setCurrentIndex(max(0, self.campaign.findData(current)))
        finally:
            self.campaign.blockSignals(False)
        if self.campaign.currentData() != current:
            self.apply_filters()  # the campaign filtered on is gone
        self._update_buttons()

    def _on_model_count_changed(self, count: int) -> None:
        self.count_label.setText(self.tr("%Ln message(s)", "", count))
        self._update_buttons()

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, FacteurError):
            self.message.setText(error_text(exc))
        else:
            show_error(self, exc)

    # --- filters -------------------------------------------------------------------------------

    def current_query(self) -> ActivityQuery:
        return ActivityQuery(
            campaign=self.campaign.currentData(),
            status=self.status.currentData(),
            search=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        """Query again if the search or a filter changed."""
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)
            self.table.scrollToTop()
        self._update_buttons()

    def select_campaign(self, name: str | None) -> bool:
        """Show the messages of one campaign (``None``: all); ``False`` if it is not listed."""
        index = self.campaign.findData(name)
        if index < 0:
            return False
        self.campaign.setCurrentIndex(index)
        return True

    def select_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_return_pressed(self) -> None:
        self.apply_filters()

    def _on_search_timer_timeout(self) -> None:
        self.apply_filters()

    def _on_campaign_current_index_changed(self, _index: int) -> None:
        self.apply_filters()

    def _on_status_current_index_changed(self, _index: int) -> None:
        self.apply_filters()

    # --- retrying ------------------------------------------------------------------------------

    def _selected_ranges(self) -> list[tuple[int, int]]:
        return [(r.top(), r.bottom()) for r in self.table.selectionModel().selection()]

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_model_data_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        ranges = self._selected_ranges()
        size = sum(last - first + 1 for first, last in ranges)
        if size > MAX_CHECKED_SELECTION:
            retryable = True
        else:
            found, missing = self.model.messages_in(ranges)
            retryable = bool(missing) or any(m.status in RETRYABLE for m in found)
        self.retry_button.setEnabled(size > 0 and retryable)
        self.retry_all_button.setEnabled(self.campaign.currentData() is not None)

    def _on_retry_clicked(self) -> None:
        self.retry_selected()

    def retry_selected(self) -> None:
        """Queue the selected failed and in-doubt messages again (the others are left)."""
        found, missing = self.model.messages_in(self._selected_ranges())
        ids = {m.id for m in found if m.status in RETRYABLE}
        db, query = self.ctx.db, self.model.query

        def work() -> int:
            # Rows selected but not fetched yet (a large selection) are read now, by position.
            for offset, count in missing:
                rows = list_messages(db, query, offset=offset, limit=count)
                ids.update(m.id for m in rows if m.status in RETRYABLE)
            return retry_messages(db, sorted(ids)) if ids else 0

        self._run(work)

    def _on_retry_all_clicked(self) -> None:
        name = self.campaign.currentData()
        if name is not None:
            db = self.ctx.db
            self._run(lambda: retry_failed(db, name))

    def _run(self, fn: Callable[[], int]) -> None:
        self.retry_button.setEnabled(False)
        self.retry_all_button.setEnabled(False)
        Op(self, fn).success(self._on_retried).failure(self._on_retry_failed).run_in_background(
            "db"
        )

    def _on_retried(self, count: int) -> None:
        if count:
            self.message.setText(self.tr("%Ln message(s) will be sent again.", "", count))
            self.ctx.bus.notify(Changes(messages=True, campaigns=True))
            if self.ctx.sending is not None:
                self.ctx.sending.wake()
        else:
            self.message.setText(self.tr("No failed or in-doubt message to send again."))
        self._update_buttons()

    def _on_retry_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        show_error(self, exc)
