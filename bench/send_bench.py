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
import resource
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
    "offerte dès 50 €. Découvrez les nouveautés de la saison dans votre boutique.</p>" * 22
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
        [SOURCE, "-s", "16", "-m", str(count), "-l", "5120", "-f", "a@example.com",
         "-t", "b@example.com", f"127.0.0.1:{port}"],
        check=True,
    )
    return count / (time.perf_counter() - t0)


def facteur_run(port: int, contacts: int) -> dict[str, float]:
    """One campaign in a fresh home; returns its figures (run in a child for clean memory)."""
    from sqlalchemy import insert, select

    from app.cli import open_database
    from app.config import resolve_paths
    from app.db.models import Contact, ContactList, ListMembership
    from app.db.types import utcnow
    from app.sending import campaigns
    from app.sending.accounts import AccountInput, create_account
    from app.sending.engine import Sender
    from app.sending.secrets import open_secret_store
    from app.templates.service import TemplateInput, create_template

    home = Path(tempfile.mkdtemp(prefix="facteur-bench-"))
    os.environ.setdefault("FACTEUR_SECRETS", "file")
    os.environ.setdefault("FACTEUR_SECRETS_PASSPHRASE", "bench")
    try:
        paths = resolve_paths(str(home), None)
        db = open_database(paths)
        now = utcnow()
        with db.session() as s:
            for start in range(0, contacts, 20000):
                s.execute(
                    insert(Contact),
                    [
                        {
                            "email": f"client{i:06d}@example.com", "first_name": f"Prénom{i}",
                            "last_name": "Dupont", "company": "", "phone": "", "locale": "",
                            "attributes": {"ville": "Lyon"}, "status": "subscribed",
                            "consent_source": "", "consent_text": "", "consent_ip": "",
                            "tracking_consent": False, "created_at": now, "updated_at": now,
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
                [{"list_id": lst.id, "contact_id": i, "status": "subscribed", "subscribed_at": now}
                 for i in ids],
            )
        create_template(db, TemplateInput(name="Soldes", subject="Soldes pour {{ contact.first_name }}", html=HTML))
        create_account(
            db, open_secret_store(home),
            AccountInput(name="Sink", kind="smtp", from_address="Boutique <shop@example.com>",
                         host="127.0.0.1", port=port, security="none", concurrency=4),
        )
        campaigns.create_campaign(
            db, campaigns.CampaignInput(name="Bench", template="Soldes", account="Sink", include=["list:Clients"])
        )
        sender = Sender(db.url, home, poll_interval=0.05, idle_timeout=1.0)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        campaigns.start_campaign(db, "Bench")
        t_queued = time.perf_counter() - t0
        sender.start()
        while True:
            st = campaigns.campaign_status(db, "Bench")
            if st["status"] == "done":
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - t0
        sender.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        db.dispose()
        return {
            "contacts": contacts, "sent": st["sent"], "failed": st["failed"], "seconds": elapsed,
            "outbox_seconds": t_queued, "msg_per_s": st["sent"] / elapsed,
            "peak_added_mb": (rss_after - rss_before) / 1024, "peak_mb": rss_after / 1024,
            "child_peak_mb": children / 1024,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def in_child(port: int, contacts: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(port), str(contacts)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(facteur_run(*args.child)))
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
            child_growth = big["child_peak_mb"] - small["child_peak_mb"]
            print(
                f"Peak memory added by sending: {small['peak_added_mb']:.1f} MB for 10,000, "
                f"{big['peak_added_mb']:.1f} MB for 100,000 (growth {growth:.1f} MB; worker "
                f"processes' peak {small['child_peak_mb']:.0f} -> {big['child_peak_mb']:.0f} MB, "
                f"growth {child_growth:.1f} MB) [target growth <= 60 MB: "
                f"{'PASS' if max(growth, child_growth) <= 60 else 'FAIL'}]"
            )
            print(
                f"  (100,000: {big['msg_per_s']:,.0f} msg/s, "
                f"{big['sent']:,} sent in {big['seconds']:.1f} s)"
            )
    finally:
        sink.terminate()
        sink.wait(5)


if __name__ == "__main__":
    main()
