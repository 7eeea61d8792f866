"""Settings > Accounts: the account dialog over a real database and secret store, tested against
real local servers (aiosmtpd with STARTTLS, a small HTTP server playing Postmark)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.sending.accounts import AccountInput, create_account, get_account, list_accounts
from tests.smtp_servers import SmtpServer
from tests.ui.conftest import wait_idle
from ui.dialogs.account_dialog import ERROR_STYLE, SUCCESS_STYLE, AccountDialog
from ui.pages.settings_page import AccountsSection, SettingsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(qtbot, ctx) -> Iterator[SettingsPage]:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.accounts)
    qtbot.waitUntil(lambda: page.accounts.loaded)
    yield page
    wait_idle(qtbot, ctx)


def _open(qtbot, section: AccountsSection, account: Any = None) -> AccountDialog:  # type: ignore[no-untyped-def]
    if account is None:
        section.add_button.click()
    else:
        section.open_dialog(account)
    dialog = section.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _fill_smtp(dialog: AccountDialog, **values: Any) -> None:
    dialog.name.setText(values.get("name", "Boutique"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("smtp"))
    dialog.from_address.setText(values.get("from_address", "Boutique <shop@example.fr>"))
    dialog.host.setText(values.get("host", "127.0.0.1"))
    dialog.port.setValue(values.get("port", 2525))
    dialog.security.setCurrentIndex(dialog.security.findData(values.get("security", "starttls")))
    dialog.username.setText(values.get("username", "jean"))
    dialog.secret.setText(values.get("password", "s3cret"))
    if "ca_file" in values:
        dialog.advanced_button.setChecked(True)
        dialog.ca_file.setText(values["ca_file"])


def _save(qtbot, dialog: AccountDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _free_port() -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_add_an_smtp_account(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    section = page.accounts
    assert section.model.rowCount() == 0
    assert not section.edit_button.isEnabled() and not section.delete_button.isEnabled()
    dialog = _open(qtbot, section)
    _fill_smtp(dialog, port=587)
    _save(qtbot, dialog)

    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    [account] = list_accounts(ctx.db)
    assert (account.name, account.kind, account.from_address) == (
        "Boutique",
        "smtp",
        "Boutique <shop@example.fr>",
    )
    assert account.settings["host"] == "127.0.0.1" and account.settings["port"] == 587
    assert account.settings["username"] == "jean" and account.has_secret
    assert ctx.secrets.get(account.secret_ref) == "s3cret"
    # The table shows it, selected, with its secret stored (never the secret itself).
    model = section.model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["Boutique", "SMTP server", "Boutique <shop@example.fr>", "Stored"]
    qtbot.waitUntil(lambda: section.selected() is not None)
    assert section.edit_button.isEnabled()


def test_accounts_model(qtbot, qtmodeltester, ctx, page) -> None:  # type: ignore[no-untyped-def]
    create_account(
        ctx.db,
        ctx.secrets,
        AccountInput(name="Relais", kind="smtp", from_address="a@example.fr", host="relay"),
    )
    page.accounts.reload()  # created behind the page's back: the bus was not told
    qtbot.waitUntil(lambda: page.accounts.model.rowCount() == 1)
    qtmodeltester.check(page.accounts.model)


def test_insecure_password_needs_the_checkbox(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, page.accounts)
    _fill_smtp(dialog, security="starttls")
    assert dialog.allow_insecure.isHidden()  # only offered without encryption
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    assert dialog.allow_insecure.isVisible()

    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())
    assert "unencrypted" in dialog.form_error.text()
    assert dialog.isVisible() and list_accounts(ctx.db) == []

    dialog.allow_insecure.setChecked(True)
    _save(qtbot, dialog)
    [account] = list_accounts(ctx.db)
    assert account.settings["security"] == "none" and account.settings["allow_insecure_auth"]


def test_test_connection_succeeds_then_reports_failures(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    section = page.accounts
    with SmtpServer(tls="starttls", auth={"jean": "s3cret"}) as server:
        dialog = _open(qtbot, section)
        _fill_smtp(dialog, port=server.port, ca_file=server.ca_file)
        with qtbot.waitSignal(dialog.sig_test_finished, timeout=15_000) as finished:
            dialog.test_button.click()
            assert not dialog.test_button.isEnabled()  # one test at a time, GUI not blocked
        assert finished.args[0].ok
        assert dialog.test_result.text().startswith("Connection works")
        assert dialog.test_result.styleSheet() == SUCCESS_STYLE
        assert server.logins == ["jean"] and server.messages == []  # signed in, sent nothing
        # Testing saved the account; the dialog now edits it and keeps the stored password.
        account = get_account(ctx.db, "Boutique")
        assert dialog.account is not None and dialog.account.id == account.id
        assert dialog.secret.text() == "" and dialog.secret.placeholderText() == "unchanged"

        dialog.secret.setText("wrong")
        with qtbot.waitSignal(dialog.sig_test_finished, timeout=15_000) as finished:
            dialog.test_button.click()
        assert not finished.args[0].ok
        assert dialog.test_result.text().startswith("Failed:")
        assert dialog.test_result.styleSheet() == ERROR_STYLE

    # The server's CA file went with it: the save before the test is refused, inline.
    dialog.secret.setText("s3cret")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())
    assert "CA certificate" in dialog.form_error.text() and dialog.test_result.text() == ""
    assert dialog.test_button.isEnabled()

    # Nothing listening: the reason is shown, and the dialog stays usable.
    dialog.ca_file.clear()
    dialog.port.setValue(_free_port())
    with qtbot.waitSignal(dialog.sig_test_finished, timeout=15_000) as finished:
        dialog.test_button.click()
    assert not finished.args[0].ok
    text = dialog.test_result.text()
    assert text.startswith("Failed:") and "127.0.0.1" in text
    assert dialog.test_button.isEnabled()
    dialog.reject()
    assert len(list_accounts(ctx.db)) == 1


def test_edit_keeps_the_secret_when_left_empty(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    section = page.accounts
    created = create_account(
        ctx.db,
        ctx.secrets,
        AccountInput(
            name="Boutique",
            kind="smtp",
            from_address="shop@example.fr",
            host="smtp.example.fr",
            username="jean",
        ),
        "first",
    )
    dialog = _open(qtbot, section, created)
    assert dialog.windowTitle() == "Edit account"
    assert dialog.secret.text() == "" and dialog.secret.placeholderText() == "unchanged"
    assert dialog.host.text() == "smtp.example.fr" and not dialog.kind.isEnabled()
    dialog.from_address.setText("Boutique Lumière <shop@example.fr>")
    _save(qtbot, dialog)
    account = get_account(ctx.db, "Boutique")
    assert account.from_address == "Boutique Lumière <shop@example.fr>"
    assert ctx.secrets.get(account.secret_ref) == "first"

    dialog = _open(qtbot, section, account)
    dialog.secret.setText("second")
    _save(qtbot, dialog)
    assert ctx.secrets.get(get_account(ctx.db, "Boutique").secret_ref) == "second"


class _Postmark(BaseHTTPRequestHandler):
    """Answers Postmark's connection test (``GET /server``) and records the token."""

    tokens: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.tokens.append(self.headers.get("X-Postmark-Server-Token", ""))
        body = json.dumps({"Name": "Boutique"}).encode()
        self.send_response(200 if self.path == "/server" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the log
        pass


@pytest.fixture
def postmark() -> Iterator[ThreadingHTTPServer]:
    _Postmark.tokens = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Postmark)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_add_a_postmark_account_with_a_base_url(qtbot, ctx, page, postmark) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, page.accounts)
    dialog.kind.setCurrentIndex(dialog.kind.findData("postmark"))
    # API fields replace the SMTP ones.
    assert dialog.host.isHidden() and dialog.security.isHidden() and dialog.username.isHidden()
    assert dialog.form.labelForField(dialog.secret).text() == "API key:"
    assert dialog.message_stream.isVisible() and dialog.domain.isHidden()
    assert dialog.base_url.isHidden()
    dialog.advanced_button.setChecked(True)
    assert dialog.base_url.isVisible()

    url = f"http://127.0.0.1:{postmark.server_address[1]}"
    dialog.name.setText("Postmark")
    dialog.from_address.setText("shop@example.fr")
    dialog.secret.setText("server-token")
    dialog.base_url.setText(url)
    dialog.rate_per_second.setValue(10)
    with qtbot.waitSignal(dialog.sig_test_finished, timeout=15_000) as finished:
        dialog.test_button.click()
    assert finished.args[0].ok, dialog.test_result.text()
    assert "Boutique" in dialog.test_result.text() and _Postmark.tokens == ["server-token"]
    _save(qtbot, dialog)

    account = get_account(ctx.db, "Postmark")
    assert account.kind == "postmark" and account.settings["base_url"] == url
    assert account.rate_per_second == 10 and account.rate_per_hour is None
    assert ctx.secrets.get(account.secret_ref) == "server-token"
    qtbot.waitUntil(lambda: page.accounts.model.rowCount() == 1)


def test_delete_an_account(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    account = create_account(
        ctx.db,
        ctx.secrets,
        AccountInput(
            name="Boutique", kind="smtp", from_address="shop@example.fr", host="h", username="j"
        ),
        "pw",
    )
    section = page.accounts
    section.reload()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    section.view.selectRow(0)
    monkeypatch.setattr(section, "confirm", lambda title, text: True)
    section.delete_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 0)
    assert list_accounts(ctx.db) == [] and ctx.secrets.get(account.secret_ref) is None


def test_without_a_secret_store_the_page_says_why(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("FACTEUR_SECRETS_PASSPHRASE")
    ctx.secrets = None
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.accounts)
    section = page.accounts
    qtbot.waitUntil(lambda: section.secrets_note.isVisible())
    assert "FACTEUR_SECRETS_PASSPHRASE" in section.secrets_note.text()
    assert not section.add_button.isEnabled()
    wait_idle(qtbot, ctx)
