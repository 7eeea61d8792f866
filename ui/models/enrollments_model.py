"""The contacts enrolled in a sequence and where each stands: step k of n, the next mail and when
it goes, or how they left."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.automation.sequences import EnrollmentRow, exit_reason_template, exit_reason_text
from ui.errors import translate_template
from ui.models.keyed_list_model import KeyedListModel

_Index = QModelIndex | QPersistentModelIndex
ENROLLMENT_ROLE = Qt.ItemDataRole.UserRole + 1


def local_time_text(when: datetime | None) -> str:
    """An aware datetime in local time, short format; ``""`` for none."""
    if when is None:
        return ""
    return QLocale().toString(QDateTime(when.astimezone()), QLocale.FormatType.ShortFormat)


def enrollment_status_text(status: str) -> str:
    """An enrollment status as the user reads it."""
    labels = {
        "active": QCoreApplication.translate("EnrollmentStatus", "In progress"),
        "completed": QCoreApplication.translate("EnrollmentStatus", "Completed"),
        "exited": QCoreApplication.translate("EnrollmentStatus", "Left"),
    }
    return labels.get(status, status)


def exit_reason_display(code: str) -> str:
    """Why a contact left (``"goal:purchase"``), in the interface language."""
    if not code:
        return ""
    template, params = exit_reason_template(code)
    return translate_template(template, params, exit_reason_text(code))


def stands_text(row: EnrollmentRow) -> str:
    """``Step 2 of 3`` for a contact in progress (the next mail to send), else how many went."""
    if row.status == "active":
        return QCoreApplication.translate("EnrollmentsModel", "Step {k} of {n}").format(
            k=row.step_index + 1, n=row.steps_total
        )
    return QCoreApplication.translate("EnrollmentsModel", "{sent} of {n} sent").format(
        sent=row.steps_sent, n=row.steps_total
    )


class EnrollmentsModel(KeyedListModel):
    """One row per enrolled contact, latest enrolled first; ``ENROLLMENT_ROLE`` is the row."""

    EMAIL, NAME, STANDS, NEXT_MAIL, NEXT_AT, STATUS, REASON = range(7)
    COLUMN_COUNT = 7

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._titles = (
            self.tr("Email"),
            self.tr("Name"),
            self.tr("Where"),
            self.tr("Next mail"),
            self.tr("Next send"),
            self.tr("Status"),
            self.tr("Exit reason"),
        )

    def enrollment(self, row: int) -> EnrollmentRow:
        return self._items[row]

    def key(self, item: EnrollmentRow) -> str:
        return item.email

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: EnrollmentRow | None = self.item_at(index)
        if item is None:
            return None
        if role == ENROLLMENT_ROLE:
            return item
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.EMAIL:
            return item.email
        if column == self.NAME:
            return item.name
        if column == self.STANDS:
            return stands_text(item)
        if column == self.NEXT_MAIL:
            return item.next_template
        if column == self.NEXT_AT:
            return local_time_text(item.next_run_at)
        if column == self.STATUS:
            return enrollment_status_text(item.status)
        if column == self.REASON:
            return exit_reason_display(item.exit_reason)
        return None
