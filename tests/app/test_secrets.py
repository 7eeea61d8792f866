"""Secret stores: the encrypted-file fallback and the OS keyring (an in-memory keyring backend)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from app.sending.secrets import (
    SERVICE,
    EncryptedFileStore,
    KeyringStore,
    SecretsUnavailable,
    open_secret_store,
)

SECRET = "s3cr3t-Pa55phrase-ÀÉ"


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps passwords in a dict."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("the keyring is locked")
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.locked:
            raise KeyringLocked("the keyring is locked")
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise PasswordDeleteError("not found")
        del self.passwords[(service, username)]


class PlainFileKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plain-text file backend (priority below 1)."""

    priority = 0.5  # type: ignore[assignment]


@pytest.fixture
def installed_keyring() -> Iterator[None]:
    """Restore whatever keyring backend was active after the test."""
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(installed_keyring: None, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("FACTEUR_SECRETS")
    return backend


@pytest.fixture
def no_keyring(installed_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("FACTEUR_SECRETS")


# --- the encrypted file ---------------------------------------------------------------------


def test_file_store_round_trip(facteur_home: Path) -> None:
    store = open_secret_store(facteur_home)
    assert isinstance(store, EncryptedFileStore)
    assert store.backend_name == "encrypted file"
    assert store.get("account:1") is None
    store.set("account:1", SECRET)
    store.set("account:2", "other")
    assert store.get("account:1") == SECRET
    # Another store on the same file (another process, later) reads it back.
    again = open_secret_store(facteur_home)
    assert again.get("account:1") == SECRET
    again.delete("account:1")
    again.delete("account:never-there")  # no error
    assert store.get("account:1") is None
    assert store.get("account:2") == "other"


def test_file_holds_no_secret_in_plain_text(facteur_home: Path) -> None:
    store = open_secret_store(facteur_home)
    store.set("account:abc", SECRET)
    raw = (facteur_home / "secrets.json.enc").read_bytes()
    assert SECRET.encode() not in raw and SECRET.encode("unicode_escape") not in raw
    assert b"test passphrase" not in raw
    # Only the encrypted file: no temporary file left beside it.
    assert sorted(p.name for p in facteur_home.iterdir()) == ["secrets.json.enc"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_file_is_private(facteur_home: Path) -> None:
    open_secret_store(facteur_home).set("account:abc", SECRET)
    mode = stat.S_IMODE(os.stat(facteur_home / "secrets.json.enc").st_mode)
    assert mode == 0o600


def test_wrong_passphrase_is_a_clear_error(
    facteur_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_secret_store(facteur_home).set("account:abc", SECRET)
    monkeypatch.setenv("FACTEUR_SECRETS_PASSPHRASE", "not the passphrase")
    store = open_secret_store(facteur_home)
    with pytest.raises(SecretsUnavailable, match="FACTEUR_SECRETS_PASSPHRASE") as info:
        store.get("account:abc")
    assert SECRET not in str(info.value)
    # Writing is refused as well: the file is never overwritten under another key.
    with pytest.raises(SecretsUnavailable):
        store.set("account:new", "x")
    monkeypatch.setenv("FACTEUR_SECRETS_PASSPHRASE", "test passphrase")
    assert open_secret_store(facteur_home).get("account:abc") == SECRET


def test_damaged_file(facteur_home: Path) -> None:
    facteur_home.mkdir(parents=True)
    (facteur_home / "secrets.json.enc").write_text("{not json", encoding="utf-8")
    with pytest.raises(SecretsUnavailable, match="damaged"):
        open_secret_store(facteur_home).get("x")


def test_file_store_needs_a_passphrase(facteur_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTEUR_SECRETS_PASSPHRASE")
    with pytest.raises(SecretsUnavailable, match="FACTEUR_SECRETS_PASSPHRASE"):
        open_secret_store(facteur_home)
    with pytest.raises(SecretsUnavailable):
        EncryptedFileStore(facteur_home / "x", "")


def test_unknown_choice(facteur_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTEUR_SECRETS", "plaintext")
    with pytest.raises(SecretsUnavailable, match="'keyring' or 'file'"):
        open_secret_store(facteur_home)


# --- the OS keyring ------------------------------------------------------------------------


def test_keyring_is_the_default_when_there_is_one(
    facteur_home: Path, memory_keyring: MemoryKeyring
) -> None:
    store = open_secret_store(facteur_home)
    assert isinstance(store, KeyringStore)
    assert "MemoryKeyring" in store.backend_name
    store.set("account:1", SECRET)
    assert memory_keyring.passwords == {(SERVICE, "account:1"): SECRET}
    assert store.get("account:1") == SECRET
    store.delete("account:1")
    store.delete("account:1")  # already gone: no error
    assert memory_keyring.passwords == {}
    assert not (facteur_home / "secrets.json.enc").exists()


def test_file_can_be_forced_over_a_keyring(
    facteur_home: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTEUR_SECRETS", "file")
    store = open_secret_store(facteur_home)
    assert isinstance(store, EncryptedFileStore)
    store.set("account:1", SECRET)
    assert memory_keyring.passwords == {}


def test_locked_keyring_is_a_clear_error(facteur_home: Path, memory_keyring: MemoryKeyring) -> None:
    store = open_secret_store(facteur_home)
    memory_keyring.locked = True
    with pytest.raises(
        SecretsUnavailable, match="keyring could not be used: the keyring is locked"
    ):
        store.set("account:1", SECRET)


def test_no_keyring_falls_back_to_the_file(facteur_home: Path, no_keyring: None) -> None:
    store = open_secret_store(facteur_home)
    assert isinstance(store, EncryptedFileStore)


def test_no_keyring_and_no_passphrase_says_how_to_fix(
    facteur_home: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTEUR_SECRETS_PASSPHRASE")
    with pytest.raises(SecretsUnavailable) as info:
        open_secret_store(facteur_home)
    message = str(info.value)
    assert "No OS keyring" in message and "FACTEUR_SECRETS_PASSPHRASE" in message


def test_keyring_forced_but_absent(
    facteur_home: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTEUR_SECRETS", "keyring")
    with pytest.raises(SecretsUnavailable, match="no OS keyring"):
        open_secret_store(facteur_home)


def test_plain_text_keyring_backends_are_not_used(
    facteur_home: Path, installed_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(PlainFileKeyring())
    monkeypatch.delenv("FACTEUR_SECRETS")
    assert isinstance(open_secret_store(facteur_home), EncryptedFileStore)
