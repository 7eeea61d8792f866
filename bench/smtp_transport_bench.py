"""SMTP transport benchmark: ~5 KB messages to Postfix's smtp-sink on 127.0.0.1.

Target: 2,000 messages/s over a few connections (the campaign target, on 2 cores), the transport
alone (no database, no rendering).

What is measured, each on fresh connections to one smtp-sink process (it accepts everything and
stores nothing; it offers PIPELINING):
- raw protocol path (reference): the least Python can do per message on one connection:
  MAIL/RCPT/DATA in one write, three replies, the dot-stuffed data in one write, one reply;
- ``SmtpTransport.send_batch`` with batches of 1 (two round trips per message), then with
  batches of ``batch_size`` (a message's data and the next one's commands share a write:
  one round trip per message), on one connection;
- ``SmtpTransport`` on N connections, one thread each (the engine's workers), together;
- smtp-source (Postfix's C client, one connection, no pipelining), for scale.

Figures are wall-clock and CPU time (of this process) per message, best of a few runs.
Usage: ``.venv/bin/python bench/smtp_transport_bench.py [--messages N] [--runs N]
[--connections N]``. Skipped (exit 0) when smtp-sink is not installed.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.sending.transports.base import Outcome  # noqa: E402
from app.sending.transports.smtp import SmtpTransport  # noqa: E402
from app.templates.mime import Address, Outgoing  # noqa: E402

TARGET_PER_SECOND = 2000
SINK = "/usr/sbin/smtp-sink"
SOURCE = "/usr/sbin/smtp-source"


def make_mime(size: int = 5000) -> bytes:
    headers = (
        b"From: =?utf-8?q?Boutique_=C3=89lodie?= <boutique@example.fr>\r\n"
        b"To: client@example.com\r\nSubject: Les nouveaut\xc3\xa9s de novembre\r\n"
        b"Message-ID: <bench.1@example.fr>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    line = b"Bonjour, voici nos nouveaut\xc3\xa9s : des produits frais, livr\xc3\xa9s demain.\r\n"
    return headers + line * ((size - len(headers)) // len(line))


def make_items(n: int, mime: bytes) -> list[Outgoing]:
    sender = Address("Boutique Élodie", "boutique@example.fr")
    return [
        Outgoing(i, sender, Address("", f"client{i}@example.com"), "", "", "", "", {}, mime)
        for i in range(n)
    ]


@contextmanager
def smtp_sink() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([SINK, "-u", "nobody", f"127.0.0.1:{port}", "1000"])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("smtp-sink did not start") from None
                time.sleep(0.02)
        yield port
    finally:
        process.terminate()
        process.wait()


def measure(run: Callable[[], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def raw_path(port: int, items: list[Outgoing]) -> None:
    """The reference: pipelined commands, replies read from a buffer, one write for the data."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = bytearray()

    def reply() -> bytes:
        nonlocal buf
        while True:
            end = buf.find(b"\n")
            if end >= 0:
                line = bytes(buf[: end + 1])
                del buf[: end + 1]
                if line[3:4] != b"-":
                    return line
                continue
            buf += sock.recv(65536)

    try:
        reply()
        sock.sendall(b"EHLO bench.example\r\n")
        reply()
        for item in items:
            sock.sendall(
                b"MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\n"
                % (item.sender.email.encode(), item.to.email.encode())
            )
            reply(), reply(), reply()
            sock.sendall(item.mime.replace(b"\n.", b"\n..") + b".\r\n")
            if not reply().startswith(b"250"):
                raise RuntimeError("refused")
        sock.sendall(b"QUIT\r\n")
        reply()
    finally:
        sock.close()


def transport_path(port: int, items: list[Outgoing], batch: int) -> None:
    outcomes: list[Outcome] = []
    with SmtpTransport("127.0.0.1", port, "none", max_per_connection=len(items) + 1) as t:
        for start in range(0, len(items), batch):
            t.send_batch(items[start : start + batch], outcomes.append)
    if len(outcomes) != len(items) or any(o.status != "sent" for o in outcomes):
        raise RuntimeError("not every message was sent")


def parallel_path(port: int, items: list[Outgoing], connections: int) -> None:
    chunks = [items[i::connections] for i in range(connections)]
    errors: list[BaseException] = []

    def worker(chunk: list[Outgoing]) -> None:
        try:
            transport_path(port, chunk, SmtpTransport.batch_size)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def smtp_source(port: int, n: int, size: int) -> None:
    subprocess.run(
        [SOURCE, "-d", "-s", "1", "-m", str(n), "-l", str(size), f"127.0.0.1:{port}"],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    if not Path(SINK).exists():
        print(f"skipped: {SINK} not installed (Debian/Ubuntu: the postfix package)")
        return 0

    mime = make_mime()
    items = make_items(args.messages, mime)
    n = len(items)
    print(
        f"{n:,} messages of {len(mime):,} bytes to smtp-sink on 127.0.0.1; "
        f"best of {args.runs} runs (wall, CPU of this process)"
    )

    def report(label: str, run: Callable[[int], None], note: str = "") -> float:
        best_wall, best_cpu = float("inf"), float("inf")
        for _ in range(args.runs):
            with smtp_sink() as port:
                wall, cpu = measure(lambda: run(port))  # noqa: B023 - called at once
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        rate = n / best_wall
        print(
            f"  {label:<44} {best_wall / n * 1e6:7.1f} µs/msg wall {best_cpu / n * 1e6:6.1f} µs "
            f"CPU  {rate:8,.0f} msg/s {note}".rstrip()
        )
        return rate

    report("raw protocol path, 1 connection (reference)", lambda p: raw_path(p, items))
    report("SmtpTransport, batches of 1, 1 connection", lambda p: transport_path(p, items, 1))
    batch = SmtpTransport.batch_size
    report(
        f"SmtpTransport, batches of {batch}, 1 connection",
        lambda p: transport_path(p, items, batch),
    )
    rate = report(
        f"SmtpTransport, {args.connections} connections (threads)",
        lambda p: parallel_path(p, items, args.connections),
    )
    verdict = "PASS" if rate >= TARGET_PER_SECOND else "FAIL"
    print(
        f"  {args.connections} connections: {rate:,.0f} msg/s (target >= {TARGET_PER_SECOND:,}): {verdict}"
    )
    if shutil.which(SOURCE) or Path(SOURCE).exists():
        report(
            "smtp-source (C client, no pipelining)",
            lambda p: smtp_source(p, n, len(mime)),
            "(CPU: none here, a child)",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
