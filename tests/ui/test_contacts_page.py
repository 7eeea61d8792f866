"""The contacts page, its lazy model and its dialogs, over a real temporary database."""

from __future__ import annotations

import csv
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from sqlalchemy import insert

from app.contacts.segments import create_segment
from app.contacts.service import (
    ContactData,
    ContactInput,
    ContactQuery,
    add_contact,
    delete_named,
    fetch_contacts,
    get_contact,
    list_contacts,
    query_contact_ids,
    remove_contacts,
    set_list_membership,
    tag_contacts,
    update_contact,
)
from app.db import Database
from app.db.models import Contact
from app.errors import NotFound
from tests.ui.conftest import wait_idle
from ui.context import AppContext, Changes
from ui.dialogs.bulk_assign_dialog import BulkAssignDialog
from ui.dialogs.contact_dialog import ContactDialog, names_edit, split_names
from ui.models.contacts_model import CONTACT_ROLE, ID_ROLE, ContactsTableModel
from ui.pages.contacts_page import ContactsPage

# The offscreen platform warns that it cannot propagate size hints when a window is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = [
    ("alice@exemple.fr", "Alice", "Martin", "Boulangerie Martin"),
    ("bruno@exemple.fr", "Bruno", "Dupont", "Garage Dupont"),
    ("chloe@exemple.fr", "Chloé", "Durand", ""),
    ("david@exemple.fr", "David", "Dupont", "Garage Dupont"),
    ("emma@exemple.fr", "Emma", "Bernard", "Fleurs Emma"),
]


def add_people(db: Database) -> dict[str, ContactData]:
    return {
        email: add_contact(
            db, ContactInput(email=email, first_name=first, last_name=last, company=company)
        )
        for email, first, last, company in PEOPLE
    }


def bulk_contacts(db: Database, count: int) -> None:
    """Many contacts at once (the service adds one per transaction, too slow for thousands)."""
    now = datetime.now(UTC)
    with db.engine.begin() as conn:
        conn.execute(
            insert(Contact),
            [
                {
                    "email": f"contact{i:05d}@exemple.fr",
                    "first_name": f"Prénom{i}",
                    "last_name": "Nom",
                    "company": "",
                    "phone": "",
                    "locale": "fr",
                    "attributes": {},
                    "status": "subscribed",
                    "consent_source": "test",
                    "consent_text": "",
                    "consent_ip": "",
                    "tracking_consent": False,
                    "created_at": now - timedelta(minutes=i),
                    "updated_at": now,
                }
                for i in range(count)
            ],
        )


def column_texts(model: ContactsTableModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def emails(model: ContactsTableModel) -> list[str]:
    return column_texts(model, 0)


@pytest.fixture
def page(qtbot, ctx: AppContext) -> Iterator[ContactsPage]:  # type: ignore[no-untyped-def]
    """The page, shown, once its first query has been answered."""
    add_people(ctx.db)
    widget = ContactsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    wait_idle(qtbot, ctx)
    yield widget
    wait_idle(qtbot, ctx)


def select_rows(page: ContactsPage, rows: Sequence[int]) -> None:
    selection_model = page.table.selectionModel()
    selection_model.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection_model.select(page.model.index(row, 0), flags)


# --- the model ---------------------------------------------------------------------------------


def test_model_passes_the_model_tester(qtbot, qtmodeltester, ctx) -> None:  # type: ignore[no-untyped-def]
    model = ContactsTableModel(ctx.db, ctx.tasks)
    qtmodeltester.check(model)  # empty
    people = add_people(ctx.db)
    tag_contacts(ctx.db, [people["alice@exemple.fr"].id], ["client", "vip"])
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000) as blocker:
        model.refresh()
    assert blocker.args == [5]
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Email"
    assert emails(model) == sorted(people)
    alice = model.index(0, 0)
    assert model.data(alice, ID_ROLE) == people["alice@exemple.fr"].id
    assert model.data(alice, CONTACT_ROLE).company == "Boulangerie Martin"
    assert model.data(model.index(0, 5)) == "Subscribed"
    assert model.data(model.index(0, 6)) == "client, vip"
    assert model.data(model.index(0, 8))  # the creation date, formatted
    wait_idle(qtbot, ctx)


def test_a_far_row_fetches_only_a_batch_around_it(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    bulk_contacts(ctx.db, 5000)
    fetched: list[list[int]] = []

    def counting_fetch(db: Database, ids: Sequence[int]) -> list[ContactData]:
        fetched.append(list(ids))
        return fetch_contacts(db, ids)

    model = ContactsTableModel(
        ctx.db, ctx.tasks, fetch=counting_fetch, batch_size=200, max_cached_rows=400
    )
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.refresh()
    assert model.rowCount() == 5000
    # The first batch came with the ids (fetched in the background): the top rows are ready.
    assert fetched == [list(model.ids[:200])]
    assert model.data(model.index(199, 0)) == "contact00199@exemple.fr"
    assert len(fetched) == 1

    assert model.data(model.index(2500, 0)) == "contact02500@exemple.fr"
    assert fetched[-1] == list(model.ids[2450:2650])  # a quarter above, the rest below
    model.data(model.index(2649, 3))
    model.data(model.index(2450, 6), Qt.ItemDataRole.ToolTipRole)
    assert len(fetched) == 2  # in the batch: from the cache

    model.data(model.index(2700, 0))  # scrolling on: only the rows not cached yet
    assert fetched[-1] == list(model.ids[2650:2850])
    model.data(model.index(4990, 1))  # near the end: the batch stops at the last row
    assert fetched[-1] == list(model.ids[4800:5000])
    assert len(fetched) == 4
    model.data(model.index(2500, 0))  # evicted (400 rows kept): fetched again
    assert len(fetched) == 5 and model.id_at(2500) in fetched[-1]
    # Roles the model does not serve never touch the database.
    model.data(model.index(1000, 0), Qt.ItemDataRole.DecorationRole)
    assert len(fetched) == 5
    wait_idle(qtbot, ctx)


def test_a_contact_deleted_since_the_query_shows_as_an_empty_row(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    people = add_people(ctx.db)
    model = ContactsTableModel(ctx.db, ctx.tasks, batch_size=2)
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.refresh()  # rows 0 and 1 come with the ids
    remove_contacts(ctx.db, [people["david@exemple.fr"].id])
    assert model.data(model.index(3, 0)) is None
    assert model.contact_at(3) is None
    assert model.data(model.index(2, 0)) == "chloe@exemple.fr"
    wait_idle(qtbot, ctx)


def test_sort_requeries_in_sql_and_ignores_unsortable_columns(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    add_people(ctx.db)
    model = ContactsTableModel(ctx.db, ctx.tasks)
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.refresh()
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.query.order_by == "first_name" and model.query.descending
    assert column_texts(model, 1) == ["Emma", "David", "Chloé", "Bruno", "Alice"]
    with qtbot.assertNotEmitted(model.sig_count_changed, wait=0):
        model.sort(6, Qt.SortOrder.AscendingOrder)  # tags: not sortable in SQL
    assert model.query.order_by == "first_name"
    wait_idle(qtbot, ctx)


def test_a_newer_query_supersedes_a_slower_older_one(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    add_people(ctx.db)
    release = threading.Event()

    def ids(db: Database, query: ContactQuery) -> list[int]:
        if query.search == "martin":
            release.wait(5)  # the old query is slow: its answer comes last
        return query_contact_ids(db, query)

    model = ContactsTableModel(ctx.db, ctx.tasks, query_ids=ids)
    counts: list[int] = []
    model.sig_count_changed.connect(counts.append)
    model.set_query(ContactQuery(search="martin"))
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.set_query(ContactQuery(search="dupont"))
    release.set()
    wait_idle(qtbot, ctx)
    assert counts == [2]
    assert emails(model) == ["bruno@exemple.fr", "david@exemple.fr"]
    assert not model.loading


def test_a_failed_query_is_reported_and_keeps_the_rows(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    add_people(ctx.db)
    model = ContactsTableModel(ctx.db, ctx.tasks)
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.refresh()
    with qtbot.waitSignal(model.sig_load_failed, timeout=5000) as blocker:
        model.set_query(ContactQuery(list_name="nowhere"))
    assert isinstance(blocker.args[0], NotFound)
    assert model.rowCount() == 5
    wait_idle(qtbot, ctx)


def test_same_rows_after_a_refresh_only_repaint(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    people = add_people(ctx.db)
    model = ContactsTableModel(ctx.db, ctx.tasks)
    with qtbot.waitSignal(model.sig_count_changed, timeout=5000):
        model.refresh()
    update_contact(ctx.db, people["chloe@exemple.fr"].id, ContactInput(company="Chez Chloé"))
    with (
        qtbot.assertNotEmitted(model.modelReset, wait=0),
        qtbot.waitSignal(model.dataChanged, timeout=5000),
    ):
        model.refresh()
    assert model.data(model.index(2, 3)) == "Chez Chloé"
    wait_idle(qtbot, ctx)


# --- the page ----------------------------------------------------------------------------------


def test_page_shows_the_contacts_and_their_count(page: ContactsPage) -> None:
    assert emails(page.model) == [p[0] for p in PEOPLE]
    assert page.count_label.text() == "5 contacts"
    assert page.table.isSortingEnabled()
    assert page.table.alternatingRowColors()
    assert page.table.selectionMode() == page.table.SelectionMode.ExtendedSelection


def test_count_uses_the_locale_thousands_separator(page: ContactsPage) -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        assert page.count_text(1234) == "1\u202f234 contacts"
        assert page.count_text(1) == "1 contact"
    finally:
        QLocale.setDefault(previous)


def test_search_is_debounced_and_filters_in_sql(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    counts: list[int] = []
    page.model.sig_count_changed.connect(counts.append)
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        qtbot.keyClicks(page.search, "dupont")
    wait_idle(qtbot, ctx)
    assert counts == [2]  # one query for the six keystrokes
    assert emails(page.model) == ["bruno@exemple.fr", "david@exemple.fr"]
    assert page.count_label.text() == "2 contacts"
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.search.clear()
    assert page.model.rowCount() == 5


def test_clicking_a_header_sorts_by_that_column(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        x = header.sectionViewportPosition(2) + header.sectionSize(2) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.query.order_by == "last_name"
    assert column_texts(page.model, 2) == ["Bernard", "Dupont", "Dupont", "Durand", "Martin"]
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert column_texts(page.model, 2) == ["Martin", "Durand", "Dupont", "Dupont", "Bernard"]
    # Equal names keep a stable order (by id, reversed when descending).
    assert emails(page.model)[2:4] == ["david@exemple.fr", "bruno@exemple.fr"]

    with qtbot.assertNotEmitted(page.model.sig_count_changed, wait=0):
        page.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # tags
    assert header.sortIndicatorSection() == 2
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    wait_idle(qtbot, ctx)


def test_list_tag_segment_and_status_filters(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    ids = {c.email: c.id for c in list_contacts(ctx.db)}
    set_list_membership(ctx.db, [ids["alice@exemple.fr"], ids["emma@exemple.fr"]], ["Newsletter"])
    tag_contacts(ctx.db, [ids["bruno@exemple.fr"]], ["client"])
    create_segment(
        ctx.db, "Garages", {"all": [{"field": "company", "op": "contains", "value": "garage"}]}
    )
    update_contact(ctx.db, ids["chloe@exemple.fr"], ContactInput(status="unsubscribed"))
    ctx.bus.notify(Changes(contacts=True, lists=True, tags=True, segments=True))
    qtbot.waitUntil(lambda: page.filter.findData("segment:Garages") >= 0, timeout=5000)
    wait_idle(qtbot, ctx)
    texts = [page.filter.itemText(i) for i in range(page.filter.count())]
    assert [t for t in texts if t] == [
        "All contacts",
        "List: Newsletter",
        "Tag: client",
        "Segment: Garages",
    ]

    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        assert page.select_filter("list", "Newsletter")
    assert emails(page.model) == ["alice@exemple.fr", "emma@exemple.fr"]
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.select_filter("tag", "client")
    assert emails(page.model) == ["bruno@exemple.fr"]
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.select_filter("segment", "Garages")
    assert emails(page.model) == ["bruno@exemple.fr", "david@exemple.fr"]
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.select_filter("all")
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.status.setCurrentIndex(page.status.findData("unsubscribed"))
    assert emails(page.model) == ["chloe@exemple.fr"]
    assert page.model.data(page.model.index(0, 5)) == "Unsubscribed"
    wait_idle(qtbot, ctx)


def test_a_deleted_list_filter_falls_back_to_all(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    alice = get_contact(ctx.db, "alice@exemple.fr")
    set_list_membership(ctx.db, [alice.id], ["Salon 2024"])
    ctx.bus.notify(Changes(lists=True))
    qtbot.waitUntil(lambda: page.filter.findData("list:Salon 2024") >= 0, timeout=5000)
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.select_filter("list", "Salon 2024")
    assert page.model.rowCount() == 1
    delete_named(ctx.db, "list", "Salon 2024")
    with (
        qtbot.assertNotEmitted(page.model.sig_load_failed, wait=0),
        qtbot.waitSignal(page.model.sig_count_changed, timeout=5000),
    ):
        ctx.bus.notify(Changes(lists=True))
    assert page.filter.currentData() == "all:"
    assert page.model.rowCount() == 5
    wait_idle(qtbot, ctx)


def test_changes_from_elsewhere_refresh_and_keep_the_selection(
    qtbot, ctx, page: ContactsPage
) -> None:  # type: ignore[no-untyped-def]
    select_rows(page, [1])  # bruno
    assert page.action_edit.isEnabled()
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        add_contact(ctx.db, ContactInput(email="aaron@exemple.fr"))
        ctx.bus.notify(Changes(contacts=True))
    assert page.model.rowCount() == 6
    assert page.count_label.text() == "6 contacts"
    assert page.selected_rows() == [2]
    assert page.selected_ids() == [get_contact(ctx.db, "bruno@exemple.fr").id]


def test_add_a_contact_with_inline_email_validation(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    page.action_add.trigger()
    dialog = page.findChild(ContactDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # nothing typed
    assert not dialog.email_error.isVisible()

    qtbot.keyClicks(dialog.email, "jean@@exemple")
    assert dialog.email_error.isVisible()
    assert "Not a valid address" in dialog.email_error.text()
    assert not dialog.ok_button.isEnabled()

    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "Jean.Valjean@Exemple.fr")
    assert not dialog.email_error.isVisible()
    assert dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.first_name, "Jean")
    dialog.status.setCurrentIndex(dialog.status.findData("pending"))
    dialog.tracking.setChecked(True)
    qtbot.keyClicks(dialog.tags, "client, vip")
    qtbot.keyClicks(dialog.lists, "Newsletter")
    dialog.add_attribute_row("ville", "Lyon")

    with (
        qtbot.waitSignal(dialog.sig_contact_saved, timeout=5000) as saved,
        qtbot.waitSignal(page.model.sig_count_changed, timeout=5000),
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    contact = saved.args[0]
    assert contact.email == "jean.valjean@exemple.fr"
    stored = get_contact(ctx.db, "jean.valjean@exemple.fr")
    assert (stored.first_name, stored.status, stored.tracking_consent) == ("Jean", "pending", True)
    assert stored.tags == ["client", "vip"] and stored.lists == ["Newsletter"]
    assert stored.attributes == {"ville": "Lyon"}
    assert "jean.valjean@exemple.fr" in emails(page.model)
    assert page.selected_ids() == [contact.id]  # the new contact is selected
    # The new tag and list reached the filter combo through the bus.
    qtbot.waitUntil(lambda: page.filter.findData("tag:vip") >= 0, timeout=5000)


def test_edit_by_double_click(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    people = {c.email: c for c in list_contacts(ctx.db)}
    update_contact(
        ctx.db,
        people["chloe@exemple.fr"].id,
        ContactInput(attributes={"clients": 12, "ville": "Nantes"}),
    )
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        ctx.bus.notify(Changes(contacts=True))
    rect = page.table.visualRect(page.model.index(2, 1))
    # A real double-click: QTest's lone double-click event lacks the press the view expects.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.findChild(ContactDialog)
    assert dialog is not None and dialog.contact is not None
    assert dialog.email.text() == "chloe@exemple.fr"
    assert dialog.first_name.text() == "Chloé"
    assert dialog.consent_source.text() == "manual"  # consent shown read-only when editing
    assert dialog.attributes.rowCount() == 2
    dialog.company.setText("Chez Chloé")
    dialog.attributes.item(1, 1).setText("Rennes")  # ville
    with (
        qtbot.waitSignal(dialog.sig_contact_saved, timeout=5000),
        qtbot.waitSignal(page.model.sig_count_changed, timeout=5000),
    ):
        dialog.accept()
    stored = get_contact(ctx.db, "chloe@exemple.fr")
    assert stored.company == "Chez Chloé"
    # The untouched number stays a number; the edited value is the new text.
    assert stored.attributes == {"clients": 12, "ville": "Rennes"}
    assert page.model.data(page.model.index(2, 3)) == "Chez Chloé"


def test_a_duplicate_email_is_shown_in_the_dialog_which_stays_open(
    qtbot, ctx, page: ContactsPage
) -> None:  # type: ignore[no-untyped-def]
    dialog = page.open_contact_dialog(None)
    qtbot.keyClicks(dialog.email, "ALICE@exemple.fr")
    with qtbot.assertNotEmitted(dialog.sig_contact_saved, wait=0):
        dialog.accept()
        assert not dialog.ok_button.isEnabled()  # while saving
        qtbot.waitUntil(dialog.form_error.isVisible, timeout=5000)
    assert "already exists" in dialog.form_error.text()
    assert dialog.isVisible()
    assert dialog.ok_button.isEnabled()  # correct it and try again
    dialog.reject()


def test_an_unnamed_custom_field_is_refused_inline(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    dialog = page.open_contact_dialog(None)
    qtbot.keyClicks(dialog.email, "zoe@exemple.fr")
    dialog.add_attribute_row("", "sans nom")
    dialog.accept()
    assert dialog.form_error.isVisible() and dialog.isVisible()
    assert ctx.tasks.running in (0, 1)  # nothing was saved (only the name load may still run)
    dialog.reject()


def test_delete_asks_naming_the_count_then_deletes(
    qtbot, ctx, page: ContactsPage, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    select_rows(page, [0, 2, 4])
    page.action_delete.trigger()
    assert asked == ["Delete 3 contacts? This cannot be undone."]
    wait_idle(qtbot, ctx)
    assert page.model.rowCount() == 5  # answered No

    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.action_delete.trigger()
    assert emails(page.model) == ["bruno@exemple.fr", "david@exemple.fr"]
    assert page.message.text() == "3 contacts deleted."
    assert not page.action_delete.isEnabled()  # nothing selected any more

    select_rows(page, [0])
    page.action_delete.trigger()
    assert asked[-1] == "Delete bruno@exemple.fr? This cannot be undone."


def test_bulk_tags_on_a_multi_selection(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    select_rows(page, [1, 3])  # bruno, david
    page.action_tags.trigger()
    dialog = page.findChild(BulkAssignDialog)
    assert dialog is not None and dialog.kind == "tag"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.new_names, "garage, client")
    assert dialog.ok_button.isEnabled()
    with (
        qtbot.waitSignal(dialog.sig_links_changed, timeout=5000) as done,
        qtbot.waitSignal(page.model.sig_count_changed, timeout=5000),
    ):
        dialog.accept()
    assert done.args == [4]
    assert get_contact(ctx.db, "bruno@exemple.fr").tags == ["client", "garage"]
    assert get_contact(ctx.db, "alice@exemple.fr").tags == []
    assert page.model.data(page.model.index(3, 6)) == "client, garage"
    assert page.selected_rows() == [1, 3]  # the selection survived the refresh

    dialog = page.open_bulk_dialog("tag")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.names.count() == 2, timeout=5000)
    dialog.remove_mode.setChecked(True)
    assert dialog.check_name("garage")
    with qtbot.waitSignal(dialog.sig_links_changed, timeout=5000):
        dialog.accept()
    assert get_contact(ctx.db, "david@exemple.fr").tags == ["client"]
    wait_idle(qtbot, ctx)


def test_bulk_lists_and_unknown_name_error(qtbot, ctx, page: ContactsPage) -> None:  # type: ignore[no-untyped-def]
    select_rows(page, [0, 1, 2])
    page.action_lists.trigger()
    dialog = page.findChild(BulkAssignDialog)
    assert dialog is not None and dialog.kind == "list"
    dialog.remove_mode.setChecked(True)
    dialog.new_names.setText("Inconnue")
    dialog.accept()
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "Inconnue" in dialog.error.text() and dialog.isVisible()
    dialog.add_mode.setChecked(True)
    with qtbot.waitSignal(dialog.sig_links_changed, timeout=5000):
        dialog.accept()
    assert get_contact(ctx.db, "chloe@exemple.fr").lists == ["Inconnue"]
    qtbot.waitUntil(lambda: page.filter.findData("list:Inconnue") >= 0, timeout=5000)
    wait_idle(qtbot, ctx)


def test_export_writes_the_filtered_rows(qtbot, ctx, page: ContactsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.search.setText("dupont")
        page.apply_filters()
    with qtbot.waitSignal(page.model.sig_count_changed, timeout=5000):
        page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    target = tmp_path / "dupont.csv"
    page.export_to(str(target))
    qtbot.waitUntil(lambda: "exported" in page.message.text(), timeout=5000)
    assert page.message.text() == f"2 contacts exported to {target}."
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert [r["email"] for r in rows] == ["david@exemple.fr", "bruno@exemple.fr"]


def test_export_asks_for_a_path_and_adds_the_extension(
    qtbot, ctx, page: ContactsPage, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def save_name(parent, caption, folder, filters):  # type: ignore[no-untyped-def]
        return str(tmp_path / "tous"), filters.split(";;")[1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    page.action_export.trigger()
    qtbot.waitUntil(lambda: "exported" in page.message.text(), timeout=5000)
    assert (tmp_path / "tous.xlsx").stat().st_size > 0
    assert page.action_export.isEnabled()


def drag_and_drop(page: ContactsPage, path: Path) -> tuple[bool, bool]:
    """Drag ``path`` over the page and drop it: (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(page, enter)
    if not enter.isAccepted():
        return False, False
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(page, drop)
    return True, drop.isAccepted()


class RecordingWizard(QDialog):
    """Stands in for the import wizard: records how the page opened it."""

    opened: list[str | None] = []

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | None = None):
        super().__init__(parent)
        RecordingWizard.opened.append(path)


def test_import_opens_the_wizard_with_the_dropped_file(
    qtbot, page: ContactsPage, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fake = types.ModuleType("ui.dialogs.import_wizard")
    fake.ImportWizard = RecordingWizard  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.dialogs.import_wizard", fake)
    RecordingWizard.opened = []
    page.action_import.trigger()
    assert drag_and_drop(page, tmp_path / "notes.txt") == (False, False)
    for name in ("salon.CSV", "clients.xlsx", "ancien.xls", "libre.ods"):
        assert drag_and_drop(page, tmp_path / name) == (True, True)
    assert RecordingWizard.opened == [
        None,
        *(str(tmp_path / n) for n in ("salon.CSV", "clients.xlsx", "ancien.xls", "libre.ods")),
    ]
    for wizard in page.findChildren(RecordingWizard):
        wizard.reject()


def test_dropping_a_file_opens_the_real_import_wizard(
    qtbot, ctx, page: ContactsPage, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.import_wizard import ImportWizard

    source = tmp_path / "salon.csv"
    source.write_text("email;prenom\nzoe@exemple.fr;Zoé\n", encoding="utf-8")
    assert drag_and_drop(page, source) == (True, True)
    wizard = page.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.path == str(source)
    wait_idle(qtbot, ctx)  # the wizard reads the file in the background
    wizard.reject()
    wait_idle(qtbot, ctx)


def test_keyboard_return_edits_and_delete_asks(qtbot, ctx, page: ContactsPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No,
    )
    page.table.setFocus()
    select_rows(page, [0, 1])
    assert not page.action_edit.isEnabled() and page.action_delete.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Delete 2 contacts? This cannot be undone."]
    select_rows(page, [4])
    assert page.action_edit.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.findChild(ContactDialog)
    assert dialog is not None and dialog.email.text() == "emma@exemple.fr"
    dialog.reject()
    wait_idle(qtbot, ctx)


def test_names_complete_after_the_last_comma(qtbot) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    edit, names = names_edit("", host)
    names.setStringList(["client", "Newsletter", "vip"])
    edit.setText("client, VI")
    completer = edit.completer()
    assert completer.splitPath(edit.text()) == ["VI"]
    completer.setCompletionPrefix("VI")
    # The completion keeps the names already typed before the last comma.
    assert completer.currentCompletion() == "client, vip"
    assert split_names(" client, vip ,client,, ") == ["client", "vip"]
