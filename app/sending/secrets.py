"""Where account passwords and API keys live: the OS keyring, or an encrypted file.

The database only ever holds a secret's *reference* (``Account.secret_ref``, ``account:<uuid>``);
the value lives in the OS keyring (service "Facteur", user name = the reference). Where there is
no keyring backend (a headless Linux server, CI) the fallback is explicit: the file
``secrets.json.enc`` in the data directory, encrypted with Fernet under a key derived by scrypt
from the passphrase in ``FACTEUR_SECRETS_PASSPHRASE``. ``FACTEUR_SECRETS=file`` or ``=keyring``
forces one of them. Nothing here ever writes a secret in plain text, logs it or puts it in an
error message.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

from app.errors import FacteurError

SERVICE = "Facteur"
SECRETS_FILE = "secrets.json.enc"
PASSPHRASE_ENV = "FACTEUR_SECRETS_PASSPHRASE"
CHOICE_ENV = "FACTEUR_SECRETS"

# scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB and ~0.1 s, once per process (the key is cached).
# Stored in the file, so it can be raised later without breaking existing files.
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1


class SecretsUnavailable(FacteurError):
    """No place to keep secrets, or the one configured cannot be used (locked, wrong passphrase)."""


class SecretStore(Protocol):
    """A small key-value store for secrets, keyed by reference."""

    #: A short description for messages and ``accounts show`` ("OS keyring (SecretService)").
    backend_name: str

    def get(self, ref: str) -> str | None: ...

    def set(self, ref: str, value: str) -> None: ...

    def delete(self, ref: str) -> None:
        """Forget ``ref``; no error when it is not there."""
        ...


# --- the OS keyring --------------------------------------------------------------------------


class KeyringStore:
    """Secrets in the OS keyring (macOS Keychain, Windows Credential Locker, Secret Service...)."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend
        self.backend_name = f"OS keyring ({type(backend).__name__})"

    def get(self, ref: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, ref)
        except Exception as exc:  # noqa: BLE001 - every backend raises its own errors
            raise _keyring_error(exc) from exc

    def set(self, ref: str, value: str) -> None:
        try:
            self._backend.set_password(SERVICE, ref, value)
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from exc

    def delete(self, ref: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            self._backend.delete_password(SERVICE, ref)
        except PasswordDeleteError:
            pass  # not there: nothing to forget
        except Exception as exc:  # noqa: BLE001
            raise _keyring_error(exc) from exc


def _keyring_error(exc: Exception) -> SecretsUnavailable:
    # The backends' messages name the service and user (our reference), never the value.
    return SecretsUnavailable(
        "The OS keyring could not be used: {reason}. Unlock it, or set {env}=file and "
        "{passphrase_env} to keep secrets in an encrypted file instead.",
        reason=str(exc) or type(exc).__name__,
        env=CHOICE_ENV,
        passphrase_env=PASSPHRASE_ENV,
    )


def _usable_keyring(backend: Any) -> bool:
    """True for a real OS keyring; False for keyring's fail/null backends and plain-text ones."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_usable_keyring(b) for b in backend.backends)
    # keyrings.alt's file backends (priority < 1) keep secrets in a file we do not control,
    # one of them in plain text: never pick them by default.
    try:
        priority = float(backend.priority)
    except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
        return False
    return priority >= 1 and not type(backend).__module__.startswith("keyrings.alt")


# --- the encrypted file ----------------------------------------------------------------------


class EncryptedFileStore:
    """Secrets in one file, encrypted with Fernet; the key comes from a passphrase via scrypt.

    File (JSON): ``{"version": 1, "kdf": "scrypt", "n", "r", "p", "salt", "token"}`` where
    ``token`` is the Fernet encryption of ``{"ref": "secret", ...}``. Written atomically (a
    temporary file renamed over it), mode 0600.
    """

    backend_name = "encrypted file"

    def __init__(self, path: Path, passphrase: str) -> None:
        if not passphrase:
            raise SecretsUnavailable("The secrets passphrase cannot be empty.")
        self.path = Path(path)
        self._passphrase = passphrase.encode("utf-8")
        self._keys: dict[tuple[bytes, int, int, int], bytes] = {}
        self._lock = threading.Lock()

    # reading

    def get(self, ref: str) -> str | None:
        with self._lock:
            return self._load()[1].get(ref)

    def set(self, ref: str, value: str) -> None:
        with self._lock:
            header, secrets = self._load()
            secrets[ref] = value
            self._save(header, secrets)

    def delete(self, ref: str) -> None:
        with self._lock:
            header, secrets = self._load()
            if secrets.pop(ref, None) is not None:
                self._save(header, secrets)

    def _load(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The file's KDF parameters and its decrypted secrets (new parameters if no file)."""
        from cryptography.fernet import Fernet, InvalidToken

        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            header = {
                "version": 1,
                "kdf": "scrypt",
                "n": _SCRYPT_N,
                "r": _SCRYPT_R,
                "p": _SCRYPT_P,
                "salt": base64.b64encode(os.urandom(16)).decode("ascii"),
            }
            return header, {}
        except OSError as exc:
            raise SecretsUnavailable(
                "Cannot read the secrets file {path}: {reason}",
                path=str(self.path),
                reason=exc.strerror or str(exc),
            ) from exc
        try:
            doc = json.loads(raw)
            header = {k: doc[k] for k in ("version", "kdf", "n", "r", "p", "salt")}
            if header["version"] != 1 or header["kdf"] != "scrypt":
                raise ValueError("unknown format")
            token = doc["token"].encode("ascii")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SecretsUnavailable(
                "The secrets file {path} is damaged or not a Facteur secrets file.",
                path=str(self.path),
            ) from exc
        try:
            secrets = json.loads(Fernet(self._key(header)).decrypt(token))
        except InvalidToken:
            raise SecretsUnavailable(
                "Cannot decrypt the secrets file {path}: the passphrase in {env} is not the one "
                "it was written with (or the file was altered).",
                path=str(self.path),
                env=PASSPHRASE_ENV,
            ) from None
        return header, secrets

    def _key(self, header: dict[str, Any]) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        salt = base64.b64decode(header["salt"])
        params = (salt, int(header["n"]), int(header["r"]), int(header["p"]))
        key = self._keys.get(params)
        if key is None:
            kdf = Scrypt(salt=salt, length=32, n=params[1], r=params[2], p=params[3])
            key = base64.urlsafe_b64encode(kdf.derive(self._passphrase))
            self._keys[params] = key
        return key

    # writing

    def _save(self, header: dict[str, Any], secrets: dict[str, str]) -> None:
        from cryptography.fernet import Fernet

        token = Fernet(self._key(header)).encrypt(json.dumps(secrets).encode("utf-8"))
        data = json.dumps({**header, "token": token.decode("ascii")}, indent=1).encode("ascii")
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # mkstemp creates the file with mode 0600, before any byte is written.
            fd, tmp = tempfile.mkstemp(prefix=".secrets-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            os.chmod(self.path, 0o600)
        except OSError as exc:
            raise SecretsUnavailable(
                "Cannot write the secrets file {path}: {reason}",
                path=str(self.path),
                reason=exc.strerror or str(exc),
            ) from exc


# --- choosing ----------------------------------------------------------------------------------


def open_secret_store(home: Path) -> SecretStore:
    """The OS keyring when there is a real one; else the encrypted file in ``home``.

    ``FACTEUR_SECRETS=keyring`` or ``=file`` forces the choice. The file needs
    ``FACTEUR_SECRETS_PASSPHRASE``; without a keyring or a passphrase, ``SecretsUnavailable``
    says how to fix it.
    """
    choice = os.environ.get(CHOICE_ENV, "").strip().lower()
    if choice not in ("", "keyring", "file"):
        raise SecretsUnavailable(
            "{env} must be 'keyring' or 'file', not {value!r}.", env=CHOICE_ENV, value=choice
        )
    path = Path(home) / SECRETS_FILE
    if choice != "file":
        import keyring

        backend = keyring.get_keyring()
        if _usable_keyring(backend):
            return KeyringStore(backend)
        if choice == "keyring":
            raise SecretsUnavailable(
                "{env}=keyring, but no OS keyring is available here ({backend}).",
                env=CHOICE_ENV,
                backend=type(backend).__name__,
            )
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if not passphrase and choice == "file":
        raise SecretsUnavailable(
            "{env}=file needs a passphrase: set the environment variable {passphrase_env} "
            "(secrets are kept in the encrypted file {path}).",
            env=CHOICE_ENV,
            passphrase_env=PASSPHRASE_ENV,
            path=str(path),
        )
    if not passphrase:
        raise SecretsUnavailable(
            "No OS keyring is available to keep account passwords and API keys. Set the "
            "environment variable {env} to a passphrase of your choice: secrets are then kept "
            "in the encrypted file {path}.",
            env=PASSPHRASE_ENV,
            path=str(path),
        )
    return EncryptedFileStore(path, passphrase)
