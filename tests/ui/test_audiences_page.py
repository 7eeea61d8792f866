"""The audiences page (lists, tags, segments) and the rule builder, over a real database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from app.contacts.segments import create_segment, list_segments
from app.contacts.service import (
    ContactInput,
    add_contact,
    count_contacts,
    list_lists,
    list_tags,
)
from app.errors import InvalidInput
from tests.ui.conftest import wait_idle
from ui.context import Changes
from ui.pages.audiences_page import KINDS, AudiencesPage
from ui.widgets.rule_builder import OTHER_ATTRIBUTE, ConditionRow, RuleBuilder

# Qt 6.12's offscreen platform warns about what it cannot do (size hints of every shown window,
# raising and grabbing the keyboard for popups such as completers); nothing to fix in Facteur.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = [
    ("anne@example.fr", "Lyon", ["vip"], ["Clients"]),
    ("bruno@example.fr", "Lyon", [], ["Clients"]),
    ("chloe@example.fr", "Paris", ["vip"], []),
    ("denis@example.fr", "lyon", ["vip", "salon"], []),
]


@pytest.fixture
def people(ctx) -> None:  # type: ignore[no-untyped-def]
    for email, city, tags, lists in PEOPLE:
        add_contact(
            ctx.db, ContactInput(email=email, attributes={"ville": city}, tags=tags, lists=lists)
        )


@pytest.fixture
def page(qtbot, ctx, people) -> AudiencesPage:  # type: ignore[no-untyped-def]
    page = AudiencesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded == set(KINDS))
    yield page
    wait_idle(qtbot, ctx)


def _names(page: AudiencesPage, kind: str) -> list[tuple[str, int]]:
    return [(i.name, i.count) for i in page.sections[kind].model.items()]


def _select(page: AudiencesPage, kind: str, name: str) -> None:
    section = page.sections[kind]
    section.select(name)
    assert section.selected() is not None and section.selected().name == name


def _answers(monkeypatch, page: AudiencesPage, *answers: str | None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    asked: list[tuple[str, str]] = []
    queue = list(answers)

    def ask_text(title: str, label: str, text: str = "") -> str | None:
        asked.append((label, text))
        return queue.pop(0)

    monkeypatch.setattr(page, "ask_text", ask_text)
    return asked


def test_page_shows_lists_and_tags_with_counts(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert _names(page, "list") == [("Clients", 2)]
    assert _names(page, "tag") == [("salon", 1), ("vip", 3)]
    for kind in KINDS:
        qtmodeltester.check(page.sections[kind].model)
    model = page.sections["tag"].model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Contacts"
    assert model.data(model.index(1, 1)) == 3


@pytest.mark.parametrize("kind", ["list", "tag"])
def test_create_rename_delete(qtbot, ctx, page, monkeypatch, kind) -> None:  # type: ignore[no-untyped-def]
    section = page.sections[kind]
    listing = list_lists if kind == "list" else list_tags
    assert not section.rename_button.isEnabled() and not section.delete_button.isEnabled()

    _answers(monkeypatch, page, "  Salon 2026 ")
    section.new_button.click()
    qtbot.waitUntil(lambda: ("Salon 2026", 0) in _names(page, kind))
    assert "Salon 2026" in [n.name for n in listing(ctx.db)]
    # The new name is selected, ready for the next action.
    qtbot.waitUntil(lambda: section.selected() is not None)
    assert section.selected().name == "Salon 2026"

    existing = "Clients" if kind == "list" else "vip"
    _select(page, kind, existing)
    asked = _answers(monkeypatch, page, "Fidèles")
    section.rename_button.click()
    qtbot.waitUntil(lambda: "Fidèles" in [n for n, _ in _names(page, kind)])
    assert asked[0][1] == existing  # the dialog starts from the old name
    assert existing not in [n.name for n in listing(ctx.db)]

    _select(page, kind, "Fidèles")
    questions: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    section.delete_button.click()
    qtbot.waitUntil(lambda: "Fidèles" not in [n for n, _ in _names(page, kind)])
    if kind == "list":
        assert questions == ["Delete the list “Fidèles”? Its 2 contacts are kept."]
    else:
        assert questions == ["Delete the tag “Fidèles”? The 3 contacts that have it are kept."]
    assert count_contacts(ctx.db) == len(PEOPLE)


def test_refused_delete_keeps_the_list(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _select(page, "list", "Clients")
    monkeypatch.setattr(page, "confirm", lambda title, text: False)
    page.sections["list"].delete_button.click()
    wait_idle(qtbot, ctx)
    assert [n.name for n in list_lists(ctx.db)] == ["Clients"]


def test_duplicate_name_is_shown_as_an_error(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.pages.audiences_page.show_error", lambda parent, exc: shown.append(exc))
    _answers(monkeypatch, page, "Clients")
    page.sections["list"].new_button.click()
    qtbot.waitUntil(lambda: bool(shown))
    assert isinstance(shown[0], InvalidInput) and "already exists" in str(shown[0])


def test_cancelled_input_changes_nothing(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _answers(monkeypatch, page, None)
    page.sections["tag"].new_button.click()
    wait_idle(qtbot, ctx)
    assert [n.name for n in list_tags(ctx.db)] == ["salon", "vip"]


def test_hidden_page_loads_changes_when_shown(qtbot, ctx, people) -> None:  # type: ignore[no-untyped-def]
    page = AudiencesPage(ctx)
    qtbot.addWidget(page)
    wait_idle(qtbot, ctx)
    assert page.loaded == set()  # nothing is loaded for a page nobody looks at
    page.show()
    qtbot.waitUntil(lambda: page.loaded == set(KINDS))
    assert _names(page, "list") == [("Clients", 2)]


def _choose(combo, data: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(index)


def _fill(qtbot, row: ConditionRow, field: str, op: str, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: row.field_combo.findData(field) >= 0)
    _choose(row.field_combo, field)
    _choose(row.op_combo, op)
    qtbot.keyClicks(row.text_edit, text)


def test_segment_built_with_the_widgets_saved_and_edited(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    section = page.sections["segment"]
    page.tabs.setCurrentWidget(section)
    section.new_button.click()
    dialog = page.segment_dialog
    assert dialog is not None and dialog.isVisible()
    builder = dialog.builder

    builder.root.add_condition_button.click()
    first = builder.conditions()[0]
    # An incomplete rule shows why instead of a count, and cannot be saved.
    qtbot.waitUntil(lambda: "needs a value" in builder.count_label.text())
    assert builder.count is None
    _fill(qtbot, first, "attributes.ville", "eq", "Lyon")
    qtbot.waitUntil(lambda: builder.count_label.text() == "3 matching contacts")

    builder.root.add_condition_button.click()
    second = builder.conditions()[1]
    _fill(qtbot, second, "tag", "eq", "vip")
    assert [second.op_combo.itemData(i) for i in range(second.op_combo.count())] == [
        "eq",
        "neq",
        "in",
        "is_set",
    ]
    qtbot.waitUntil(lambda: builder.count_label.text() == "2 matching contacts")
    rule = {
        "all": [
            {"field": "attributes.ville", "op": "eq", "value": "Lyon"},
            {"field": "tag", "op": "eq", "value": "vip"},
        ]
    }
    assert builder.rule() == rule
    assert not dialog.save_button.isEnabled()  # no name yet

    qtbot.keyClicks(dialog.name_edit, "VIP lyonnais")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_segment_saved, timeout=5000) as saved:
        dialog.save_button.click()
    assert saved.args[0].count == 2
    qtbot.waitUntil(lambda: ("VIP lyonnais", 2) in _names(page, "segment"))
    assert [(s.name, s.rule) for s in list_segments(ctx.db)] == [("VIP lyonnais", rule)]

    _select(page, "segment", "VIP lyonnais")
    section.edit_button.click()
    editor = page.segment_dialog
    assert editor is not dialog and editor.name_edit.isReadOnly()
    assert editor.builder.rule() == rule
    qtbot.waitUntil(lambda: editor.builder.count_label.text() == "2 matching contacts")
    # Any instead of all: Lyon or vip.
    _choose(editor.builder.root.mode_combo, "any")
    qtbot.waitUntil(lambda: editor.builder.count_label.text() == "4 matching contacts")
    with qtbot.waitSignal(editor.sig_segment_saved, timeout=5000):
        editor.save_button.click()
    qtbot.waitUntil(lambda: ("VIP lyonnais", 4) in _names(page, "segment"))


def test_duplicate_segment_name_is_shown_in_the_dialog(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    create_segment(ctx.db, "Tous", {"all": []})
    page.reload({"segment"})
    dialog = page.open_segment_dialog(None)
    assert dialog is not None
    qtbot.keyClicks(dialog.name_edit, "Tous")
    qtbot.waitUntil(lambda: dialog.builder.count is not None)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "already exists" in dialog.error_label.text()
    assert dialog.isVisible()


@pytest.fixture
def builder(qtbot, ctx, people) -> RuleBuilder:  # type: ignore[no-untyped-def]
    widget = RuleBuilder(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.attribute_keys == ["ville"])
    yield widget
    wait_idle(qtbot, ctx)


INVALID_RULE: dict[str, Any] = {
    "any": [
        {"field": "email", "op": "ends_with_is_not_an_op", "value": "x"},
    ]
}


def test_nested_rule_round_trip(qtbot, builder) -> None:  # type: ignore[no-untyped-def]
    rule = {
        "all": [
            {"field": "attributes.ville", "op": "in", "value": ["Lyon", "Villeurbanne"]},
            {
                "any": [
                    {"field": "tag", "op": "eq", "value": "vip"},
                    {"field": "created_at", "op": "after", "value": "2024-03-15"},
                    {
                        "all": [{"field": "list", "op": "is_set", "value": False}]
                    },  # deeper than the UI offers
                ]
            },
            {"field": "tracking_consent", "op": "eq", "value": True},
            {"field": "attributes.code postal", "op": "starts_with", "value": "69"},
            {"field": "attributes.panier", "op": "gt", "value": "12,5"},
        ]
    }
    with qtbot.waitSignal(builder.sig_rule_changed) as changed:
        builder.set_rule(rule)
    assert changed.args[0] == rule
    assert builder.rule() == rule
    assert len(builder.root.groups()) == 1 and len(builder.root.groups()[0].groups()) == 1
    rows = builder.conditions()
    assert rows[2].value_stack.currentWidget() is rows[2].date_edit
    assert rows[2].date_edit.text() == "15/03/2024"
    assert rows[0].value_stack.currentWidget() is rows[0].list_edit
    assert rows[3].value_stack.currentWidget() is rows[3].flag_check
    # A second load replaces the first.
    builder.set_rule({"any": []})
    assert builder.rule() == {"any": []}


def test_set_rule_refuses_invalid_or_unrepresentable_rules(builder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="not valid"):
        builder.set_rule(INVALID_RULE)
    with pytest.raises(InvalidInput, match="comma"):
        builder.set_rule({"all": [{"field": "tag", "op": "in", "value": ["a,b"]}]})


def test_debounced_count_reports_only_the_last_rule(qtbot, ctx, builder) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: builder.count == len(PEOPLE))  # an empty "all" matches everyone
    counts: list[object] = []
    builder.sig_count_changed.connect(counts.append)
    row = builder.add_condition()
    _fill(qtbot, row, "attributes.ville", "eq", "Paris")
    qtbot.waitUntil(lambda: counts == [1], timeout=5000)
    wait_idle(qtbot, ctx)
    assert counts == [1]
    assert builder.count_label.text() == "1 matching contact"


def test_operators_and_value_editors_follow_the_field(qtbot, builder) -> None:  # type: ignore[no-untyped-def]
    row = builder.add_condition()
    _choose(row.field_combo, "created_at")
    assert [row.op_combo.itemData(i) for i in range(row.op_combo.count())] == [
        "before",
        "after",
        "is_set",
    ]
    assert row.value_stack.currentWidget() is row.date_edit
    row.date_edit.setDate(QDate(2024, 3, 15))
    assert row.rule() == {"field": "created_at", "op": "before", "value": "2024-03-15"}
    _choose(row.op_combo, "is_set")
    assert row.value_stack.currentWidget() is row.flag_check
    row.flag_check.setChecked(False)
    assert row.rule() == {"field": "created_at", "op": "is_set", "value": False}

    # A new attribute name typed by the user.
    _choose(row.field_combo, OTHER_ATTRIBUTE)
    assert not row.attribute_edit.isHidden()
    qtbot.keyClicks(row.attribute_edit, "anniversaire")
    _choose(row.op_combo, "after")
    row.date_edit.setDate(QDate(2000, 1, 31))
    assert builder.rule() == {
        "all": [{"field": "attributes.anniversaire", "op": "after", "value": "2000-01-31"}]
    }
    _choose(row.op_combo, "in")
    qtbot.keyClicks(row.list_edit, "a, b ,,c")
    assert row.value() == ["a", "b", "c"]
    row.remove_button.click()
    assert builder.rule() == {"all": []}


def test_nested_group_from_the_buttons(qtbot, builder) -> None:  # type: ignore[no-untyped-def]
    assert builder.root.add_group_button is not None
    builder.root.add_group_button.click()
    group = builder.root.groups()[0]
    assert group.add_group_button is None  # the UI offers one level of nesting
    row = group.conditions()[0]
    _choose(group.mode_combo, "any")
    _fill(qtbot, row, "email", "contains", "example")
    assert builder.rule() == {
        "all": [{"any": [{"field": "email", "op": "contains", "value": "example"}]}]
    }
    qtbot.waitUntil(lambda: builder.count == len(PEOPLE))
    assert group.remove_button is not None
    group.remove_button.click()
    assert builder.rule() == {"all": []}


def test_segment_rename_and_delete(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    create_segment(
        ctx.db, "Lyonnais", {"all": [{"field": "attributes.ville", "op": "eq", "value": "Lyon"}]}
    )
    page.reload({"segment"})
    qtbot.waitUntil(lambda: ("Lyonnais", 3) in _names(page, "segment"))
    section = page.sections["segment"]
    _select(page, "segment", "Lyonnais")
    _answers(monkeypatch, page, "Région lyonnaise")
    section.rename_button.click()
    qtbot.waitUntil(lambda: ("Région lyonnaise", 3) in _names(page, "segment"))
    _select(page, "segment", "Région lyonnaise")
    questions: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    section.delete_button.click()
    qtbot.waitUntil(lambda: _names(page, "segment") == [])
    assert questions == ["Delete the segment “Région lyonnaise”? Its contacts are not affected."]
    assert list_segments(ctx.db) == [] and count_contacts(ctx.db) == len(PEOPLE)


def test_segment_counts_follow_contact_changes(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    create_segment(ctx.db, "VIP", {"all": [{"field": "tag", "op": "eq", "value": "vip"}]})
    page.reload({"segment"})
    qtbot.waitUntil(lambda: ("VIP", 3) in _names(page, "segment"))
    add_contact(ctx.db, ContactInput(email="eve@example.fr", tags=["vip"]))
    ctx.bus.notify(Changes(contacts=True))
    qtbot.waitUntil(lambda: ("VIP", 4) in _names(page, "segment"))
    assert ("vip", 4) in _names(page, "tag")


def test_deleting_a_tag_used_by_a_segment_says_so(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.contacts import segments, service
    from tests.ui.conftest import wait_idle
    from ui.pages.audiences_page import AudiencesPage

    service.add_contact(ctx.db, service.ContactInput(email="a@x.fr", tags=["vip"]))
    segments.create_segment(ctx.db, "VIPs", {"all": [{"field": "tag", "op": "eq", "value": "vip"}]})
    page = AudiencesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, ctx)
    told: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    monkeypatch.setattr(page, "inform", told.append)
    section = page.sections["tag"]
    qtbot.waitUntil(lambda: section.selected() is not None or section.view.model().rowCount() == 1)
    section.view.selectRow(0)
    page._on_delete_clicked("tag")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(told) == 1)
    assert "“VIPs”" in told[0] and "“vip”" in told[0]
    assert service.list_tags(ctx.db) == []
