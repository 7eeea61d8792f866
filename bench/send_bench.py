"""Sending speed and memory against Postfix's smtp-sink, with smtp-source as the yardstick.

    .venv/bin/python bench/send_bench.py [--contacts 10000] [--memory]

Needs Postfix's test tools (Debian: ``apt install postfix``, which provides /usr/sbin/smtp-sink
and /usr/sbin/smtp-source). Prints:
- smtp-source -> smtp-sink (16 reused sessions, 5 KB messages): msg/s, the reference;
- Facteur: a campaign of ~5 KB personalised HTML messages to N contacts, from ``campaigns send``
  (the outbox written for the whole audience) to the last acceptance recorded: msg/s and the
  ratio to smtp-source (target >= 0.25, and never below 1,000 msg/s);
- with --memory: the peak memory added by sending for 10,000 and 100,000 recipients (target:
  no more than 60 MB more for 100,000 than for 10,000).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SINK = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
SOURCE = shutil.which("smtp-source") or "/usr/sbin/smtp-source"

HTML = (
    "<html><head><style>p { color: #333; font-family: Arial; } .big { font-size: 20px; }</style>"
    "</head><body><p class='big'>Bonjour {{ contact.first_name }} {{ contact.last_name }},</p>"
    "<p>Nos soldes d'hiver arrivent à {{ contact.ville }} !</p>"
    + "<p>Profitez de nos soldes d'hiver : jusqu'à -50 % sur une sélection d'articles, livraison "
    "offerte dès 50 €. Découvrez les nouveautés de la saison dans votre boutique.</p>"
    * 22
    + "<p>À bientôt, l'équipe de la Boutique — {{ today|format_date }}</p>"
    "<p><a href='{{ unsubscribe_url }}'>Se désinscrire</a></p></body></html>"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_sink(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [SINK, "-u", "nobody", f"127.0.0.1:{port}", "1000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("smtp-sink did not start")


def reference(port: int, count: int) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [
            SOURCE,
            "-s",
            "16",
            "-m",
            str(count),
            "-l",
            "5120",
            "-f",
            "a@example.com",
            "-t",
            "b@example.com",
            f"127.0.0.1:{port}",
        ],
        check=True,
    )
    return count / (time.perf_counter() - t0)


def setup(home: Path, port: int, contacts: int) -> None:
    """A fresh home with ``contacts`` contacts in a list, a template, an account, a campaign."""
    from sqlalchemy import insert, select

    from app.cli import open_database
    from app.config import resolve_paths
    from app.db.models import Contact, ContactList, ListMembership
    from app.db.types import utcnow
    from app.sending import campaigns
    from app.sending.accounts import AccountInput, create_account
    from app.sending.secrets import open_secret_store
    from app.templates.service import TemplateInput, create_template

    db = open_database(resolve_paths(str(home), None))
    now = utcnow()
    with db.session() as s:
        for start in range(0, contacts, 20000):
            s.execute(
                insert(Contact),
                [
                    {
                        "email": f"client{i:06d}@example.com",
                        "first_name": f"Prénom{i}",
                        "last_name": "Dupont",
                        "company": "",
                        "phone": "",
                        "locale": "",
                        "attributes": {"ville": "Lyon"},
                        "status": "subscribed",
                        "consent_source": "",
                        "consent_text": "",
                        "consent_ip": "",
                        "tracking_consent": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(contacts, start + 20000))
                ],
            )
        lst = ContactList(name="Clients")
        s.add(lst)
        s.flush()
        ids = s.scalars(select(Contact.id)).all()
        s.execute(
            insert(ListMembership),
            [
                {"list_id": lst.id, "contact_id": i, "status": "subscribed", "subscribed_at": now}
                for i in ids
            ],
        )
    create_template(
        db, TemplateInput(name="Soldes", subject="Soldes pour {{ contact.first_name }}", html=HTML)
    )
    create_account(
        db,
        open_secret_store(home),
        AccountInput(
            name="Sink",
            kind="smtp",
            from_address="Boutique <shop@example.com>",
            host="127.0.0.1",
            port=port,
            security="none",
            concurrency=4,
        ),
    )
    campaigns.create_campaign(
        db,
        campaigns.CampaignInput(
            name="Bench", template="Soldes", account="Sink", include=["list:Clients"]
        ),
    )
    db.dispose()


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:  # noqa: PTH123
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _family_rss_mb() -> float:
    """This process's RSS plus its children's (the worker processes)."""
    me = os.getpid()
    total = _rss_mb(me)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:  # noqa: PTH123
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == me:
                total += _rss_mb(int(entry))
    return total


def send(home: Path) -> dict[str, float]:
    """Send the prepared campaign; figures from ``campaigns send`` to the last acceptance."""
    import threading

    from app.cli import open_database
    from app.config import resolve_paths
    from app.sending import campaigns
    from app.sending.engine import Sender

    db = open_database(resolve_paths(str(home), None))
    campaigns.campaign_status(db, "Bench")  # modules and connections warm, as in the app
    baseline = _family_rss_mb()
    peak = [baseline]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _family_rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    sender = Sender(db.url, home, poll_interval=0.05, idle_timeout=1.0)
    t0 = time.perf_counter()
    campaigns.start_campaign(db, "Bench")
    t_queued = time.perf_counter() - t0
    sender.start()
    while True:
        st = campaigns.campaign_status(db, "Bench")
        if st["status"] == "done":
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    sender.stop()
    db.dispose()
    return {
        "sent": st["sent"],
        "failed": st["failed"],
        "seconds": elapsed,
        "outbox_seconds": t_queued,
        "msg_per_s": st["sent"] / elapsed,
        "peak_added_mb": peak[0] - baseline,
        "baseline_mb": baseline,
    }


def in_child(port: int, contacts: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="facteur-bench-"))
    env = {**os.environ, "FACTEUR_SECRETS": "file", "FACTEUR_SECRETS_PASSPHRASE": "bench"}
    try:
        subprocess.run(
            [sys.executable, __file__, "--setup", str(home), str(port), str(contacts)],
            check=True,
            cwd=ROOT,
            env=env,
        )
        out = subprocess.run(
            [sys.executable, __file__, "--send", str(home)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["contacts"] = contacts
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--setup", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--send", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(Path(args.setup[0]), int(args.setup[1]), int(args.setup[2]))
        return
    if args.send:
        print(json.dumps(send(Path(args.send))))
        return
    if not (Path(SINK).exists() and Path(SOURCE).exists()):
        raise SystemExit("smtp-sink/smtp-source not found: apt install postfix")
    port = free_port()
    sink = start_sink(port)
    try:
        ref = reference(port, 20000)
        print(f"smtp-source -> smtp-sink (16 sessions, 5 KB): {ref:,.0f} msg/s")
        run = in_child(port, args.contacts)
        ratio = run["msg_per_s"] / ref
        print(
            f"Facteur campaign, {run['contacts']:,} contacts: {run['sent']:,} sent, "
            f"{run['failed']} failed in {run['seconds']:.2f} s "
            f"(outbox written in {run['outbox_seconds']:.2f} s): {run['msg_per_s']:,.0f} msg/s "
            f"= {ratio:.2f}x smtp-source [target >= 0.25x and >= 1,000 msg/s: "
            f"{'PASS' if ratio >= 0.25 and run['msg_per_s'] >= 1000 else 'FAIL'}]"
        )
        if args.memory:
            small = in_child(port, 10000)
            big = in_child(port, 100000)
            growth = big["peak_added_mb"] - small["peak_added_mb"]
            print(
                f"Peak memory added by sending (this process + worker processes): "
                f"{small['peak_added_mb']:.1f} MB for 10,000, {big['peak_added_mb']:.1f} MB for "
                f"100,000: growth {growth:.1f} MB [target <= 60 MB: "
                f"{'PASS' if growth <= 60 else 'FAIL'}]"
            )
            print(
                f"  (100,000: {big['sent']:,} sent in {big['seconds']:.1f} s = "
                f"{big['msg_per_s']:,.0f} msg/s, outbox written in {big['outbox_seconds']:.2f} s)"
            )
    finally:
        sink.terminate()
        sink.wait(5)


if __name__ == "__main__":
    main()
