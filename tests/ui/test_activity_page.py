"""The activity page over a real database: messages of a real send, filters, retrying failures,
and a large outbox fetched page by page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.sending.activity import ActivityQuery, count_messages
from app.sending.campaigns import CampaignInput, create_campaign, start_campaign
from tests.ui.conftest import add_people, wait_idle
from ui.models.messages_model import CAMPAIGN, EMAIL, ERROR, STATUS, MessagesModel
from ui.pages.activity_page import ActivityPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _start(ctx, name: str, include: str = "list:Clients") -> None:  # type: ignore[no-untyped-def]
    create_campaign(
        ctx.db, CampaignInput(name=name, template="Soldes", account="Local", include=[include])
    )
    start_campaign(ctx.db, name)


@pytest.fixture
def sent(qtbot, ctx, mail_world, start_sending) -> None:  # type: ignore[no-untyped-def]
    """Campaign "Noël" sent: anne and chloe accepted, bruno refused (550), denis unsubscribed.
    The sender is stopped afterwards, so retried messages stay queued."""
    mail_world.reply_for("bruno@example.fr", "550 5.1.1 <bruno@example.fr>: user unknown")
    bridge = start_sending()
    _start(ctx, "Noël")
    with qtbot.waitSignal(bridge.sig_campaign_finished, timeout=20_000):
        bridge.wake()
    bridge.stop()
    wait_idle(qtbot, ctx)


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    page = ActivityPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: not page.model.loading and page.campaign.count() > 0)
    yield page
    wait_idle(qtbot, ctx)


def _rows(page: ActivityPage) -> list[tuple[str, str]]:
    model = page.model
    rows = [
        (model.index(r, EMAIL).data(), model.index(r, STATUS).data())
        for r in range(model.rowCount())
    ]
    return sorted(rows)


def _wait_query(qtbot, page: ActivityPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.model.query == page.current_query() and not page.model.loading)


def test_messages_with_status_error_and_filters(qtbot, ctx, sent, page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.campaign.findData("Noël") >= 0)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    qtmodeltester.check(model)
    wait_idle(qtbot, ctx)
    assert _rows(page) == [
        ("anne@example.fr", "Sent"),
        ("bruno@example.fr", "Failed"),
        ("chloe@example.fr", "Sent"),
        ("denis@example.fr", "Not sent (suppressed)"),
    ]
    assert page.count_label.text().startswith("4 message")
    bruno = next(r for r in range(4) if model.index(r, EMAIL).data() == "bruno@example.fr")
    assert "550" in model.index(bruno, ERROR).data()
    assert "user unknown" in model.index(bruno, ERROR).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(bruno, CAMPAIGN).data() == "Noël"
    assert model.headerData(ERROR, Qt.Orientation.Horizontal) == "Error"

    page.select_status("failed")
    _wait_query(qtbot, page)
    assert _rows(page) == [("bruno@example.fr", "Failed")]
    page.select_status(None)
    page.search.setText("ANNE")
    page.apply_filters()  # Return, without waiting for the typing delay
    _wait_query(qtbot, page)
    assert _rows(page) == [("anne@example.fr", "Sent")]
    page.search.clear()
    assert page.select_campaign("Noël")
    _wait_query(qtbot, page)
    assert model.rowCount() == 4
    assert not page.select_campaign("Inconnue")


def test_retry_selected_failed_messages(qtbot, ctx, sent, page) -> None:  # type: ignore[no-untyped-def]
    assert not page.retry_button.isEnabled()  # nothing selected
    page.select_status("failed")
    _wait_query(qtbot, page)
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.retry_button.isEnabled())
    page.retry_button.click()
    # Back in the queue: gone from the failed filter, "Queued" under any status.
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.model.loading)
    assert page.message.text().startswith("1 message")
    assert count_messages(ctx.db, ActivityQuery(status="queued")) == 1
    page.select_status(None)
    _wait_query(qtbot, page)
    assert ("bruno@example.fr", "Queued") in _rows(page)

    # A sent message is not retried.
    anne = next(r for r in range(4) if page.model.index(r, EMAIL).data() == "anne@example.fr")
    page.table.selectRow(anne)
    assert not page.retry_button.isEnabled()


def test_retry_all_failed_of_a_campaign(qtbot, ctx, sent, page) -> None:  # type: ignore[no-untyped-def]
    assert not page.retry_all_button.isEnabled()  # no campaign chosen
    qtbot.waitUntil(lambda: page.select_campaign("Noël"))
    assert page.retry_all_button.isEnabled()
    page.retry_all_button.click()
    qtbot.waitUntil(lambda: ("bruno@example.fr", "Queued") in _rows(page))
    assert count_messages(ctx.db, ActivityQuery(status="failed")) == 0


def test_a_large_outbox_is_fetched_page_by_page(qtbot, ctx, mail_world, page) -> None:  # type: ignore[no-untyped-def]
    add_people(ctx, 20_000, list_name="Foule")
    _start(ctx, "Grande", include="list:Foule")  # no sender: 20,000 messages stay queued
    page.model.refresh()
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 20_000 and not model.loading, timeout=20_000)
    assert "".join(ch for ch in page.count_label.text() if ch.isdigit()) == "20000"
    # Only what the view shows was fetched: the first page (with the count), maybe one more.
    qtbot.waitUntil(lambda: not model.loading)
    assert len(model._pages) <= 2
    page.table.scrollToBottom()
    last = model.index(model.rowCount() - 1, EMAIL)
    qtbot.waitUntil(lambda: last.data() is not None)
    assert last.data() == "person0000@example.fr"  # newest first: the first queued is last
    assert len(model._pages) <= 4

    # Selecting everything, fetched or not: Retry looks at the rows not fetched in the
    # background (queued messages: nothing to retry).
    page.table.selectAll()
    found, missing = model.messages_in([(0, model.rowCount() - 1)])
    assert len(found) + sum(n for _, n in missing) == 20_000 and missing
    assert page.retry_button.isEnabled()
    page.retry_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert page.message.text() == "No failed or in-doubt message to send again."


def test_model_keeps_rows_while_refreshing(qtbot, ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    _start(ctx, "Noël")
    model = MessagesModel(ctx.db, ctx.tasks, page_size=2)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_query(ActivityQuery())
    qtbot.waitUntil(lambda: model.rowCount() == 4 and not model.loading)
    assert resets == [4]
    # Row 3 is on the second page: fetched on demand.
    assert model.message_at(3) is None
    qtbot.waitUntil(lambda: model.message_at(3) is not None)
    from sqlalchemy import update

    from app.db.models import Message

    with ctx.db.session() as s:
        s.execute(update(Message).where(Message.status == "queued").values(status="sent"))
    model.refresh()
    # Same count: no reset; the old second page is shown until its fresh copy arrives.
    assert model.message_at(3) is not None
    qtbot.waitUntil(lambda: not model.loading)
    qtbot.waitUntil(lambda: all(model.message_at(r) is not None for r in range(4)))
    wait_idle(qtbot, ctx)
    assert resets == [4]
    assert {model.message_at(r).status for r in range(4)} == {"sent", "suppressed"}


@pytest.fixture
def french(qapp):  # type: ignore[no-untyped-def]
    """The French catalogue (ui and core messages) installed over the English one."""
    from PySide6.QtCore import QTranslator

    from ui.resources import translation_file

    translator = QTranslator()
    assert translator.load(str(translation_file("fr")))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_stored_errors_are_shown_translated(qtbot, ctx, mail_world, page, french) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from app.db.models import Message
    from app.sending.outbox import GAVE_UP, SUPPRESSED_REASONS

    _start(ctx, "Noël")  # no sender: the rows stay as written
    stored = {
        "anne@example.fr": GAVE_UP.format(attempts=3, reason="421 4.7.0 Too busy"),
        "bruno@example.fr": "550 5.1.1 <bruno@example.fr>: user unknown",
    }
    with ctx.db.session() as s:
        for email, text in stored.items():
            s.execute(
                update(Message)
                .where(Message.email == email)
                .values(status="failed", last_error=text, attempts=3)
            )
    page.model.refresh()
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 4 and not model.loading)
    wait_idle(qtbot, ctx)
    errors = {
        model.index(r, EMAIL).data(): (
            model.index(r, ERROR).data(),
            model.index(r, ERROR).data(Qt.ItemDataRole.ToolTipRole),
        )
        for r in range(4)
    }
    gave_up = "Abandon après 3 tentatives : 421 4.7.0 Too busy"
    assert errors["anne@example.fr"] == (gave_up, gave_up)
    # A server's reply is shown as it is.
    assert errors["bruno@example.fr"] == (stored["bruno@example.fr"],) * 2
    # The reason an unsubscribed contact was left out, written when the send started.
    assert SUPPRESSED_REASONS["unsubscribed"] == "Unsubscribed"
    assert errors["denis@example.fr"][0] == "Désabonné"
    assert errors["chloe@example.fr"] == ("", None)
