"""The sequence editor over a real database: steps and delays, the live timeline, the window,
goal events, and editing a running sequence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTime

from app.automation.sequences import (
    SequenceInput,
    StepInput,
    create_sequence,
    enroll_contacts,
    get_sequence,
    list_enrollments,
    list_sequences,
)
from tests.ui.automation_helpers import make_world
from tests.ui.conftest import wait_idle
from ui.dialogs.sequence_dialog import SequenceDialog, StepRow, split_delay
from ui.widgets.sequence_timeline import offset_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    """``dialog(sequence=None)``: the editor, shown, once its choices are loaded."""

    def make(sequence=None) -> SequenceDialog:  # type: ignore[no-untyped-def]
        dialog = SequenceDialog(ctx, None, sequence)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded)
        return dialog

    yield make
    wait_idle(qtbot, ctx)


def _choose(combo, value) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def _step(row: StepRow, template: str, number: int, unit: int) -> None:
    _choose(row.template_combo, template)
    _choose(row.delay_unit, unit)
    row.delay_number.setValue(number)


def _save(qtbot, dialog: SequenceDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.sig_sequence_saved, timeout=10_000):
        dialog.save_button.click()


def test_delays_and_offsets_in_words() -> None:
    assert split_delay(0) == (0, 86400)
    assert split_delay(2 * 86400) == (2, 86400)
    assert split_delay(5400) == (90, 60)
    assert split_delay(30) == (30, 1)
    assert offset_text(0) == "Day 0"
    assert offset_text(7 * 86400) == "Day 7"
    assert offset_text(86400 + 9000) == "Day 1 + 2 h 30 min"
    assert offset_text(30) == "Day 0 + 30 s"


def test_create_a_sequence_with_steps_a_window_and_goals(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    dialog = dialog()
    assert dialog.windowTitle() == "New sequence"
    assert not dialog.running_note.isVisibleTo(dialog)
    assert dialog.account_row.isHidden()  # one account: nothing to choose
    dialog.name_edit.setText("Onboarding")
    [first] = dialog.step_rows
    assert first.after_label.text() == "after enrolling"
    _step(first, "Bienvenue", 0, 86400)
    assert dialog.timeline.labels() == ["Day 0: Bienvenue"]

    dialog.add_step_button.click()
    second = dialog.step_rows[1]
    assert second.after_label.text() == "after the previous mail"
    _step(second, "Conseils", 2, 86400)
    third = dialog.add_step()
    _step(third, "Offre", 5, 86400)
    # The timeline follows every edit, with each mail at its time after the enrollment.
    assert dialog.timeline.labels() == ["Day 0: Bienvenue", "Day 2: Conseils", "Day 7: Offre"]
    assert dialog.timeline.text() == "Day 0: Bienvenue — Day 2: Conseils — Day 7: Offre"
    _step(second, "Conseils", 36, 3600)
    assert dialog.timeline.labels()[1:] == ["Day 1 + 12 h: Conseils", "Day 6 + 12 h: Offre"]
    _step(second, "Conseils", 2, 86400)
    assert not dialog.timeline.grab().isNull()  # it paints

    # Moving and removing steps renumbers them and moves them on the timeline.
    extra = dialog.add_step("Bienvenue", 60)
    dialog.move_step(extra, -1)
    assert [r.template() for r in dialog.step_rows] == [
        "Bienvenue",
        "Conseils",
        "Bienvenue",
        "Offre",
    ]
    assert not dialog.step_rows[0].up_button.isEnabled()
    assert not dialog.step_rows[-1].down_button.isEnabled()
    dialog.remove_step(extra)
    assert dialog.timeline.labels() == ["Day 0: Bienvenue", "Day 2: Conseils", "Day 7: Offre"]

    dialog.window_box.setChecked(True)
    for day, check in enumerate(dialog.day_checks):
        check.setChecked(day < 5)
    dialog.window_start.setTime(QTime(9, 0))
    dialog.window_end.setTime(QTime(18, 0))
    _choose(dialog.window_timezone, "account")
    dialog.exit_edit.setText("purchase")
    dialog.exit_add_button.click()
    dialog.add_exit_event("purchase")  # once only
    assert dialog.exit_on() == ["purchase"]
    _save(qtbot, dialog)

    sequence = get_sequence(ctx.db, "Onboarding")
    assert [(s.template, s.delay) for s in sequence.steps] == [
        ("Bienvenue", "PT0S"),
        ("Conseils", "P2D"),
        ("Offre", "P5D"),
    ]
    assert sequence.window == {
        "days": [0, 1, 2, 3, 4],
        "start": "09:00",
        "end": "18:00",
        "timezone": "account",
    }
    assert sequence.window_text == "mon-fri 09:00-18:00 account"
    assert (sequence.exit_on, sequence.account) == (("purchase",), "Local")
    assert (sequence.transactional, sequence.enabled) == (False, True)
    assert dialog.saved == sequence


def test_a_window_to_midnight_and_refusals(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx, accounts=("Boutique", "Support"))
    dialog = dialog()
    assert not dialog.account_row.isHidden()  # two accounts: choose one
    _choose(dialog.account_combo, "Support")
    dialog.name_edit.setText("Soir")
    _step(dialog.step_rows[0], "Offre", 30, 1)
    dialog.window_box.setChecked(True)
    for check in dialog.day_checks:
        check.setChecked(False)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=10_000)
    assert dialog.form_error.text() == "A sending window needs at least one day of the week."
    assert list_sequences(ctx.db) == []

    dialog.day_checks[4].setChecked(True)
    dialog.window_start.setTime(QTime(20, 0))
    dialog.window_end.setTime(QTime(0, 0))  # midnight, at the end of the day
    dialog.transactional_check.setChecked(True)
    dialog.enabled_check.setChecked(False)
    _save(qtbot, dialog)
    sequence = get_sequence(ctx.db, "Soir")
    assert sequence.window_text == "fri 20:00-24:00"
    assert [s.delay for s in sequence.steps] == ["PT30S"]
    assert (sequence.account, sequence.transactional, sequence.enabled) == ("Support", True, False)


def test_edit_a_running_sequence(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    create_sequence(
        ctx.db,
        SequenceInput(
            name="Onboarding",
            steps=[StepInput("Bienvenue", "P1D"), StepInput("Conseils", "P2D")],
            window="mon-fri 09:00-18:00",
            exit_on=["purchase"],
        ),
    )
    assert enroll_contacts(ctx.db, "Onboarding", ["anne@example.fr"]) == 1
    before = get_sequence(ctx.db, "Onboarding")
    dialog = dialog(before)
    assert dialog.windowTitle() == "Edit the sequence “Onboarding”"
    assert dialog.running_note.isVisibleTo(dialog)
    assert dialog.running_note.text().startswith("Contacts already in the sequence keep the mails")
    assert dialog.name_edit.text() == "Onboarding"
    assert [(r.template(), r.delay_seconds()) for r in dialog.step_rows] == [
        ("Bienvenue", 86400),
        ("Conseils", 2 * 86400),
    ]
    assert [r.step_id for r in dialog.step_rows] == [s.id for s in before.steps]
    assert dialog.timeline.labels() == ["Day 1: Bienvenue", "Day 3: Conseils"]
    assert dialog.window() == before.window
    assert dialog.exit_on() == ["purchase"]
    assert dialog.sequence_input().steps == [
        StepInput("Bienvenue", "P1D", before.steps[0].id),
        StepInput("Conseils", "P2D", before.steps[1].id),
    ]

    # The second mail goes first now, a third is added, the window is dropped.
    dialog.move_step(dialog.step_rows[1], -1)
    _step(dialog.add_step(), "Offre", 4, 86400)
    dialog.window_box.setChecked(False)
    dialog.exit_list.setCurrentRow(0)
    dialog.exit_remove_button.click()
    _save(qtbot, dialog)

    after = get_sequence(ctx.db, "Onboarding")
    assert [(s.template, s.delay) for s in after.steps] == [
        ("Conseils", "P2D"),
        ("Bienvenue", "P1D"),
        ("Offre", "P4D"),
    ]
    # The kept steps are the same rows (so the sent mails keep pointing at them).
    assert {s.id for s in after.steps} > {s.id for s in before.steps}
    assert (after.window, after.exit_on) == (None, ())
    [anne] = list_enrollments(ctx.db, "Onboarding")
    assert (anne.status, anne.step_index, anne.next_template) == ("active", 0, "Conseils")


def test_no_template_yet_is_said(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog()
    assert dialog.form_error.isVisibleTo(dialog)
    assert dialog.form_error.text() == (
        "There is no template yet: write one on the Templates page first."
    )
    assert dialog.step_rows[0].template() == ""
