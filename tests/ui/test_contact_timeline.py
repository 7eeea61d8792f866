"""A contact's activity on their detail dialog: mail sent, opens, clicks, unsubscribes, newest
first, read in the background; automatic (bot) events shown apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime, QLocale

from app.contacts.service import get_contact
from tests.ui.conftest import wait_idle
from tests.ui.stats_seed import days_ago, send_campaign, track
from ui.dialogs.contact_dialog import TIMELINE_ROLE, ContactDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHOP = "https://shop.example.fr/noel"


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return QLocale().toString(QDateTime(moment.astimezone()), QLocale.FormatType.ShortFormat)


@pytest.fixture
def anne_activity(ctx, mail_world):  # type: ignore[no-untyped-def]
    """anne got "Noël" 3 days ago: a prefetch opened it at once, she opened it, clicked the shop,
    and unsubscribed yesterday."""
    sent = send_campaign(ctx, "Noël", "list:Clients", days_ago(3, hour=9))
    anne = sent["anne@example.fr"]
    track(ctx, "open", anne, days_ago(3, hour=9) + timedelta(seconds=1), bot=True)
    track(ctx, "open", anne, days_ago(3, hour=14))
    track(ctx, "click", anne, days_ago(3, hour=15), url=SHOP)
    track(ctx, "unsubscribe", anne, days_ago(1))
    # Someone else's activity is not anne's.
    track(ctx, "open", sent["chloe@example.fr"], days_ago(2))
    return get_contact(ctx.db, "anne@example.fr")


def _open(qtbot, ctx, contact) -> ContactDialog:  # type: ignore[no-untyped-def]
    dialog = ContactDialog(ctx, None, contact)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.timeline_loaded)
    return dialog


def test_activity_tab_lists_the_events_newest_first(qtbot, ctx, anne_activity) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, ctx, anne_activity)
    assert dialog.tabs is not None
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["Details", "Activity"]
    dialog.tabs.setCurrentIndex(1)
    tree = dialog.timeline
    rows = [
        [tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())
    ]
    # The sent mail's subject comes from the service (rendered for anne).
    subject = tree.topLevelItem(len(rows) - 1).data(0, TIMELINE_ROLE).subject
    assert rows == [
        [_when(days_ago(1)), "Unsubscribed", "Noël", rows[0][3]],
        [_when(days_ago(3, hour=15)), "Clicked a link", "Noël", SHOP],
        [_when(days_ago(3, hour=14)), "Opened", "Noël", rows[2][3]],
        [
            _when(days_ago(3, hour=9) + timedelta(seconds=1)),
            "Opened (automatic)",
            "Noël",
            rows[3][3],
        ],
        [_when(days_ago(3, hour=9)), "Mail sent", "Noël", subject],
    ]
    kinds = [tree.topLevelItem(i).data(0, TIMELINE_ROLE).kind for i in range(len(rows))]
    assert kinds == ["unsubscribe", "click", "open", "open", "sent"]
    # The automatic open: greyed and explained, the others not.
    bot = tree.topLevelItem(3)
    assert bot.font(1).italic() and "automatic" in bot.toolTip(1)
    assert not tree.topLevelItem(2).font(1).italic()
    assert not dialog.timeline_empty.isVisible()
    assert not tree.topLevelItem(0).icon(1).isNull()
    wait_idle(qtbot, ctx)


def test_no_activity_and_a_new_contact(qtbot, ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, ctx, get_contact(ctx.db, "bruno@example.fr"))
    dialog.tabs.setCurrentIndex(1)
    assert dialog.timeline.topLevelItemCount() == 0
    assert dialog.timeline_empty.isVisible()
    assert dialog.timeline_empty.text() == "No activity yet."
    # A new contact has no activity tab.
    new = ContactDialog(ctx)
    qtbot.addWidget(new)
    assert new.tabs is None and new.timeline is None
    wait_idle(qtbot, ctx)
