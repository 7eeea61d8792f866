"""KPI tiles: a figure with its title and a line of detail (its rate), and the row of six the
dashboard and the campaign report show (sent, opened, clicked, bounced/rejected, unsubscribed,
complaints)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.charts import NO_FIGURE, number_text, percent_text, ratio

TILE_STYLE = """
QFrame#kpiTile { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
QLabel#kpiTitle { color: palette(placeholder-text); }
"""


class KpiTile(QFrame):
    """A titled figure, e.g. "Opened / 1,204 / 42.5% open rate"."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("kpiTile")
        self.setProperty("kpi", key)
        self.setStyleSheet(TILE_STYLE)
        self.setMinimumWidth(130)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("kpiTitle")
        self.value_label = QLabel(NO_FIGURE, self)
        self.value_label.setObjectName("kpiValue")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value_label.setFont(font)
        self.detail_label = QLabel("", self)
        self.detail_label.setObjectName("kpiDetail")
        self.detail_label.setWordWrap(True)
        for label in (self.value_label, self.detail_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def set_figures(self, value: str, detail: str = "", tooltip: str = "") -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.setToolTip(tooltip)

    def value(self) -> str:
        return self.value_label.text()

    def detail(self) -> str:
        return self.detail_label.text()


class KpiPanel(QWidget):
    """The six tiles of a set of ``Totals``; ``tiles[key]`` with key in ``KEYS``."""

    KEYS = ("sent", "opened", "clicked", "bounced", "unsubscribed", "complaints")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiPanel")
        titles = {
            "sent": self.tr("Sent"),
            "opened": self.tr("Opened"),
            "clicked": self.tr("Clicked"),
            "bounced": self.tr("Bounced or rejected"),
            "unsubscribed": self.tr("Unsubscribed"),
            "complaints": self.tr("Complaints"),
        }
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles: dict[str, KpiTile] = {}
        for key in self.KEYS:
            tile = KpiTile(key, titles[key], self)
            self.tiles[key] = tile
            layout.addWidget(tile, 1)

    def set_totals(self, totals: Any) -> None:
        """Show a ``app.stats.service.Totals``; rates are "–" while nothing was sent."""
        t, locale = totals, QLocale()
        n = lambda value: number_text(value, locale)  # noqa: E731
        pct = lambda part, whole: percent_text(ratio(part, whole), locale)  # noqa: E731
        self.tiles["sent"].set_figures(
            n(t.sent),
            self.tr("{failed} rejected by the server").format(failed=n(t.failed))
            if t.failed
            else "",
        )
        self.tiles["opened"].set_figures(
            n(t.unique_opened),
            self.tr("{rate} open rate").format(rate=pct(t.unique_opened, t.sent)),
            self.tr("{opens} opens in all, {bots} automatic (not counted)").format(
                opens=n(t.opened), bots=n(t.bot_opened)
            ),
        )
        self.tiles["clicked"].set_figures(
            n(t.unique_clicked),
            self.tr("{rate} click rate, {cto} of openers").format(
                rate=pct(t.unique_clicked, t.sent), cto=pct(t.unique_clicked, t.unique_opened)
            ),
            self.tr("{clicks} clicks in all, {bots} automatic (not counted)").format(
                clicks=n(t.clicked), bots=n(t.bot_clicked)
            ),
        )
        # Bounced after acceptance, or refused when sending: over every attempt.
        problems = t.bounced + t.failed
        self.tiles["bounced"].set_figures(
            n(problems),
            self.tr("{rate} of mail").format(rate=pct(problems, t.sent + t.failed)),
            self.tr("{bounced} bounced, {failed} rejected when sending").format(
                bounced=n(t.bounced), failed=n(t.failed)
            ),
        )
        self.tiles["unsubscribed"].set_figures(
            n(t.unsubscribed),
            self.tr("{rate} of mail sent").format(rate=pct(t.unsubscribed, t.sent)),
        )
        self.tiles["complaints"].set_figures(
            n(t.complained),
            self.tr("{rate} of mail sent").format(rate=pct(t.complained, t.sent)),
            self.tr("Marked as spam by the recipient"),
        )

    def texts(self) -> dict[str, tuple[str, str]]:
        """Each tile's value and detail (tests, the PDF report)."""
        return {key: (tile.value(), tile.detail()) for key, tile in self.tiles.items()}
