"""Tracking choices in the interface: the campaign wizard's "Track opens and clicks" (on by default
once a relay is connected, impossible without one) and the account's tracking-consent setting."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from app.sending.accounts import get_account
from app.sending.campaigns import get_campaign
from app.tracking.relay_config import save_relay
from tests.relay_server import API_KEY, SECRET
from tests.ui.conftest import wait_idle
from ui.dialogs.account_dialog import AccountDialog
from ui.dialogs.campaign_wizard import CampaignWizard

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NEXT = QWizard.WizardButton.NextButton
DRAFT = QWizard.WizardButton.CustomButton1
RELAY_URL = "https://relay.example.fr"  # saved only: the wizard reads the setting, never calls it


@pytest.fixture
def open_wizard(qtbot, ctx):  # type: ignore[no-untyped-def]
    def make(campaign=None) -> CampaignWizard:  # type: ignore[no-untyped-def]
        wizard = CampaignWizard(ctx, campaign=campaign)
        qtbot.addWidget(wizard)
        wizard.show()
        return wizard

    yield make
    wait_idle(qtbot, ctx)


def _to_review(qtbot, wizard: CampaignWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.template_page.loaded)
    wizard.button(NEXT).click()
    audience = wizard.audience_page
    qtbot.waitUntil(lambda: audience.loaded)
    if not audience.include():
        assert audience.include_tree.set_checked("list:Clients")
    wizard.button(NEXT).click()
    qtbot.waitUntil(lambda: wizard.account_page.loaded)
    wizard.button(NEXT).click()
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_REVIEW
    qtbot.waitUntil(lambda: wizard.review_page.relay_connected is not None, timeout=5000)


def _save_draft(qtbot, wizard: CampaignWizard, name: str) -> None:  # type: ignore[no-untyped-def]
    wizard.review_page.name_edit.setText(name)
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000):
        wizard.button(DRAFT).click()


def test_without_a_relay_tracking_is_off_and_explained(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert review.relay_connected is False
    assert not review.tracking_check.isEnabled() and not review.tracking_check.isChecked()
    assert review.tracking_note.isVisible()
    assert "connect one in Settings, Relay tab" in review.tracking_note.text()
    _save_draft(qtbot, wizard, "Sans relais")
    assert get_campaign(ctx.db, "Sans relais").tracking is False


def test_with_a_relay_tracking_is_on_by_default(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    save_relay(ctx.db, ctx.paths.home, RELAY_URL, SECRET, API_KEY)
    wizard = open_wizard()
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert review.relay_connected is True
    assert review.tracking_check.isEnabled() and review.tracking_check.isChecked()
    assert not review.tracking_note.isVisible()
    assert wizard.campaign_input().tracking is True
    _save_draft(qtbot, wizard, "Suivie")
    assert get_campaign(ctx.db, "Suivie").tracking is True


def test_tracking_can_be_turned_off_and_on_again_when_editing(
    qtbot, ctx, mail_world, open_wizard
) -> None:  # type: ignore[no-untyped-def]
    save_relay(ctx.db, ctx.paths.home, RELAY_URL, SECRET, API_KEY)
    wizard = open_wizard()
    _to_review(qtbot, wizard)
    wizard.review_page.tracking_check.setChecked(False)
    _save_draft(qtbot, wizard, "Discrète")
    campaign = get_campaign(ctx.db, "Discrète")
    assert campaign.tracking is False
    wait_idle(qtbot, ctx)

    # Edited: the box starts from the campaign's choice, not the default.
    again = open_wizard(campaign)
    _to_review(qtbot, again)
    assert again.review_page.tracking_check.isEnabled()
    assert not again.review_page.tracking_check.isChecked()
    again.review_page.tracking_check.setChecked(True)
    with qtbot.waitSignal(again.sig_campaign_saved, timeout=10_000):
        again.button(DRAFT).click()
    assert get_campaign(ctx.db, "Discrète").tracking is True


def test_the_account_consent_setting_round_trips(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = AccountDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.require_consent.isChecked()  # CNIL: consent required unless said otherwise
    dialog.name.setText("Boutique")
    dialog.from_address.setText("Boutique <shop@example.fr>")
    dialog.host.setText("smtp.example.fr")
    dialog.require_consent.setChecked(False)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    account = get_account(ctx.db, "Boutique")
    assert account.require_tracking_consent is False

    edit = AccountDialog(ctx, account=account)
    qtbot.addWidget(edit)
    edit.show()
    assert not edit.require_consent.isChecked()
    edit.require_consent.setChecked(True)
    with qtbot.waitSignal(edit.finished, timeout=10_000):
        edit.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert get_account(ctx.db, "Boutique").require_tracking_consent is True
    wait_idle(qtbot, ctx)
