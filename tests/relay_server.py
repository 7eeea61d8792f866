"""The real relay for tests: the Starlette app under a real uvicorn server on a loopback port.

::

    with RelayServer(tmp_path=tmp_path) as relay:
        httpx.get(relay.url + "/o/" + relay.signer.open_token(1, 2) + ".gif")
        relay.flush()                      # opens and clicks are written in batches
        assert relay.store.events(kind="open")

``RelayServer(secret=..., api_key=..., db_url=None, tmp_path=None, **overrides)``: ``db_url`` is
the relay's database (default: a new SQLite file in ``tmp_path``, or in a temporary directory
removed afterwards); ``overrides`` are ``RelaySettings`` fields (``rate_limit=False``,
``trust_proxy=True``, ``flush_interval=...``). Rate limits are off unless asked for, so tests
hammering the relay are not throttled.

Exposes ``url`` (``http://127.0.0.1:PORT``), ``settings``, ``store`` (the relay's ``RelayStore``,
for direct assertions), ``app``, ``relay`` (the application state), ``signer`` (a ``TokenSigner``
with the same secret), ``headers`` (the API's ``Authorization`` header) and ``flush()`` (writes the
buffered opens and clicks now). Leaving the ``with`` block stops the server and its threads.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from app.relay.config import RelaySettings
from app.relay.server import Relay, create_app, make_server
from app.relay.store import RelayStore
from app.tracking.tokens import TokenSigner

SECRET = "test-relay-secret-0123456789"
API_KEY = "test-relay-api-key-0123456789"


class RelayServer:
    """The relay on ``127.0.0.1:<free port>`` in a background thread (a context manager)."""

    def __init__(
        self,
        secret: str = SECRET,
        api_key: str = API_KEY,
        db_url: str | None = None,
        tmp_path: Path | None = None,
        **overrides: Any,
    ) -> None:
        self._tmp_dir: str | None = None
        if db_url is None:
            if tmp_path is None:
                self._tmp_dir = tempfile.mkdtemp(prefix="facteur-relay-")
                tmp_path = Path(self._tmp_dir)
            db_url = f"sqlite:///{Path(tmp_path) / 'relay.db'}"
        overrides.setdefault("rate_limit", False)
        overrides.setdefault("retention_days", 90)
        self.settings = RelaySettings(secret=secret, api_key=api_key, db_url=db_url, **overrides)
        self.signer = TokenSigner(secret)
        self.headers = {"Authorization": f"Bearer {api_key}"}
        self.app = create_app(self.settings)
        self.relay: Relay = self.app.state.relay
        self.store: RelayStore = self.relay.store
        self.url = ""
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> RelayServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self, timeout: float = 15.0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self._socket = sock
        port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._server = make_server(
            self.app, "127.0.0.1", port, log_level="warning", timeout_graceful_shutdown=2
        )
        self._thread = threading.Thread(target=self._run, name="relay-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                self._cleanup()
                raise RuntimeError(f"the relay did not start: {self._error!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the relay did not start in time")
            time.sleep(0.01)
        # Accepting connections (the socket listens already; this checks the loop serves it).
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass

    def _run(self) -> None:
        try:
            assert self._socket is not None
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # noqa: BLE001 - reported by start()/stop()
            self._error = exc

    def flush(self) -> int:
        """Write the buffered opens and clicks now; the number written."""
        return self.relay.buffer.flush()

    def stop(self) -> None:
        if self._thread is not None:
            self.relay.stop_waiting()
            self._server.should_exit = True
            self._thread.join(30)
            alive = self._thread.is_alive()
            self._thread = None
            if alive:
                raise RuntimeError("the relay server did not stop")
        self._cleanup()
        if self._error is not None and not isinstance(self._error, SystemExit | KeyboardInterrupt):
            raise RuntimeError(f"the relay server failed: {self._error!r}") from self._error

    def _cleanup(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._tmp_dir is not None:
            shutil.rmtree(self._tmp_dir, ignore_errors=True)
            self._tmp_dir = None

    def wait_for_events(self, timeout: float = 5.0, **where: Any) -> list[dict[str, Any]]:
        """The stored events matching ``where`` once there are any (flushing meanwhile)."""
        deadline = time.monotonic() + timeout
        while True:
            self.flush()
            found = self.store.events(**where)
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)
