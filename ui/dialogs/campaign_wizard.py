"""The campaign wizard: template, audience (with a live count), account, schedule, review.

The schedule is now, once at a date and time, or recurring (a cron expression in a time zone,
built with ``RecurrenceEditor``). The review page runs the pre-send check (recipients, contacts
missing a value, message size, text part, problems that block sending) and can send a test.
Finish saves the campaign and starts it (now, or scheduled: at the chosen time, or at each
occurrence); "Save as draft" only saves it. Given a draft or scheduled campaign, the pages start
from its choices and saving updates it (a scheduled one goes back to draft; Finish starts it
again). The review also says whether opens and clicks are tracked: on by default once a relay is
connected, impossible without one. Everything touching the database or the network runs in the
background through ``Op``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.automation.cron import DEFAULT_TIMEZONE
from app.contacts.segments import SegmentData, audience_choices
from app.contacts.service import NamedCount
from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.accounts import AccountData, list_accounts
from app.sending.campaigns import (
    AudienceCount,
    CampaignData,
    CampaignInput,
    PrecheckReport,
    audience_count,
    create_campaign,
    precheck_input,
    start_campaign,
    test_send,
    update_campaign,
)
from app.templates.service import TemplateData, list_templates
from app.tracking.relay_config import relay_url
from ui.context import AppContext, Changes
from ui.cron_words import next_occurrence, occurrence_text, schedule_text
from ui.errors import error_text, show_error
from ui.pages.campaigns_page import local_time_text, notice_text
from ui.tasks import Op
from ui.widgets.recurrence_editor import RecurrenceEditor

COUNT_DELAY_MS = 300  # the audience is counted once the user stops ticking boxes
ITEM_ROLE = Qt.ItemDataRole.UserRole  # "list:NAME", "tag:NAME", "segment:NAME" or "all"
SAVE_AS_DRAFT = QWizard.WizardButton.CustomButton1


def _number(n: int) -> str:
    return QLocale().toString(n)


class CampaignWizard(QWizard):
    """Create a campaign (or change ``campaign``, a draft or a scheduled one), then send it now,
    schedule it, or keep it as a draft."""

    sig_campaign_saved = Signal(object)
    """The campaign was saved (and started or scheduled unless kept as a draft); ``CampaignData``."""

    PAGE_TEMPLATE, PAGE_AUDIENCE, PAGE_ACCOUNT, PAGE_SCHEDULE, PAGE_REVIEW = range(5)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        campaign: CampaignData | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign = campaign
        self.setObjectName("campaignWizard")
        if campaign is None:
            self.setWindowTitle(self.tr("New campaign"))
        else:
            self.setWindowTitle(self.tr("Edit “{name}”").format(name=campaign.name))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(760, 600)
        self.saving = False
        self.saved: CampaignData | None = None
        # The campaign saving updates: the one edited, or once saved (a start that failed after
        # creating it) that draft.
        self._saved_name: str | None = campaign.name if campaign is not None else None

        self.template_page = TemplatePage(self)
        self.audience_page = AudiencePage(self)
        self.account_page = AccountPage(self)
        self.schedule_page = SchedulePage(self)
        self.review_page = ReviewPage(self)
        for page_id, page in (
            (self.PAGE_TEMPLATE, self.template_page),
            (self.PAGE_AUDIENCE, self.audience_page),
            (self.PAGE_ACCOUNT, self.account_page),
            (self.PAGE_SCHEDULE, self.schedule_page),
            (self.PAGE_REVIEW, self.review_page),
        ):
            self.setPage(page_id, page)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(SAVE_AS_DRAFT, self.tr("Save as draft"))
        self.button(SAVE_AS_DRAFT).setObjectName("saveDraft")
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self.currentIdChanged.connect(self._on_current_id_changed)
        self._on_current_id_changed(self.currentId())
        if campaign is not None:
            self.template_page.initial = campaign.template
            self.audience_page.set_initial(campaign.include, campaign.exclude)
            self.account_page.initial = campaign.account
            if campaign.recurring:
                self.schedule_page.set_recurrence(campaign.cron, campaign.timezone)
            else:
                self.schedule_page.set_scheduled_at(campaign.scheduled_at)
            self.review_page.set_name(campaign.name)
        self._find_relay()

    def campaign_input(self) -> CampaignInput:
        """The campaign the pages describe."""
        return CampaignInput(
            name=self.review_page.name(),
            template=self.template_page.template_name() or "",
            account=self.account_page.account_name() or "",
            include=self.audience_page.include(),
            exclude=self.audience_page.exclude(),
            scheduled_at=self.schedule_page.scheduled_at(),
            cron=self.schedule_page.cron(),
            timezone=self.schedule_page.timezone(),
            tracking=self.review_page.tracking(),
        )

    def _find_relay(self) -> None:
        """Is a relay connected (tracking needs one)? Read in the background."""
        db = self.ctx.db
        Op(self, lambda: bool(relay_url(db))).success(self.review_page.set_relay_connected).failure(
            self._on_relay_lookup_failed
        ).run_in_background("io")

    def _on_relay_lookup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "looking for the tracking relay")
        self.review_page.set_relay_connected(False)

    def _on_current_id_changed(self, page_id: int) -> None:
        self.button(SAVE_AS_DRAFT).setVisible(page_id == self.PAGE_REVIEW)
        self.update_draft_button()

    def update_draft_button(self) -> None:
        self.button(SAVE_AS_DRAFT).setEnabled(not self.saving and bool(self.review_page.name()))

    def _on_custom_button_clicked(self, which: int) -> None:
        if which == SAVE_AS_DRAFT.value:
            self.save(start=False)

    def accept(self) -> None:
        """Finish: save and start (or schedule); the wizard closes once that succeeded."""
        self.save(start=True)

    def reject(self) -> None:
        if self.saving:
            return  # a short write in progress: its outcome decides
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.saving:
            event.ignore()
            return
        super().closeEvent(event)

    def save(self, *, start: bool) -> None:
        """Save the campaign in the background; with ``start``, send it now or schedule it."""
        if self.saving:
            return
        data = self.campaign_input()
        if start and data.scheduled_at is not None and data.scheduled_at <= datetime.now(UTC):
            self.review_page.set_status(
                self.tr("The chosen time has passed: go back and choose another.")
            )
            return
        db, existing = self.ctx.db, self._saved_name
        created: list[str] = []

        def work() -> CampaignData:
            if existing is None:
                campaign = create_campaign(db, data)
            else:
                campaign = update_campaign(db, existing, data)
            created.append(campaign.name)
            return start_campaign(db, campaign.name) if start else campaign

        self._set_saving(True)
        self.review_page.set_status(self.tr("Saving…"))
        Op(self, work).success(lambda c: self._on_save_succeeded(c, start)).failure(
            lambda exc: self._on_save_failed(exc, created)
        ).run_in_background("db")

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.button(QWizard.WizardButton.BackButton).setEnabled(not saving)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not saving)
        self.update_draft_button()
        self.review_page.completeChanged.emit()

    def _on_save_succeeded(self, campaign: CampaignData, started: bool) -> None:
        self._set_saving(False)
        self.saved = campaign
        self._saved_name = campaign.name
        self.ctx.bus.notify(Changes(campaigns=True, messages=True))
        if started and self.ctx.sending is not None:
            self.ctx.sending.wake()
        self.sig_campaign_saved.emit(campaign)
        self.done(QDialog.DialogCode.Accepted)

    def _on_save_failed(self, exc: BaseException, created: Sequence[str]) -> None:
        self._set_saving(False)
        self.review_page.set_status("")
        if created:
            # Saved as a draft, but starting it was refused: a second try updates that draft.
            self._saved_name = created[0]
            self.ctx.bus.notify(Changes(campaigns=True))
        show_error(self, exc)


class _ChoicePage(QWizardPage):
    """A wizard step choosing one named thing from a list loaded in the background."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._generation = 0
        self.loaded = False
        self.initial: str | None = None  # chosen once listed (the campaign edited)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)

    # What subclasses say: how to load their entries, and how to show one.
    def _load(self) -> list[Any]:
        raise NotImplementedError

    def _item(self, entry: Any) -> tuple[QListWidgetItem, str]:
        raise NotImplementedError

    def _default_row(self, entries: list[Any], current: str | None) -> int | None:
        """The row chosen when none is selected (``None``: leave it to the user)."""
        return None

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._generation += 1
        generation = self._generation
        Op(self, self._load).success(
            lambda entries: self._on_entries_loaded(generation, entries)
        ).run_in_background("io")

    def _on_entries_loaded(self, generation: int, entries: list[Any]) -> None:
        if generation != self._generation:
            return
        current = self.selected_name() or self.initial
        self.initial = None
        self.list.clear()
        for entry in entries:
            item, name = self._item(entry)
            item.setData(ITEM_ROLE, name)
            self.list.addItem(item)
            if name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            row = self._default_row(entries, current)
            if row is not None:
                # Chosen explicitly (the view would pick it anyway when it gets the focus).
                self.list.setCurrentRow(row)
        self.empty_label.setVisible(not entries)
        self.loaded = True
        self.completeChanged.emit()

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ITEM_ROLE) if item is not None else None

    def choose(self, name: str) -> bool:
        """Select ``name``; ``False`` if it is not listed."""
        for row in range(self.list.count()):
            if self.list.item(row).data(ITEM_ROLE) == name:
                self.list.setCurrentRow(row)
                return True
        return False

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.selected_name() is not None

    def _on_list_current_item_changed(self, *_items: QListWidgetItem | None) -> None:
        self.completeChanged.emit()


class TemplatePage(_ChoicePage):
    """Step 1: the template to send."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Template"))
        self.setSubTitle(self.tr("Choose the message to send."))
        self.list.setObjectName("templateList")
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.empty_label.setText(
            self.tr("There is no template yet: write one on the Templates page first.")
        )
        self.empty_label.setObjectName("templateEmpty")

    def _load(self) -> list[TemplateData]:
        return list_templates(self.ctx.db)

    def _item(self, template: TemplateData) -> tuple[QListWidgetItem, str]:
        item = QListWidgetItem(template.name)
        item.setToolTip(template.subject)
        return item, template.name

    def _default_row(self, entries: list[Any], current: str | None) -> int | None:
        return 0 if entries else None

    def template_name(self) -> str | None:
        return self.selected_name()

    def _on_list_item_double_clicked(self, _item: QListWidgetItem) -> None:
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()


class AudienceTree(QTreeWidget):
    """Lists, tags and segments with check boxes (and "All contacts" when ``with_all``)."""

    def __init__(self, with_all: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self._with_all = with_all

    def fill(
        self,
        lists: Sequence[NamedCount],
        tags: Sequence[NamedCount],
        segments: Sequence[SegmentData],
        also_checked: Iterable[str] = (),
    ) -> None:
        """Offer these; what was ticked stays ticked, and so is ``also_checked``."""
        checked = set(self.checked()) | set(also_checked)
        self.blockSignals(True)
        try:
            self.clear()
            if self._with_all:
                self._add(None, self.tr("All contacts"), "all", checked)
            groups = (
                (self.tr("Lists"), "list", [(n.name, n.count) for n in lists]),
                (self.tr("Tags"), "tag", [(n.name, n.count) for n in tags]),
                (self.tr("Segments"), "segment", [(s.name, None) for s in segments]),
            )
            for title, kind, names in groups:
                if not names:
                    continue
                group = QTreeWidgetItem(self, [title])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for name, count in names:
                    text = (
                        name if count is None else self.tr("{0} ({1})").format(name, _number(count))
                    )
                    self._add(group, text, f"{kind}:{name}", checked)
                group.setExpanded(True)
        finally:
            self.blockSignals(False)

    def _add(self, group: QTreeWidgetItem | None, text: str, key: str, checked: set[str]) -> None:
        item = QTreeWidgetItem([text]) if group is not None else QTreeWidgetItem(self, [text])
        item.setData(0, ITEM_ROLE, key)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        item.setCheckState(0, Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
        if group is not None:
            group.addChild(item)

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top.data(0, ITEM_ROLE):
                found.append(top)
            found.extend(top.child(j) for j in range(top.childCount()))
        return found

    def checked(self) -> list[str]:
        return [
            item.data(0, ITEM_ROLE)
            for item in self._items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, key: str, checked: bool = True) -> bool:
        """Tick (or untick) ``key``; ``False`` if it is not offered."""
        for item in self._items():
            if item.data(0, ITEM_ROLE) == key:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False


class AudiencePage(QWizardPage):
    """Step 2: who receives it (lists, tags, segments or everyone), who is left out, how many."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._names_generation = 0
        self._count_generation = 0
        self.loaded = False
        self.count: AudienceCount | None = None
        # Ticked once offered (the campaign edited).
        self._initial: tuple[list[str], list[str]] = ([], [])
        self.setTitle(self.tr("Audience"))
        self.setSubTitle(
            self.tr(
                "Tick who receives the campaign, and who is left out even if they are in it. "
                "Unsubscribed and bounced contacts never receive it."
            )
        )
        self.include_tree = AudienceTree(with_all=True)
        self.include_tree.setObjectName("audienceInclude")
        self.exclude_tree = AudienceTree(with_all=False)
        self.exclude_tree.setObjectName("audienceExclude")
        include_box = QGroupBox(self.tr("Send to"))
        QVBoxLayout(include_box).addWidget(self.include_tree)
        exclude_box = QGroupBox(self.tr("Except"))
        QVBoxLayout(exclude_box).addWidget(self.exclude_tree)
        trees = QHBoxLayout()
        trees.addWidget(include_box, 1)
        trees.addWidget(exclude_box, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("audienceCount")
        self.count_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(trees, 1)
        layout.addWidget(self.count_label)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        self.include_tree.itemChanged.connect(self._on_tree_item_changed)
        self.exclude_tree.itemChanged.connect(self._on_tree_item_changed)
        self._show_count()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._names_generation += 1
        generation = self._names_generation
        db = self.ctx.db

        Op(self, lambda: audience_choices(db)).success(
            lambda found: self._on_names_loaded(generation, *found)
        ).run_in_background("io")

    def _on_names_loaded(
        self,
        generation: int,
        lists: list[NamedCount],
        tags: list[NamedCount],
        segments: list[SegmentData],
    ) -> None:
        if generation != self._names_generation:
            return
        include, exclude = self._initial
        self._initial = ([], [])
        self.include_tree.fill(lists, tags, segments, include)
        self.exclude_tree.fill(lists, tags, segments, exclude)
        self.loaded = True
        self.completeChanged.emit()
        self._recount()

    def set_initial(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        """Tick these when the lists, tags and segments arrive (those still existing)."""
        self._initial = (list(include), list(exclude))

    def include(self) -> list[str]:
        return self.include_tree.checked()

    def exclude(self) -> list[str]:
        return self.exclude_tree.checked()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.include())

    def _on_tree_item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self.completeChanged.emit()
        self._recount()

    def _recount(self) -> None:
        # Any count on its way is now stale: its result will be ignored.
        self._count_generation += 1
        self.count = None
        self._show_count()
        if self.include():
            self._count_timer.start()
        else:
            self._count_timer.stop()

    def _on_count_timer_timeout(self) -> None:
        generation = self._count_generation
        db, include, exclude = self.ctx.db, self.include(), self.exclude()
        Op(self, lambda: audience_count(db, include, exclude)).success(
            lambda count: self._on_count_succeeded(generation, count)
        ).failure(lambda exc: self._on_count_failed(generation, exc)).run_in_background("io")

    def _on_count_succeeded(self, generation: int, count: AudienceCount) -> None:
        if generation != self._count_generation:
            return
        self.count = count
        self._show_count()

    def _on_count_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._count_generation:
            return
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "counting an audience")
        self.count_label.setText(error_text(exc))

    def _show_count(self) -> None:
        if not self.include():
            self.count_label.setText(self.tr("Tick at least one list, tag or segment."))
        elif self.count is None:
            self.count_label.setText(self.tr("Counting…"))
        else:
            self.count_label.setText(self.count_text(self.count))

    def count_text(self, count: AudienceCount) -> str:
        text = self.tr("%Ln recipient(s)", "", count.recipients)
        if count.suppressed:
            text += ", " + self.tr(
                "%Ln unsubscribed or bounced contact(s) excluded", "", count.suppressed
            )
        return text


class AccountPage(_ChoicePage):
    """Step 3: the sending account (its From address and limits)."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Sending account"))
        self.setSubTitle(self.tr("Choose the account that sends the campaign."))
        self.list.setObjectName("accountList")
        self.empty_label.setText(
            self.tr("There is no sending account yet: add one in Settings, Accounts tab, first.")
        )
        self.empty_label.setObjectName("accountEmpty")

    def _load(self) -> list[AccountData]:
        return list_accounts(self.ctx.db)

    def _item(self, account: AccountData) -> tuple[QListWidgetItem, str]:
        item = QListWidgetItem(
            self.tr("{name} — {sender}").format(name=account.name, sender=account.from_address)
        )
        return item, account.name

    def _default_row(self, entries: list[Any], current: str | None) -> int | None:
        # The usual case: one account, nothing to choose.
        return 0 if len(entries) == 1 and current is None else None

    def account_name(self) -> str | None:
        return self.selected_name()


class SchedulePage(QWizardPage):
    """Step 4: now, once at a date and time (local time, stored as UTC), or on a recurring
    schedule (a cron expression read in a time zone)."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("When"))
        self.setSubTitle(
            self.tr("Send as soon as you confirm, once at a date and time, or repeatedly.")
        )
        # A one-off campaign keeps the time zone it has (it matters only to recurring ones).
        self._timezone = (
            wizard.campaign.timezone if wizard.campaign is not None else DEFAULT_TIMEZONE
        )
        self.now_radio = QRadioButton(self.tr("Send now"))
        self.now_radio.setObjectName("scheduleNow")
        self.later_radio = QRadioButton(self.tr("Send once on:"))
        self.later_radio.setObjectName("scheduleLater")
        self.repeat_radio = QRadioButton(self.tr("Repeat on a schedule"))
        self.repeat_radio.setObjectName("scheduleRepeat")
        self.now_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.now_radio)
        group.addButton(self.later_radio)
        group.addButton(self.repeat_radio)
        self.time_edit = QDateTimeEdit()
        self.time_edit.setObjectName("scheduleTime")
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDateTime(self.default_time())
        self.time_edit.setEnabled(False)
        self.recurrence = RecurrenceEditor(wizard.ctx.tasks)
        self.recurrence.setObjectName("scheduleRecurrence")
        self.recurrence.setVisible(False)
        self.message_label = QLabel()
        self.message_label.setObjectName("scheduleMessage")
        self.message_label.setWordWrap(True)
        later = QHBoxLayout()
        later.addWidget(self.later_radio)
        later.addWidget(self.time_edit)
        later.addStretch(1)
        repeat = QHBoxLayout()
        repeat.addSpacing(24)  # under its radio button
        repeat.addWidget(self.recurrence, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.now_radio)
        layout.addLayout(later)
        layout.addWidget(self.repeat_radio)
        layout.addLayout(repeat)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.later_radio.toggled.connect(self._on_later_radio_toggled)
        self.repeat_radio.toggled.connect(self._on_repeat_radio_toggled)
        self.time_edit.dateTimeChanged.connect(self._on_time_edit_date_time_changed)
        self.recurrence.sig_schedule_changed.connect(self._on_recurrence_schedule_changed)

    @staticmethod
    def default_time() -> QDateTime:
        """The next round hour, at least 30 minutes away."""
        soon = QDateTime.currentDateTime().addSecs(30 * 60 + 3599)
        return QDateTime(soon.date(), QTime(soon.time().hour(), 0))

    def set_scheduled_at(self, when: datetime | None) -> None:
        """Choose "now" (``None``) or an aware datetime, shown in local time."""
        if when is None:
            self.now_radio.setChecked(True)
            return
        self.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
        self.later_radio.setChecked(True)

    def set_recurrence(self, cron: str, timezone: str) -> None:
        """Choose the recurring schedule ``cron`` in ``timezone``."""
        self.recurrence.set_schedule(cron, timezone)
        self._timezone = timezone
        self.repeat_radio.setChecked(True)

    def recurring(self) -> bool:
        return self.repeat_radio.isChecked()

    def scheduled_at(self) -> datetime | None:
        """The chosen time as an aware UTC datetime; ``None`` for now (or recurring)."""
        if not self.later_radio.isChecked():
            return None
        seconds = self.time_edit.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, UTC)

    def cron(self) -> str:
        """The recurring schedule; ``""`` for a campaign sent once."""
        return self.recurrence.cron() if self.recurring() else ""

    def timezone(self) -> str:
        return self.recurrence.timezone() if self.recurring() else self._timezone

    def _in_future(self) -> bool:
        when = self.scheduled_at()
        return when is None or when > datetime.now(UTC)

    def _ready(self) -> bool:
        if self.recurring():
            return self.recurrence.is_valid()  # the editor says what is wrong
        return self._in_future()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._ready()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        # Time passes while the page is open: checked again on Next.
        self._check()
        return self._ready()

    def _on_later_radio_toggled(self, checked: bool) -> None:
        self.time_edit.setEnabled(checked)
        self._check()

    def _on_repeat_radio_toggled(self, checked: bool) -> None:
        self.recurrence.setVisible(checked)
        self._check()

    def _on_time_edit_date_time_changed(self, _value: QDateTime) -> None:
        self._check()

    def _on_recurrence_schedule_changed(self) -> None:
        self.completeChanged.emit()

    def _check(self) -> None:
        self.message_label.setText(
            "" if self._in_future() else self.tr("Choose a time in the future.")
        )
        self.completeChanged.emit()


class ReviewPage(QWizardPage):
    """Step 5: the name, what the pre-send check found, a test; then send, schedule or save."""

    def __init__(self, wizard: CampaignWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._wizard = wizard
        self._generation = 0
        self._name_edited = False
        self.report: PrecheckReport | None = None
        self.setTitle(self.tr("Review"))
        self.setFinalPage(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("campaignName")
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reviewSummary")
        self.summary_label.setWordWrap(True)
        self.recipients_label = QLabel()
        self.recipients_label.setObjectName("precheckRecipients")
        self.suppressed_label = QLabel()
        self.suppressed_label.setObjectName("precheckSuppressed")
        self.missing_label = QLabel()
        self.missing_label.setObjectName("precheckMissing")
        self.missing_label.setWordWrap(True)
        self.size_label = QLabel()
        self.size_label.setObjectName("precheckSize")
        self.text_label = QLabel()
        self.text_label.setObjectName("precheckText")
        self.errors_label = QLabel()
        self.errors_label.setObjectName("precheckErrors")
        self.errors_label.setWordWrap(True)
        self.errors_label.setStyleSheet("color: #b00020;")
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("precheckWarnings")
        self.warnings_label.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Send a test to…"))
        self.test_button.setObjectName("reviewTest")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.test_label = QLabel()
        self.test_label.setObjectName("reviewTestResult")
        self.test_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("reviewStatus")
        self.status_label.setWordWrap(True)
        # Unknown (disabled) until the wizard has looked for a relay.
        self.relay_connected: bool | None = None
        self.tracking_check = QCheckBox(self.tr("Track opens and clicks"))
        self.tracking_check.setObjectName("campaignTracking")
        self.tracking_check.setEnabled(False)
        self.tracking_check.setToolTip(
            self.tr(
                "Adds an invisible image and sends links through your relay. Contacts who have "
                "not agreed to tracking are not tracked when the account requires consent."
            )
        )
        self.tracking_note = QLabel()
        self.tracking_note.setObjectName("campaignTrackingNote")
        self.tracking_note.setWordWrap(True)
        self.tracking_note.setVisible(False)
        # What the campaign edited had; None: a new campaign (tracked once a relay is there).
        campaign = wizard.campaign
        self._initial_tracking: bool | None = campaign.tracking if campaign is not None else None

        form = QFormLayout()
        form.addRow(self.tr("Campaign name:"), self.name_edit)
        form.addRow(self.summary_label)
        form.addRow(self.tracking_check)
        form.addRow(self.tracking_note)
        check = QGroupBox(self.tr("Pre-send check"))
        check_form = QFormLayout(check)
        check_form.addRow(self.tr("Recipients:"), self.recipients_label)
        check_form.addRow(self.tr("Left out (unsubscribed, bounced…):"), self.suppressed_label)
        check_form.addRow(self.tr("Missing values:"), self.missing_label)
        check_form.addRow(self.tr("Message size:"), self.size_label)
        check_form.addRow(self.tr("Text version:"), self.text_label)
        check_form.addRow(self.errors_label)
        check_form.addRow(self.warnings_label)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(check)
        layout.addLayout(test_row)
        layout.addStretch(1)
        layout.addWidget(self.status_label)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def set_name(self, name: str) -> None:
        """Name the campaign (kept when the page is shown, as if typed)."""
        self.name_edit.setText(name)
        self._name_edited = True

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_relay_connected(self, connected: bool) -> None:
        """Offer tracking (on unless the campaign edited had it off), or say why it cannot be."""
        self.relay_connected = connected
        self.tracking_check.setEnabled(connected)
        if connected:
            initial = self._initial_tracking
            self.tracking_check.setChecked(True if initial is None else initial)
            self.tracking_note.setVisible(False)
        else:
            self.tracking_check.setChecked(False)
            self.tracking_note.setText(
                self.tr(
                    "Opens and clicks are collected by a relay you host: connect one in "
                    "Settings, Relay tab, to track them."
                )
            )
            self.tracking_note.setVisible(True)

    def tracking(self) -> bool | None:
        """Whether the campaign is tracked; ``None`` while the relay is not known yet."""
        if self.relay_connected is None:
            return None
        return self.relay_connected and self.tracking_check.isChecked()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self._wizard
        template = wizard.template_page.template_name() or ""
        if not self._name_edited:
            today = QLocale().toString(QDate.currentDate(), QLocale.FormatType.ShortFormat)
            self.name_edit.setText(f"{template} {today}")
        later = wizard.schedule_page.scheduled_at() is not None or wizard.schedule_page.recurring()
        self.summary_label.setText(self.summary_text(wizard.campaign_input()))
        self.setButtonText(
            QWizard.WizardButton.FinishButton,
            self.tr("Schedule") if later else self.tr("Send now"),
        )
        self.status_label.clear()
        self.test_label.clear()
        self._precheck()

    def summary_text(self, data: CampaignInput) -> str:
        when = self.when_text(data)
        lines = [
            self.tr("Template: {0}").format(data.template),
            self.tr("Audience: {0}").format(", ".join(self._audience_names(data.include))),
        ]
        if data.exclude:
            lines.append(
                self.tr("Except: {0}").format(", ".join(self._audience_names(data.exclude)))
            )
        lines.append(self.tr("Account: {0}").format(data.account))
        lines.append(self.tr("Sending: {0}").format(when))
        return "\n".join(lines)

    def when_text(self, data: CampaignInput) -> str:
        """When it sends: "now", "on <date>", or the recurring schedule and its next date."""
        if data.cron:
            rule = schedule_text(data.cron, data.timezone)
            nxt = next_occurrence(data.cron, data.timezone)
            if nxt is None:
                return rule
            return self.tr("{schedule}; next on {date}").format(
                schedule=rule, date=occurrence_text(nxt)
            )
        if data.scheduled_at is not None:
            return self.tr("on {0}").format(local_time_text(data.scheduled_at))
        return self.tr("now")

    def _audience_names(self, items: Sequence[str]) -> list[str]:
        kinds = {"list": self.tr("list"), "tag": self.tr("tag"), "segment": self.tr("segment")}
        names = []
        for item in items:
            if item == "all":
                names.append(self.tr("all contacts"))
                continue
            kind, _, name = item.partition(":")
            names.append(self.tr("{kind} “{name}”").format(kind=kinds.get(kind, kind), name=name))
        return names

    def _precheck(self) -> None:
        self._generation += 1
        generation = self._generation
        self.report = None
        for label in (
            self.recipients_label,
            self.suppressed_label,
            self.missing_label,
            self.size_label,
            self.text_label,
            self.warnings_label,
        ):
            label.clear()
        self.errors_label.clear()
        self.recipients_label.setText(self.tr("Checking…"))
        self.completeChanged.emit()
        db, data = self.ctx.db, self._wizard.campaign_input()
        Op(self, lambda: precheck_input(db, data)).success(
            lambda report: self._on_precheck_succeeded(generation, report)
        ).failure(lambda exc: self._on_precheck_failed(generation, exc)).run_in_background("io")

    def _on_precheck_succeeded(self, generation: int, report: PrecheckReport) -> None:
        if generation != self._generation:
            return
        self.report = report
        locale = QLocale()
        self.recipients_label.setText(_number(report.recipients))
        self.suppressed_label.setText(_number(report.suppressed))
        self.missing_label.setText(
            "\n".join(
                self.tr("{field}: empty for %Ln contact(s)", "", m.count).format(field=m.field)
                for m in report.missing
            )
            or self.tr("None")
        )
        size = self.tr("{size} (limit {limit})").format(
            size=locale.formattedDataSize(report.message_size),
            limit=locale.formattedDataSize(report.size_limit),
        )
        self.size_label.setText(size)
        if report.auto_text:
            self.text_label.setText(self.tr("Generated from the HTML"))
        elif report.has_text_part:
            self.text_label.setText(self.tr("Written in the template"))
        else:
            self.text_label.setText(self.tr("None"))
        self.errors_label.setText("\n".join(notice_text(e) for e in report.errors))
        self.warnings_label.setText("\n".join(notice_text(w) for w in report.warnings))
        self.completeChanged.emit()

    def _on_precheck_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "checking a campaign before sending")
        self.recipients_label.clear()
        self.errors_label.setText(error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return (
            self.report is not None
            and self.report.ok
            and bool(self.name())
            and not self._wizard.saving
        )

    def _on_name_edit_text_edited(self, _text: str) -> None:
        self._name_edited = True  # the user's name is kept if they go back and come again

    def _on_name_edit_text_changed(self, _text: str) -> None:
        self._wizard.update_draft_button()
        self.completeChanged.emit()

    # --- test message ---------------------------------------------------------------------------

    def ask_test_address(self) -> str | None:
        """The address for a test message (tests replace this method)."""
        value, ok = QInputDialog.getText(
            self,
            self.tr("Send a test"),
            self.tr("Send a test message to the address:"),
            QLineEdit.EchoMode.Normal,
        )
        return value.strip() if ok and value.strip() else None

    def _on_test_button_clicked(self) -> None:
        address = self.ask_test_address()
        if not address:
            return
        data = self._wizard.campaign_input()
        db, secrets = self.ctx.db, self.ctx.secrets
        self.test_button.setEnabled(False)
        self.test_label.setText(self.tr("Sending a test to {0}…").format(address))
        Op(
            self,
            lambda: test_send(
                db, secrets, template=data.template, account=data.account, to=address
            ),
        ).success(self._on_test_sent).failure(self._on_test_failed).run_in_background("io")

    def _on_test_sent(self, confirmation: str) -> None:
        self.test_button.setEnabled(True)
        self.test_label.setText(notice_text(confirmation))

    def _on_test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "sending a test message")
        self.test_label.setText(error_text(exc))
