"""Tables of figures: campaigns compared, a campaign's runs, top links (``app.stats.service``
dataclasses, one per row; ``FIGURES_ROLE`` is the row's dataclass)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt

from ui.models.item_list_model import Index, ItemListModel
from ui.widgets.charts import number_text, percent_text, ratio

FIGURES_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def campaign_title(campaign_id: int, name: str) -> str:
    """A campaign's name; mail of the automations (campaign 0) is "Automations"."""
    if campaign_id == 0:
        return QCoreApplication.translate("Stats", "Automations")
    return name


class _FiguresModel(ItemListModel):
    TITLES: tuple[str, ...] = ()
    NUMBERS: frozenset[int] = frozenset()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        if role == FIGURES_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, index.column(), QLocale())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, index.column(), QLocale())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMBERS:
            return _RIGHT
        return None

    def display(self, item: Any, column: int, locale: QLocale) -> str:
        raise NotImplementedError

    def tooltip(self, item: Any, column: int, locale: QLocale) -> str | None:
        return None

    # The columns of figures both tables show: column -> figure (see ``totals_text``).
    FIGURE_COLUMNS: dict[int, str] = {}

    def totals_text(self, item: Any, column: int, locale: QLocale) -> str:
        """A figure of the row's ``Totals``: sent, open/click rate, bounced or rejected..."""
        t = item.totals
        figure = self.FIGURE_COLUMNS.get(column)
        if figure == "sent":
            return number_text(t.sent, locale)
        if figure == "open_rate":
            return percent_text(ratio(t.unique_opened, t.sent), locale)
        if figure == "click_rate":
            return percent_text(ratio(t.unique_clicked, t.sent), locale)
        if figure == "bounced":
            return number_text(t.bounced + t.failed, locale)
        if figure == "unsubscribed":
            return number_text(t.unsubscribed, locale)
        return ""

    def totals_tooltip(self, item: Any, column: int) -> str | None:
        """How many people the rates are made of."""
        figure = self.FIGURE_COLUMNS.get(column)
        if figure == "open_rate":
            # Context "Stats", not self.tr: the context would be the subclass's at run time.
            return QCoreApplication.translate("Stats", "{count} people opened").format(
                count=number_text(item.totals.unique_opened)
            )
        if figure == "click_rate":
            return QCoreApplication.translate("Stats", "{count} people clicked").format(
                count=number_text(item.totals.unique_clicked)
            )
        return None


class ComparisonModel(_FiguresModel):
    """Campaigns side by side: sent, open rate, click rate, bounces, unsubscribes."""

    NAME, SENT, OPEN_RATE, CLICK_RATE, BOUNCED, UNSUBSCRIBED = range(6)
    COLUMN_COUNT = 6
    NUMBERS = frozenset(range(1, 6))

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Campaign"),
            self.tr("Sent"),
            self.tr("Open rate"),
            self.tr("Click rate"),
            self.tr("Bounces"),
            self.tr("Unsubscribes"),
        )

    FIGURE_COLUMNS = {
        SENT: "sent",
        OPEN_RATE: "open_rate",
        CLICK_RATE: "click_rate",
        BOUNCED: "bounced",
        UNSUBSCRIBED: "unsubscribed",
    }

    def display(self, item: Any, column: int, locale: QLocale) -> str:
        if column == self.NAME:
            return campaign_title(item.campaign_id, item.name)
        return self.totals_text(item, column, locale)

    def tooltip(self, item: Any, column: int, locale: QLocale) -> str | None:
        t = item.totals
        if column in (self.OPEN_RATE, self.CLICK_RATE):
            return self.totals_tooltip(item, column)
        if column == self.BOUNCED:
            return self.tr("{bounced} bounced, {failed} rejected when sending").format(
                bounced=number_text(t.bounced), failed=number_text(t.failed)
            )
        if column == self.NAME and item.campaign_id:
            return self.tr("Double-click for the campaign's report")
        return None


class LinksModel(_FiguresModel):
    """The most clicked links: URL, clicks, unique clicks."""

    URL, CLICKS, UNIQUE = range(3)
    COLUMN_COUNT = 3
    NUMBERS = frozenset({1, 2})

    def titles(self) -> tuple[str, ...]:
        return (self.tr("Link"), self.tr("Clicks"), self.tr("Unique clicks"))

    def display(self, item: Any, column: int, locale: QLocale) -> str:
        if column == self.URL:
            return item.url
        if column == self.CLICKS:
            return number_text(item.clicks, locale)
        if column == self.UNIQUE:
            return number_text(item.unique_clicks, locale)
        return ""

    def tooltip(self, item: Any, column: int, locale: QLocale) -> str | None:
        return item.url if column == self.URL else None


def run_time_text(run: Any) -> str:
    """When a run was (to be) sent, local time."""
    from ui.pages.campaigns_page import local_time_text

    return local_time_text(run.scheduled_for or run.started_at)


class RunFiguresModel(_FiguresModel):
    """A campaign's runs with their figures (the report)."""

    WHEN, STATUS, SENT, OPENED, CLICKED, BOUNCED, UNSUBSCRIBED = range(7)
    COLUMN_COUNT = 7
    NUMBERS = frozenset(range(2, 7))
    FIGURE_COLUMNS = {
        SENT: "sent",
        OPENED: "open_rate",
        CLICKED: "click_rate",
        BOUNCED: "bounced",
        UNSUBSCRIBED: "unsubscribed",
    }

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Occurrence"),
            self.tr("Status"),
            self.tr("Sent"),
            self.tr("Opened"),
            self.tr("Clicked"),
            self.tr("Bounced"),
            self.tr("Unsubscribed"),
        )

    def display(self, item: Any, column: int, locale: QLocale) -> str:
        from ui.dialogs.campaign_runs_dialog import run_status_text

        if column == self.WHEN:
            return run_time_text(item)
        if column == self.STATUS:
            return run_status_text(item.status)
        return self.totals_text(item, column, locale)

    def tooltip(self, item: Any, column: int, locale: QLocale) -> str | None:
        return self.totals_tooltip(item, column)
