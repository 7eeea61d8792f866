"""Dashboard: what the mail sent over a period did — KPI tiles, sends and engagement over time,
campaigns compared, the most clicked links.

Every figure comes from the roll-ups (``app.stats.service``), read in the background: when the page
is shown, when the period or the campaign filter changes, and when data changes (the change bus,
the sender's progress, and a slow timer for events synced from the relay) — at most every
``min_refresh_ms``. The previous figures stay on screen while new ones load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QElapsedTimer, QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.stats.rollups import STATS_TIMEZONE
from ui.context import AppContext, Changes
from ui.errors import error_text, show_error
from ui.models.stats_models import FIGURES_ROLE, ComparisonModel, LinksModel
from ui.tasks import Op
from ui.widgets.charts import ComparisonChart, EngagementChart
from ui.widgets.kpi_tile import KpiPanel
from ui.widgets.tables import row_table

# Data changes refresh the page at most this often.
MIN_REFRESH_MS = 3000
# Events synced from the relay are not announced on the bus: the figures are read again this often
# while the page is shown.
POLL_MS = 60_000
PERIOD_DAYS = {"7d": 7, "30d": 30, "90d": 90}
AUTOMATIONS = 0  # the campaign filter's value for mail of the automations


def stats_today() -> date:
    """Today in the statistics' time zone (their days are Paris days)."""
    return datetime.now(ZoneInfo(STATS_TIMEZONE)).date()


def period_range(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a preset period ending today."""
    if period == "12m":
        try:
            start = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            start = today.replace(year=today.year - 1, day=28)
        return start + timedelta(days=1), today
    return today - timedelta(days=PERIOD_DAYS[period] - 1), today


@dataclass(frozen=True)
class DashboardQuery:
    start: date
    end: date
    campaign: int | None  # None: all; AUTOMATIONS; else a campaign id


@dataclass(frozen=True)
class DashboardData:
    query: DashboardQuery
    totals: Any  # app.stats.service.Totals
    days: list[Any]  # DayFigures
    comparison: list[Any]  # CampaignFigures
    links: list[Any]  # LinkFigures
    campaigns: list[tuple[int, str]] | None  # the filter's choices, (id, name) by name; or
    # None: not read again (campaigns did not change)


def load_dashboard(db: Any, query: DashboardQuery, campaigns: bool = True) -> DashboardData:
    """Every figure of the page, and the campaigns to filter on if asked (on a worker thread)."""
    from app.sending.campaigns import list_campaigns
    from app.stats.service import compare_campaigns, timeline, top_links, totals

    span = {"start": query.start, "end": query.end}
    return DashboardData(
        query=query,
        totals=totals(db, campaign=query.campaign, **span),
        days=timeline(db, campaign=query.campaign, **span),
        comparison=compare_campaigns(db, **span),
        links=top_links(db, campaign=query.campaign),
        campaigns=sorted(((c.id, c.name) for c in list_campaigns(db)), key=lambda c: c[1])
        if campaigns
        else None,
    )


class DashboardPage(QWidget):
    """KPI tiles, the engagement chart, the campaigns compared and the top links of a period."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.min_refresh_ms = MIN_REFRESH_MS
        self.data: DashboardData | None = None
        self.loads = 0  # figures shown so far (tests wait for it to move)
        self.report_dialog: QWidget | None = None
        self._generation = 0
        self._loading = False
        self._pending = False
        self._stale = True
        # The campaign filter's choices are read again only after campaigns changed.
        self._campaigns_version = 1
        self._campaigns_shown = 0
        self._since_load = QElapsedTimer()

        # --- filters
        self.period = QComboBox(self)
        self.period.setObjectName("dashboardPeriod")
        for text, key in (
            (self.tr("Last 7 days"), "7d"),
            (self.tr("Last 30 days"), "30d"),
            (self.tr("Last 90 days"), "90d"),
            (self.tr("Last 12 months"), "12m"),
            (self.tr("Custom range"), "custom"),
        ):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(1)
        today = stats_today()
        self.start_edit = self._date_edit("dashboardStart", today - timedelta(days=29))
        self.end_edit = self._date_edit("dashboardEnd", today)
        self.range_dash = QLabel("–", self)
        self.campaign = QComboBox(self)
        self.campaign.setObjectName("dashboardCampaign")
        self.campaign.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.campaign.addItem(self.tr("All mail"), None)
        self.campaign.addItem(self.tr("Automations"), AUTOMATIONS)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("dashboardBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(60, 10)
        self.busy.setToolTip(self.tr("Updating…"))
        self.busy.setVisible(False)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Period:"), self))
        filters.addWidget(self.period)
        filters.addWidget(self.start_edit)
        filters.addWidget(self.range_dash)
        filters.addWidget(self.end_edit)
        filters.addSpacing(16)
        filters.addWidget(QLabel(self.tr("Mail:"), self))
        filters.addWidget(self.campaign)
        filters.addStretch(1)
        filters.addWidget(self.busy)

        # --- figures
        self.kpis = KpiPanel(self)
        self.empty_label = QLabel(self.tr("No mail sent yet in this period."), self)
        self.empty_label.setObjectName("dashboardEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 4px;")
        self.empty_label.setVisible(False)
        self.message = QLabel(self)
        self.message.setObjectName("dashboardMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.chart = EngagementChart(self)

        self.comparison_model = ComparisonModel(self)
        self.comparison = self._table("dashboardComparison", self.comparison_model)
        self.comparison.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.comparison.horizontalHeader().setSectionResizeMode(
            ComparisonModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.links_model = LinksModel(self)
        self.links = self._table("dashboardLinks", self.links_model)
        self.links.horizontalHeader().setSectionResizeMode(
            LinksModel.URL, QHeaderView.ResizeMode.Stretch
        )
        tables = QSplitter(Qt.Orientation.Horizontal, self)
        self.comparison_chart = ComparisonChart(self)
        self.comparison_tabs = QTabWidget(self)
        self.comparison_tabs.setObjectName("dashboardComparisonTabs")
        self.comparison_tabs.addTab(self.comparison, self.tr("Table"))
        self.comparison_tabs.addTab(self.comparison_chart, self.tr("Chart"))
        tables.addWidget(self._boxed(self.tr("Campaigns"), self.comparison_tabs))
        tables.addWidget(self._boxed(self.tr("Most clicked links"), self.links))
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(self.chart)
        body.addWidget(tables)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.kpis)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._on_poll_timer_timeout)

        self.period.currentIndexChanged.connect(self._on_period_current_index_changed)
        self.start_edit.dateChanged.connect(self._on_range_date_changed)
        self.end_edit.dateChanged.connect(self._on_range_date_changed)
        self.campaign.currentIndexChanged.connect(self._on_campaign_current_index_changed)
        self.comparison.doubleClicked.connect(self._on_comparison_double_clicked)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        if ctx.sending is not None:
            ctx.sending.sig_progress_changed.connect(self._on_sending_progress_changed)
            ctx.sending.sig_campaign_finished.connect(self._on_sending_campaign_finished)
        self._show_custom_range()

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        return edit

    def _table(self, name: str, model: Any) -> QTableView:
        table = row_table(self, name, model)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _boxed(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(widget)
        return box

    # --- the period and the filter -------------------------------------------------------------

    def current_query(self) -> DashboardQuery:
        key = self.period.currentData()
        if key == "custom":
            start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
            if start > end:
                start, end = end, start
        else:
            start, end = period_range(key, stats_today())
        return DashboardQuery(start=start, end=end, campaign=self.campaign.currentData())

    def set_period(self, key: str) -> None:
        """Choose a period: ``7d``, ``30d``, ``90d``, ``12m`` or ``custom``."""
        self.period.setCurrentIndex(self.period.findData(key))

    def set_range(self, start: date, end: date) -> None:
        """A custom range, from ``start`` to ``end`` included."""
        self._set_dates(start, end)
        if self.period.currentData() != "custom":
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData("custom"))
            self.period.blockSignals(False)
            self._show_custom_range()
        self.refresh(now=True)

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def select_campaign(self, campaign_id: int | None) -> bool:
        """Filter on a campaign (``None``: all mail, ``AUTOMATIONS``); ``False`` if not listed."""
        index = self.campaign.findData(campaign_id)
        if index < 0:
            return False
        self.campaign.setCurrentIndex(index)
        return True

    def _show_custom_range(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.start_edit, self.range_dash, self.end_edit):
            widget.setVisible(custom)

    def _on_period_current_index_changed(self, _index: int) -> None:
        if self.period.currentData() == "custom" and self.data is not None:
            # Start from the period shown so far.
            self._set_dates(self.data.query.start, self.data.query.end)
        self._show_custom_range()
        self.refresh(now=True)

    def _on_range_date_changed(self, _day: QDate) -> None:
        if self.period.currentData() == "custom":
            self.refresh(now=True)

    def _on_campaign_current_index_changed(self, _index: int) -> None:
        self.refresh(now=True)

    # --- loading -------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._poll_timer.start()
        # Events synced from the relay are not announced: figures read a while ago are read again.
        old = not self._since_load.isValid() or self._since_load.elapsed() >= self.min_refresh_ms
        if self._stale or (old and not self._loading):
            self.refresh(now=True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._poll_timer.stop()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.campaigns:
            self._campaigns_version += 1
        if changes.messages or changes.campaigns or changes.contacts:
            self.refresh()

    def _on_sending_progress_changed(self, _campaigns: object) -> None:
        self.refresh()

    def _on_sending_campaign_finished(self, _name: str) -> None:
        self.refresh()

    def _on_poll_timer_timeout(self) -> None:
        self.refresh()

    def _on_refresh_timer_timeout(self) -> None:
        self.refresh(now=True)

    def refresh(self, now: bool = False) -> None:
        """Read the figures again: ``now`` (the user changed the period or the filter), or, for a
        data change, no sooner than ``min_refresh_ms`` after the last read. While hidden, the
        page is only marked stale."""
        if not self.isVisible():
            self._stale = True
            return
        if not now:
            if self._loading:
                self._pending = True
                return
            elapsed = self._since_load.elapsed() if self._since_load.isValid() else None
            if elapsed is not None and elapsed < self.min_refresh_ms:
                if not self._refresh_timer.isActive():
                    self._refresh_timer.start(self.min_refresh_ms - elapsed)
                return
        self._load()

    def _load(self) -> None:
        self._refresh_timer.stop()
        self._stale = False
        self._pending = False
        self._generation += 1
        generation = self._generation
        self._set_loading(True)
        self._since_load.start()
        db, query, version = self.ctx.db, self.current_query(), self._campaigns_version
        campaigns = version != self._campaigns_shown
        Op(self, lambda: load_dashboard(db, query, campaigns)).success(
            lambda data: self._on_load_succeeded(generation, data, version)
        ).failure(lambda exc: self._on_load_failed(generation, exc)).run_in_background("io")

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.busy.setVisible(loading)

    def _on_load_succeeded(self, generation: int, data: DashboardData, version: int = 0) -> None:
        if data.campaigns is not None and version > self._campaigns_shown:
            self._campaigns_shown = version
            self._fill_campaigns(data.campaigns)
        if generation != self._generation:
            return  # a newer read supersedes this one
        self._set_loading(False)
        self.data = data
        self.message.setVisible(False)
        self.kpis.set_totals(data.totals)
        self.empty_label.setVisible(data.totals.sent == 0 and data.totals.failed == 0)
        self.chart.set_days(data.days)
        self.comparison_model.set_items(data.comparison)
        self.comparison_chart.set_items(data.comparison)
        self.links_model.set_items(data.links)
        self.loads += 1
        if self._pending:
            self.refresh()

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        from app.errors import FacteurError

        if isinstance(exc, FacteurError):
            # The campaign filtered on was deleted, most likely: said on the page.
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
        else:
            show_error(self, exc)

    def _fill_campaigns(self, campaigns: list[tuple[int, str]]) -> None:
        shown = [
            (self.campaign.itemData(i), self.campaign.itemText(i))
            for i in range(2, self.campaign.count())
        ]
        if shown == campaigns:
            return
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        try:
            while self.campaign.count() > 2:
                self.campaign.removeItem(2)
            for campaign_id, name in campaigns:
                self.campaign.addItem(name, campaign_id)
            self.campaign.setCurrentIndex(max(0, self.campaign.findData(current)))
        finally:
            self.campaign.blockSignals(False)
        if self.campaign.currentData() != current:
            self.refresh(now=True)  # the campaign filtered on is gone

    # --- the campaign report -------------------------------------------------------------------

    def _on_comparison_double_clicked(self, index: QModelIndex) -> None:
        figures = index.data(FIGURES_ROLE)
        if figures is not None and figures.campaign_id:
            self.open_report(figures.campaign_id)

    def open_report(self, campaign: int | str) -> QWidget:
        """The report of a campaign (id or name), deleted when closed."""
        from ui.dialogs.campaign_report_dialog import CampaignReportDialog

        dialog = CampaignReportDialog(self.ctx, campaign, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.report_dialog = dialog
        return dialog
