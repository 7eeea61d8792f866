"""Load test of the relay's hot path: pixels and clicks on loopback (issue 5: >= 2,000 req/s, p99 < 50 ms).

Starts ``facteur relay serve`` in a subprocess (SQLite in a temporary directory, rate limits off),
then a small asyncio load generator: N keep-alive HTTP/1.1 connections, each sending one request
at a time (a mix of ``/o/<token>.gif`` and ``/c/<token>`` with valid tokens) for a fixed time.
Prints requests per second and latency percentiles, then checks that every request became an
event (the batches were written)::

    .venv/bin/python bench/relay_bench.py --seconds 10 --connections 32
    .venv/bin/python bench/relay_bench.py --url http://127.0.0.1:8000 --secret ... --api-key ...

With ``--url`` it loads a relay already running (whose secret you give) instead of starting one.
The load generator shares the machine with the relay: on 2 cores, both compete for them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.tracking.tokens import TokenSigner  # noqa: E402

SECRET = "bench-relay-secret-0123456789"
API_KEY = "bench-relay-api-key-0123456789"
AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_relay(port: int, db_url: str, workers: int, home: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FACTEUR_RELAY_SECRET": SECRET,
        "FACTEUR_RELAY_API_KEY": API_KEY,
        "FACTEUR_RELAY_RATE_LIMIT": "off",
        "FACTEUR_HOME": str(home),  # the log file, in the temporary directory
    }
    code = "import sys, main; sys.exit(main.main(sys.argv[1:]))"
    command = [sys.executable, "-c", code, "relay", "serve", "--port", str(port)]
    command += ["--db", db_url, "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the relay did not start:\n{process.stderr.read().decode()}")  # type: ignore[union-attr]
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1),
        ):
            return process
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the relay did not answer within 30 s")


def make_paths(signer: TokenSigner, count: int, click_share: float) -> list[str]:
    """Request paths with valid tokens: opens and clicks, sent an hour ago (not bots)."""
    rng = random.Random(5)
    sent = time.time() - 3600
    paths = []
    for n in range(count):
        if rng.random() < click_share:
            url = f"https://exemple.fr/produits/{n % 50}?utm_source=facteur"
            token = signer.click_token(url, message_id=n, contact_id=n, run_id=1, sent_at=sent)
            paths.append(f"/c/{token}")
        else:
            paths.append(f"/o/{signer.open_token(n, n, sent)}.gif")
    return paths


async def connection(
    host: str,
    port: int,
    requests: list[bytes],
    stop_at: float,
    warm_until: float,
    latencies: list[float],
    statuses: dict[int, int],
    sent: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    clock = time.perf_counter  # uvloop's loop.time() only has millisecond resolution
    i = random.randrange(len(requests))
    try:
        while True:
            now = clock()
            if now >= stop_at:
                break
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            done = clock()
            status = int(head[9:12])
            sent[0] += 1
            if now >= warm_until:
                latencies.append(done - now)
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def load(
    host: str, port: int, paths: list[str], connections: int, seconds: float, warmup: float
) -> tuple[list[float], dict[int, int], int]:
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: {AGENT}\r\n"
            "Accept: */*\r\n\r\n"
        ).encode()
        for path in paths
    ]
    start = time.perf_counter()
    warm_until = start + warmup
    stop_at = warm_until + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sent = [0]
    await asyncio.gather(
        *(
            connection(host, port, requests, stop_at, warm_until, latencies, statuses, sent)
            for _ in range(connections)
        )
    )
    return latencies, statuses, sent[0]


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def count_events(base: str, api_key: str) -> int:
    """Every event on the relay, paging through the API (after the batches are written)."""
    total, cursor = 0, ""
    while True:
        request = urllib.request.Request(
            f"{base}/api/v1/events?after={cursor}&limit=1000&wait=0",
            headers={"Authorization": f"Bearer {api_key}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            page = json.load(response)
        total += len(page["events"])
        cursor = page["cursor"]
        if not page["more"]:
            return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--click-share", type=float, default=0.5, help="fraction of clicks")
    parser.add_argument("--workers", type=int, default=1, help="relay worker processes")
    parser.add_argument("--db", help="the relay's database URL (default: SQLite, temporary)")
    parser.add_argument("--url", help="load this running relay instead of starting one")
    parser.add_argument("--secret", default=SECRET)
    parser.add_argument("--api-key", default=API_KEY)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    tmp = tempfile.TemporaryDirectory(prefix="relay-bench-")
    process = None
    if args.url:
        base = args.url.rstrip("/")
        host_port = base.split("://", 1)[1]
        host, _, port_text = host_port.partition(":")
        port = int(port_text or 80)
    else:
        host, port = "127.0.0.1", free_port()
        base = f"http://{host}:{port}"
        db_url = args.db or f"sqlite:///{Path(tmp.name) / 'relay.db'}"
        process = start_relay(port, db_url, args.workers, Path(tmp.name) / "home")
    try:
        before = count_events(base, args.api_key)
        paths = make_paths(TokenSigner(args.secret), 2000, args.click_share)
        latencies, statuses, total = asyncio.run(
            load(host, port, paths, args.connections, args.seconds, args.warmup)
        )
        seconds = args.seconds
        time.sleep(0.5)  # the last batch
        stored = count_events(base, args.api_key) - before
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()
        tmp.cleanup()

    latencies.sort()
    figures = {
        "requests": len(latencies),
        "seconds": seconds,
        "requests_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "statuses": statuses,
        "connections": args.connections,
        "workers": args.workers,
        "requests_with_warmup": total,
        "events_stored": stored,
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['requests']} requests in {seconds:.0f} s over {args.connections} "
            f"connections ({args.workers} worker(s), {os.cpu_count()} CPUs): "
            f"{figures['requests_per_second']} req/s"
        )
        print(
            f"latency p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
            f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms"
        )
        print(
            f"statuses {statuses}; {stored} events stored for {total} requests (warm-up included)"
        )
    ok = figures["requests_per_second"] >= 2000 and figures["p99_ms"] < 50 and stored == total
    print("target (>= 2,000 req/s, p99 < 50 ms, nothing lost):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
