"""A sequence's steps on a horizontal line: each mail at its time after the enrollment.

"Day 0: Bienvenue — Day 2: Conseils — Day 7: Offre". The stops are evenly spaced (a delay of
thirty seconds next to one of a week would otherwise be unreadable); the time of each is written
above it and its template below. An enrolled contact's place can be marked: the steps already
sent are filled, the next one is ringed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

DOT_RADIUS = 6
STOP_WIDTH = 130  # room for a label under each stop
MARGIN = 8


def offset_text(seconds: int) -> str:
    """Time since the enrollment as the timeline writes it: ``Day 2``, ``Day 0 + 30 s``,
    ``Day 1 + 2 h 30 min``."""
    days, rest = divmod(max(0, int(seconds)), 86400)
    text = QCoreApplication.translate("SequenceTimeline", "Day {n}").format(n=days)
    if rest:
        text = QCoreApplication.translate("SequenceTimeline", "{day} + {time}").format(
            day=text, time=short_duration_text(rest)
        )
    return text


def short_duration_text(seconds: int) -> str:
    """``2 h 30 min``, ``45 s``, ``3 d``: a delay in the largest units it has."""
    seconds = max(0, int(seconds))
    if seconds == 0:
        return QCoreApplication.translate("SequenceTimeline", "0 s")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    units = (
        (days, QCoreApplication.translate("SequenceTimeline", "{n} d")),
        (hours, QCoreApplication.translate("SequenceTimeline", "{n} h")),
        (minutes, QCoreApplication.translate("SequenceTimeline", "{n} min")),
        (secs, QCoreApplication.translate("SequenceTimeline", "{n} s")),
    )
    return " ".join(unit.format(n=n) for n, unit in units if n)


class SequenceTimeline(QWidget):
    """The steps of a sequence (template, delay after the previous one) on a time line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceTimeline")
        self._steps: list[tuple[str, int]] = []
        self._offsets: list[int] = []
        self._sent = -1  # steps before this index are filled (a contact's progress); -1: none
        self._next = -1  # this step is ringed (the contact's next mail); -1: none
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    # --- content ------------------------------------------------------------------------------

    def set_steps(self, steps: Sequence[tuple[str, int]]) -> None:
        """Show ``(template, delay_seconds)`` steps, each delay after the previous step."""
        self._steps = [(name, max(0, int(delay))) for name, delay in steps]
        total = 0
        self._offsets = []
        for _name, delay in self._steps:
            total += delay
            self._offsets.append(total)
        self._sent = self._next = -1
        self.setToolTip(self.text())
        self.setAccessibleDescription(self.text())
        self.updateGeometry()
        self.update()

    def set_progress(self, sent: int, next_step: int = -1) -> None:
        """Mark a contact's place: ``sent`` steps filled, ``next_step`` ringed (-1: none)."""
        self._sent, self._next = sent, next_step
        self.update()

    def offsets(self) -> list[int]:
        """Each step's time after the enrollment, in seconds."""
        return list(self._offsets)

    def labels(self) -> list[str]:
        """``["Day 0: Bienvenue", "Day 2: Conseils"]``: what each stop shows."""
        return [
            self.tr("{when}: {template}").format(when=offset_text(offset), template=name or "…")
            for (name, _delay), offset in zip(self._steps, self._offsets, strict=True)
        ]

    def text(self) -> str:
        """The whole timeline in one line (its tooltip and accessible description)."""
        if not self._steps:
            return self.tr("No step yet")
        return " — ".join(self.labels())

    # --- painting -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        line = self.fontMetrics().height()
        width = MARGIN * 2 + STOP_WIDTH * max(1, len(self._steps))
        return QSize(width, line * 2 + DOT_RADIUS * 2 + MARGIN * 3)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(STOP_WIDTH, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        line_height = metrics.height()
        y = MARGIN + line_height + MARGIN / 2 + DOT_RADIUS
        if not self._steps:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())
            return
        count = len(self._steps)
        width = self.width() - 2 * MARGIN
        slot = width / count
        xs = [MARGIN + slot * (i + 0.5) for i in range(count)]
        line_pen = QPen(palette.color(QPalette.ColorRole.Mid), 2)
        painter.setPen(line_pen)
        painter.drawLine(QPointF(MARGIN, y), QPointF(self.width() - MARGIN, y))
        accent = palette.color(QPalette.ColorRole.Highlight)
        text_color = palette.color(QPalette.ColorRole.WindowText)
        for i, ((name, _delay), offset, x) in enumerate(
            zip(self._steps, self._offsets, xs, strict=True)
        ):
            filled = self._sent < 0 or i < self._sent
            painter.setPen(QPen(accent, 2))
            painter.setBrush(accent if filled else palette.color(QPalette.ColorRole.Base))
            painter.drawEllipse(QPointF(x, y), DOT_RADIUS, DOT_RADIUS)
            if i == self._next:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), DOT_RADIUS + 3, DOT_RADIUS + 3)
            painter.setPen(text_color)
            top = QRectF(x - slot / 2, MARGIN, slot, line_height)
            when = metrics.elidedText(offset_text(offset), Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, when)
            bottom = QRectF(x - slot / 2, y + DOT_RADIUS + MARGIN / 2, slot, line_height)
            label = metrics.elidedText(name or "…", Qt.TextElideMode.ElideRight, int(slot) - 4)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, label)
