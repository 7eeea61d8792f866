"""Charts and number formatting for the dashboard and the campaign report (QtCharts).

``EngagementChart`` draws mail sent, unique opens and unique clicks over time: one point a day,
or one a week (Monday to Sunday) over long periods. Figures are formatted with the locale
(``percent_text``: "42.5%" in English, "42,5 %" in French).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

# Periods longer than this are drawn by weeks, not days.
WEEKLY_AFTER_DAYS = 62
# Languages that write a (non-breaking) space between a number and the percent sign.
_SPACED_PERCENT = frozenset(
    {
        QLocale.Language.French,
        QLocale.Language.German,
        QLocale.Language.Spanish,
        QLocale.Language.Swedish,
        QLocale.Language.NorwegianBokmal,
        QLocale.Language.Finnish,
        QLocale.Language.Czech,
        QLocale.Language.Russian,
    }
)
NBSP = "\u00a0"
NO_FIGURE = "–"

SENT_COLOR = QColor("#607d8b")
OPENS_COLOR = QColor("#1e88e5")
CLICKS_COLOR = QColor("#43a047")


def number_text(value: int, locale: QLocale | None = None) -> str:
    """An integer with the locale's digit grouping."""
    return (locale or QLocale()).toString(int(value))


def percent_text(fraction: float | None, locale: QLocale | None = None, decimals: int = 1) -> str:
    """A fraction (0..1) as a percentage in the locale; ``NO_FIGURE`` for ``None``."""
    if fraction is None:
        return NO_FIGURE
    locale = locale or QLocale()
    number = locale.toString(float(fraction) * 100.0, "f", decimals)
    space = NBSP if locale.language() in _SPACED_PERCENT else ""
    return f"{number}{space}{locale.percent()}"


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Point:
    """One point of the engagement chart: a day, or the Monday of a week."""

    day: date
    sent: int
    unique_opened: int
    unique_clicked: int


def chart_points(days: Sequence[Any], weekly: bool | None = None) -> list[Point]:
    """``DayFigures`` as chart points: each day, or summed by week (``weekly=None``: by weeks
    when there are more than ``WEEKLY_AFTER_DAYS`` days)."""
    if weekly is None:
        weekly = len(days) > WEEKLY_AFTER_DAYS
    if not weekly:
        return [Point(d.day, d.sent, d.unique_opened, d.unique_clicked) for d in days]
    weeks: dict[date, list[int]] = {}
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        sums = weeks.setdefault(monday, [0, 0, 0])
        sums[0] += d.sent
        sums[1] += d.unique_opened
        sums[2] += d.unique_clicked
    return [Point(monday, *sums) for monday, sums in sorted(weeks.items())]


def _msecs(day: date) -> float:
    return float(QDateTime(datetime.combine(day, time(12, 0))).toMSecsSinceEpoch())


class EngagementChart(QChartView):
    """Sent, unique opens and unique clicks over time, one line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engagementChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.weekly = False
        self.points: list[Point] = []
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setBackgroundRoundness(0)
        self.sent_series = self._series(self.tr("Sent"), SENT_COLOR)
        self.opens_series = self._series(self.tr("Unique opens"), OPENS_COLOR)
        self.clicks_series = self._series(self.tr("Unique clicks"), CLICKS_COLOR)
        self.x_axis = QDateTimeAxis()
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        self.y_axis.setMin(0)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in self.all_series():
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self.setChart(chart)

    @staticmethod
    def _series(name: str, color: QColor) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        pen = QPen(color)
        pen.setWidthF(2.0)
        series.setPen(pen)
        return series

    def all_series(self) -> list[QLineSeries]:
        return [self.sent_series, self.opens_series, self.clicks_series]

    def set_days(self, days: Sequence[Any], weekly: bool | None = None) -> None:
        """Draw these ``DayFigures`` (one per day of the period, zeros included)."""
        self.weekly = len(days) > WEEKLY_AFTER_DAYS if weekly is None else weekly
        self.points = chart_points(days, self.weekly)
        xs = [_msecs(p.day) for p in self.points]
        self.sent_series.replace([QPointF(x, p.sent) for x, p in zip(xs, self.points, strict=True)])
        self.opens_series.replace(
            [QPointF(x, p.unique_opened) for x, p in zip(xs, self.points, strict=True)]
        )
        self.clicks_series.replace(
            [QPointF(x, p.unique_clicked) for x, p in zip(xs, self.points, strict=True)]
        )
        if self.points:
            first, last = self.points[0].day, self.points[-1].day
            if first == last:
                first -= timedelta(days=1)
                last += timedelta(days=1)
            self.x_axis.setRange(
                QDateTime(datetime.combine(first, time(12, 0))),
                QDateTime(datetime.combine(last, time(12, 0))),
            )
            self.x_axis.setTickCount(max(2, min(len(self.points), 7)))
        span = max((max(p.sent, p.unique_opened, p.unique_clicked) for p in self.points), default=0)
        top = _nice_top(span)
        self.y_axis.setRange(0, top)
        self.y_axis.setTickCount(5 if top >= 4 else top + 1)
        self.x_axis.setFormat(_axis_format(self.points))
        self.x_axis.setTitleText(
            QCoreApplication.translate("EngagementChart", "Week of") if self.weekly else ""
        )

    def point_count(self) -> int:
        return len(self.points)

    def image(self) -> QImage:
        """The chart as it is drawn on screen, as an image (for the PDF report)."""
        return self.grab().toImage()


def _nice_top(value: int) -> int:
    """An upper bound for the value axis: ``value`` rounded up to 4 ticks of a round step."""
    if value <= 4:
        return 4
    step = 1
    while step * 4 < value:
        for factor in (2, 5, 10):
            if step * factor * 4 >= value:
                step *= factor
                break
        else:
            step *= 10
    return step * 4


def _axis_format(points: Sequence[Point]) -> str:
    """The locale's short date; without the year unless the period spans two years."""
    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    if points and points[0].day.year != points[-1].day.year:
        return short
    return re.sub(r"^y+[^dM]*|[^dM]*y+$|y+[^dM]*", "", short) or "dd/MM"


class ComparisonChart(QChartView):
    """Open and click rates of the campaigns compared, one pair of horizontal bars each."""

    MAX_CAMPAIGNS = 10
    NAME_LENGTH = 28

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(160)
        self.names: list[str] = []
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.opens = QBarSet(self.tr("Open rate"))
        self.opens.setColor(OPENS_COLOR)
        self.clicks = QBarSet(self.tr("Click rate"))
        self.clicks.setColor(CLICKS_COLOR)
        self.series = QHorizontalBarSeries()
        self.series.append(self.opens)
        self.series.append(self.clicks)
        chart.addSeries(self.series)
        self.y_axis = QBarCategoryAxis()
        self.x_axis = QValueAxis()
        self.x_axis.setLabelFormat("%d %%")
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.series.attachAxis(self.y_axis)
        self.series.attachAxis(self.x_axis)
        self.setChart(chart)

    def set_items(self, items: Sequence[Any]) -> None:
        """Draw these ``CampaignFigures`` (the first ``MAX_CAMPAIGNS``, top to bottom)."""
        shown = [i for i in items if i.totals.sent][: self.MAX_CAMPAIGNS]
        # Horizontal bars are drawn bottom-up: reversed, the first campaign is on top.
        shown.reverse()
        self.names = [_short(i.name, self.NAME_LENGTH) for i in shown]
        self.opens.remove(0, self.opens.count())
        self.clicks.remove(0, self.clicks.count())
        opens = [100.0 * i.totals.open_rate for i in shown]
        clicks = [100.0 * i.totals.click_rate for i in shown]
        self.opens.append(opens)
        self.clicks.append(clicks)
        self.y_axis.clear()
        # Categories must be distinct: two campaigns shortened alike get a counter.
        seen: dict[str, int] = {}
        labels = []
        for name in self.names:
            seen[name] = seen.get(name, 0) + 1
            labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
        self.y_axis.append(labels)
        top = max([0.0, *opens, *clicks])
        self.x_axis.setRange(0, max(10, min(100, int(top / 10 + 1) * 10)))

    def bar_count(self) -> int:
        return len(self.names)


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
