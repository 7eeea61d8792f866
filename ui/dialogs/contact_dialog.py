"""Add or edit one contact: inline email validation, save in the background, errors kept inline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.contacts.emails import InvalidEmail, normalise_email
from app.contacts.service import (
    ContactData,
    ContactInput,
    add_contact,
    list_lists,
    list_tags,
    update_contact,
)
from app.db.models import CONTACT_STATUSES
from app.errors import FacteurError
from app.logs import log_unexpected
from ui.context import AppContext, Changes
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import ERROR_STYLE, error_text
from ui.models.contacts_model import status_text
from ui.tasks import Op

TIMELINE_ROLE = Qt.ItemDataRole.UserRole + 1
# The colour of each kind of activity's dot: engagement, problems, the rest.
_KIND_COLORS = {
    "sent": "#607d8b",
    "queued": "#b0bec5",
    "open": "#1e88e5",
    "click": "#43a047",
    "signup": "#8e24aa",
    "confirm": "#8e24aa",
    "custom": "#8d6e63",
    "failed": "#e53935",
    "bounce": "#e53935",
    "complaint": "#e53935",
    "unsubscribe": "#fb8c00",
    "suppressed": "#fb8c00",
}


def timeline_kind_text(kind: str) -> str:
    """A kind of activity (``app.stats.service.TimelineItem.kind``) as the user reads it."""
    labels = {
        "sent": QCoreApplication.translate("Timeline", "Mail sent"),
        "failed": QCoreApplication.translate("Timeline", "Sending failed"),
        "queued": QCoreApplication.translate("Timeline", "Waiting to be sent"),
        "suppressed": QCoreApplication.translate("Timeline", "Not sent"),
        "open": QCoreApplication.translate("Timeline", "Opened"),
        "click": QCoreApplication.translate("Timeline", "Clicked a link"),
        "unsubscribe": QCoreApplication.translate("Timeline", "Unsubscribed"),
        "bounce": QCoreApplication.translate("Timeline", "Bounced"),
        "complaint": QCoreApplication.translate("Timeline", "Marked as spam"),
        "signup": QCoreApplication.translate("Timeline", "Signed up"),
        "confirm": QCoreApplication.translate("Timeline", "Confirmed the sign-up"),
        "custom": QCoreApplication.translate("Timeline", "Event"),
    }
    return labels.get(kind, kind)


_ICONS: dict[str, QIcon] = {}


def timeline_icon(kind: str) -> QIcon:
    """A coloured dot for a kind of activity."""
    found = _ICONS.get(kind)
    if found is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_KIND_COLORS.get(kind, "#9e9e9e")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        found = _ICONS[kind] = QIcon(pixmap)
    return found


def timeline_row(item: Any) -> QTreeWidgetItem:
    """One line of a contact's activity: when, what (an automatic one greyed), campaign, and
    the mail's subject, the link clicked or the detail."""
    when = QLocale().toString(QDateTime(item.at.astimezone()), QLocale.FormatType.ShortFormat)
    kind = timeline_kind_text(item.kind)
    detail = item.url if item.kind == "click" and item.url else (item.subject or item.detail)
    row = QTreeWidgetItem([when, kind, item.campaign, detail])
    row.setIcon(1, timeline_icon(item.kind))
    row.setData(0, TIMELINE_ROLE, item)
    row.setToolTip(3, "\n".join(t for t in (item.subject, item.url, item.detail) if t))
    if item.bot:
        tip = QCoreApplication.translate(
            "Timeline",
            "Probably automatic (a mail app loading images in advance, or a link scanner): "
            "not counted in the statistics.",
        )
        row.setText(
            1, QCoreApplication.translate("Timeline", "{kind} (automatic)").format(kind=kind)
        )
        grey = QBrush(QColor("#9e9e9e"))
        for column in range(4):
            font = row.font(column)
            font.setItalic(True)
            row.setFont(column, font)
            row.setForeground(column, grey)
            if column != 3:
                row.setToolTip(column, tip)
    return row


def split_names(text: str) -> list[str]:
    """``"client, vip ,"`` -> ``["client", "vip"]`` (order kept, duplicates dropped)."""
    return list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))


class CommaCompleter(QCompleter):
    """Completes the last name of a comma-separated list in a QLineEdit."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        completion = super().pathFromIndex(index)
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head, sep, _ = text.rpartition(",")
        return f"{head.rstrip()}, {completion}" if sep else completion

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path.rpartition(",")[2].strip()]


def names_edit(placeholder: str, parent: QWidget) -> tuple[QLineEdit, QStringListModel]:
    """A line edit for comma-separated names, completing from a string list model."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    names = QStringListModel(parent)
    completer = CommaCompleter(names, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit, names


class ContactDialog(SavingDialog):
    """Create a contact (``contact=None``) or edit one; ``saved`` holds the result once accepted."""

    sig_contact_saved = Signal(object)
    """The contact was saved; carries the stored ``ContactData``."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, contact: ContactData | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact = contact
        self.saved: ContactData | None = None
        self._email_ok = False
        self.setObjectName("contactDialog")
        self.setWindowTitle(self.tr("New contact") if contact is None else self.tr("Edit contact"))
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        details_layout.addLayout(form)

        self.email = QLineEdit(self)
        self.email.setObjectName("emailEdit")
        self.email.setPlaceholderText(self.tr("name@example.fr"))
        self.email.setMaxLength(320)
        form.addRow(self.tr("Email:"), self.email)
        self.email_error = QLabel(self)
        self.email_error.setObjectName("emailError")
        self.email_error.setStyleSheet(ERROR_STYLE)
        self.email_error.setWordWrap(True)
        self.email_error.setVisible(False)
        form.addRow("", self.email_error)

        self.first_name = QLineEdit(self)
        self.first_name.setMaxLength(200)
        form.addRow(self.tr("First name:"), self.first_name)
        self.last_name = QLineEdit(self)
        self.last_name.setMaxLength(200)
        form.addRow(self.tr("Last name:"), self.last_name)
        self.company = QLineEdit(self)
        self.company.setMaxLength(300)
        form.addRow(self.tr("Company:"), self.company)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(50)
        form.addRow(self.tr("Phone:"), self.phone)
        self.locale_edit = QLineEdit(self)
        self.locale_edit.setMaxLength(20)
        self.locale_edit.setPlaceholderText(self.tr("e.g. fr"))
        form.addRow(self.tr("Language:"), self.locale_edit)

        self.status = QComboBox(self)
        self.status.setObjectName("statusCombo")
        for status in CONTACT_STATUSES:
            self.status.addItem(status_text(status), status)
        form.addRow(self.tr("Status:"), self.status)
        self.tracking = QCheckBox(self.tr("Agreed to open and click tracking"), self)
        form.addRow("", self.tracking)

        self.tags, self._tag_names = names_edit(self.tr("Comma-separated, e.g. client, vip"), self)
        self.tags.setObjectName("tagsEdit")
        form.addRow(self.tr("Tags:"), self.tags)
        self.lists, self._list_names = names_edit(self.tr("Comma-separated list names"), self)
        self.lists.setObjectName("listsEdit")
        form.addRow(self.tr("Lists:"), self.lists)

        details_layout.addWidget(self._build_attributes())
        self.tabs: QTabWidget | None = None
        self.timeline: QTreeWidget | None = None
        self.timeline_loaded = False
        if contact is None:
            layout.addWidget(details)
        else:
            details_layout.addWidget(self._build_consent(contact))
            self.tabs = QTabWidget(self)
            self.tabs.setObjectName("contactTabs")
            self.tabs.addTab(details, self.tr("Details"))
            self.tabs.addTab(self._build_activity(), self.tr("Activity"))
            layout.addWidget(self.tabs)

        self.build_footer("formError")
        layout.addWidget(self.form_error)

        layout.addWidget(self.buttons)

        if contact is not None:
            self._fill(contact)
        self.email.textChanged.connect(self._on_email_text_changed)
        self._on_email_text_changed(self.email.text())
        self._load_names()
        if contact is not None:
            self._load_timeline(contact.id)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- building ------------------------------------------------------------------------------

    def _build_attributes(self) -> QGroupBox:
        box = QGroupBox(self.tr("Custom fields"), self)
        layout = QVBoxLayout(box)
        self.attributes = QTableWidget(0, 2, box)
        self.attributes.setObjectName("attributesTable")
        self.attributes.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Value")])
        self.attributes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attributes.verticalHeader().setVisible(False)
        self.attributes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attributes.setMinimumHeight(110)
        layout.addWidget(self.attributes)
        row = QHBoxLayout()
        self.add_attribute = QPushButton(self.tr("Add field"), box)
        self.add_attribute.clicked.connect(self._on_add_attribute_clicked)
        self.remove_attribute = QPushButton(self.tr("Remove field"), box)
        self.remove_attribute.clicked.connect(self._on_remove_attribute_clicked)
        row.addWidget(self.add_attribute)
        row.addWidget(self.remove_attribute)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_consent(self, contact: ContactData) -> QGroupBox:
        box = QGroupBox(self.tr("Consent"), self)
        form = QFormLayout(box)
        when = ""
        if contact.consent_at is not None:
            when = QLocale().toString(
                QDateTime(contact.consent_at.astimezone()), QLocale.FormatType.ShortFormat
            )
        self.consent_source = QLabel(contact.consent_source or self.tr("unknown"), box)
        self.consent_date = QLabel(when or self.tr("unknown"), box)
        form.addRow(self.tr("Source:"), self.consent_source)
        form.addRow(self.tr("Date:"), self.consent_date)
        if contact.consent_text:
            text = QLabel(contact.consent_text, box)
            text.setWordWrap(True)
            form.addRow(self.tr("Wording:"), text)
        if contact.consent_ip:
            form.addRow(self.tr("IP address:"), QLabel(contact.consent_ip, box))
        for label in box.findChildren(QLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return box

    def _build_activity(self) -> QWidget:
        """The contact's activity, newest first: mail sent, opens, clicks, unsubscribes..."""
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.timeline = QTreeWidget(page)
        self.timeline.setObjectName("contactTimeline")
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setHeaderLabels(
            [self.tr("When"), self.tr("Event"), self.tr("Campaign"), self.tr("Details")]
        )
        header = self.timeline.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.timeline_empty = QLabel(self.tr("Loading…"), page)
        self.timeline_empty.setObjectName("timelineEmpty")
        self.timeline_empty.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.timeline_empty)
        return page

    def _load_timeline(self, contact_id: int) -> None:
        db = self.ctx.db

        def work() -> list[Any]:
            from app.stats.service import contact_timeline

            return contact_timeline(db, contact_id)

        Op(self, work).success(self._on_timeline_loaded).failure(
            self._on_timeline_failed
        ).run_in_background("io")

    def _on_timeline_loaded(self, items: list[Any]) -> None:
        assert self.timeline is not None
        self.timeline.clear()
        self.timeline.addTopLevelItems([timeline_row(item) for item in items])
        self.timeline_empty.setText(self.tr("No activity yet."))
        self.timeline_empty.setVisible(not items)
        self.timeline_loaded = True

    def _on_timeline_failed(self, exc: BaseException) -> None:
        self.timeline_empty.setText(error_text(exc))
        self.timeline_empty.setVisible(True)
        self.timeline_loaded = True
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "loading a contact's activity")

    def _fill(self, contact: ContactData) -> None:
        self.email.setText(contact.email)
        self.first_name.setText(contact.first_name)
        self.last_name.setText(contact.last_name)
        self.company.setText(contact.company)
        self.phone.setText(contact.phone)
        self.locale_edit.setText(contact.locale)
        self.status.setCurrentIndex(max(0, self.status.findData(contact.status)))
        self.tracking.setChecked(contact.tracking_consent)
        self.tags.setText(", ".join(contact.tags))
        self.lists.setText(", ".join(contact.lists))
        for key, value in contact.attributes.items():
            self.add_attribute_row(key, value)

    def add_attribute_row(self, name: str = "", value: Any = "") -> int:
        row = self.attributes.rowCount()
        self.attributes.insertRow(row)
        self.attributes.setItem(row, 0, QTableWidgetItem(name))
        item = QTableWidgetItem("" if value is None else str(value))
        # The stored value, so an untouched number or boolean is not turned into text on save.
        item.setData(Qt.ItemDataRole.UserRole, _Original(value))
        self.attributes.setItem(row, 1, item)
        return row

    def _load_names(self) -> None:
        db = self.ctx.db
        Op(
            self, lambda: ([t.name for t in list_tags(db)], [x.name for x in list_lists(db)])
        ).success(self._on_names_loaded).failure(
            lambda exc: log_unexpected(exc, "loading names for completion")
        ).run_in_background("io")

    def _on_names_loaded(self, names: tuple[list[str], list[str]]) -> None:
        self._tag_names.setStringList(names[0])
        self._list_names.setStringList(names[1])

    # --- validation ----------------------------------------------------------------------------

    def _on_email_text_changed(self, text: str) -> None:
        self._email_ok = False
        if not text.strip():
            self._show_email_error("")  # nothing typed yet: no reproach, but nothing to save
        else:
            try:
                normalise_email(text)
            except InvalidEmail as exc:
                self._show_email_error(exc.reason)
            else:
                self._email_ok = True
                self._show_email_error("")
        self._update_ok_button()

    def _show_email_error(self, reason: str) -> None:
        self.email_error.setText(
            self.tr("Not a valid address: {0}").format(reason) if reason else ""
        )
        self.email_error.setVisible(bool(reason))

    def _update_ok_button(self) -> None:
        self.ok_button.setEnabled(self._email_ok and not self._saving)

    def _attributes(self) -> dict[str, Any]:
        """The custom fields table as a dict; raises ``FacteurError`` for an unnamed or repeated one."""
        result: dict[str, Any] = {}
        for row in range(self.attributes.rowCount()):
            name_item = self.attributes.item(row, 0)
            value_item = self.attributes.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            text = value_item.text() if value_item else ""
            if not name and not text.strip():
                continue
            if not name:
                raise FacteurError(self.tr("Give every custom field a name."))
            if name in result:
                raise FacteurError(self.tr("The custom field {0} appears twice.").format(name))
            original = value_item.data(Qt.ItemDataRole.UserRole) if value_item else None
            if isinstance(original, _Original) and _as_text(original.value) == text:
                result[name] = original.value
            else:
                result[name] = text
        return result

    def contact_input(self) -> ContactInput:
        """What the form says, as the service takes it."""
        return ContactInput(
            email=self.email.text().strip(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            company=self.company.text(),
            phone=self.phone.text(),
            locale=self.locale_edit.text(),
            status=self.status.currentData(),
            tracking_consent=self.tracking.isChecked(),
            tags=split_names(self.tags.text()),
            lists=split_names(self.lists.text()),
            attributes=self._attributes(),
        )

    # --- saving --------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save in the background; the dialog closes only once the save succeeded."""
        if self._saving or not self._email_ok:
            return
        try:
            data = self.contact_input()
        except FacteurError as exc:
            self._show_form_error(error_text(exc))
            return
        db = self.ctx.db
        if self.contact is None:
            fn: Any = lambda: add_contact(db, data)  # noqa: E731
        else:
            contact_id = self.contact.id
            fn = lambda: update_contact(db, contact_id, data)  # noqa: E731
        self.save_in_background(fn)

    def on_saved(self, saved: ContactData) -> None:
        self.saved = saved
        before_tags = self.contact.tags if self.contact else []
        before_lists = self.contact.lists if self.contact else []
        self.ctx.bus.notify(
            Changes(
                contacts=True,
                tags=saved.tags != before_tags,
                lists=saved.lists != before_lists,
            )
        )
        self.sig_contact_saved.emit(saved)

    def on_save_error(self, exc: BaseException) -> bool:
        if isinstance(exc, InvalidEmail):  # shown under the address field
            self._show_email_error(exc.reason)
            return True
        return False

    def update_primary_button(self) -> None:
        self._update_ok_button()  # also waits for a valid address

    def _on_add_attribute_clicked(self) -> None:
        row = self.add_attribute_row()
        self.attributes.setCurrentCell(row, 0)
        self.attributes.editItem(self.attributes.item(row, 0))

    def _on_remove_attribute_clicked(self) -> None:
        rows = sorted({i.row() for i in self.attributes.selectedIndexes()}, reverse=True)
        if not rows and self.attributes.currentRow() >= 0:
            rows = [self.attributes.currentRow()]
        for row in rows:
            self.attributes.removeRow(row)


class _Original:
    """Wraps a stored attribute value so Qt keeps the Python object as it is."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)
