"""One running window per Facteur home: a second launch asks the first to come forward, then exits."""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(home: str) -> str:
    """A name per user and home directory (two homes may run side by side)."""
    digest = hashlib.sha256(os.path.realpath(home).encode()).hexdigest()[:16]
    user = hashlib.sha256(os.path.expanduser("~").encode()).hexdigest()[:8]
    return f"facteur-{user}-{digest}"


def ask_running_instance(name: str, timeout_ms: int = 500) -> bool:
    """True when another instance answered (it has been asked to show its window)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches."""

    sig_show_requested = Signal()
    """Another launch asked this instance to bring its window forward."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(name):
            # A stale socket left by a crash: nobody answered above, so it is safe to take it over.
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._on_server_new_connection)

    def _on_server_new_connection(self) -> None:
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.readyRead.connect(self._on_conn_ready_read)
            conn.disconnected.connect(conn.deleteLater)

    def _on_conn_ready_read(self) -> None:
        conn = self.sender()
        if isinstance(conn, QLocalSocket) and bytes(conn.readAll().data()).startswith(b"show"):
            self.sig_show_requested.emit()

    def close(self) -> None:
        self._server.newConnection.disconnect(self._on_server_new_connection)
        self._server.close()
