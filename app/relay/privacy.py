"""What the relay keeps about a visitor: a truncated address and a bot flag, nothing more.

The full IP address and the user agent are used in memory only (rate limits, bot detection) and
never stored: IPv4 addresses are kept to their /24 network, IPv6 ones to their /48.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping

# Apple Mail Privacy Protection fetches every image through Apple's proxies (17.0.0.0/8) with
# a bare "Mozilla/5.0" user agent, whether or not the person reads the mail.
APPLE_NETWORK = ipaddress.ip_network("17.0.0.0/8")
APPLE_PROXY_AGENT = "Mozilla/5.0"

# Where a hosting's own proxies live (skipped when reading X-Forwarded-For from the right).
_INTERNAL = [
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
]

# Security gateways that fetch every link (and often images) of an incoming mail.
_SCANNERS = re.compile(
    r"bingpreview|safe ?links|microsoft office|ms-office|barracuda|proofpoint|mimecast"
    r"|google-safety|googlebot|google-inspectiontool|symantec|messagelabs|trend ?micro"
    r"|forcepoint|sophos|fireeye|trellix|zscaler|check ?point|ironport|cisco|fortinet"
    r"|fortiguard|kaspersky|bitdefender|avast|spamassassin|vade|cloudmark|libwww|"
    r"python-requests|python-urllib|httpx|aiohttp|go-http-client|curl/|wget/|okhttp|java/"
    r"|headlesschrome|phantomjs|slackbot|facebookexternalhit|twitterbot|linkedinbot|whatsapp"
    r"|telegrambot|discordbot|skypeuripreview|yahoo! slurp|\bbot\b|bot/|crawler|spider|scanner",
    re.IGNORECASE,
)


def client_ip(scope: Mapping[str, object], trust_proxy: bool) -> str:
    """The visitor's address: the socket's peer, or behind a trusted proxy X-Forwarded-For.

    From X-Forwarded-For the right-most address outside internal networks is taken: entries to
    its left were written by the client and may be forged, internal ones are the hosting's own
    proxies.
    """
    client = scope.get("client")
    peer = client[0] if isinstance(client, tuple | list) and client else ""
    if not trust_proxy:
        return str(peer)
    forwarded = ""
    for name, value in scope.get("headers", ()):  # type: ignore[attr-defined]
        if name == b"x-forwarded-for":
            forwarded = (forwarded + "," if forwarded else "") + value.decode("latin-1")
    if not forwarded:
        return str(peer)
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    fallback = ""
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            continue
        if not any(address in net for net in _INTERNAL if net.version == address.version):
            return str(address)
        fallback = fallback or str(address)
    return fallback or str(peer)


def truncate_ip(ip: str) -> str:
    """``203.0.113.77`` -> ``203.0.113.0``; IPv6 kept to its /48; ``""`` if it is no address."""
    address = _parse(ip)
    if address is None:
        return ""
    if isinstance(address, ipaddress.IPv4Address):
        return str(ipaddress.ip_network(f"{address}/24", strict=False).network_address)
    return str(ipaddress.ip_network(f"{address}/48", strict=False).network_address)


def limit_key(ip: str) -> str:
    """The rate-limit bucket of an address: itself, or its /64 for IPv6 (one host's range)."""
    address = _parse(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address) if address is not None else ip


def is_apple_proxy(ip: str, user_agent: str) -> bool:
    if user_agent.strip() == APPLE_PROXY_AGENT:
        return True
    address = _parse(ip)
    return isinstance(address, ipaddress.IPv4Address) and address in APPLE_NETWORK


def is_scanner(user_agent: str) -> bool:
    """A link scanner or a script rather than a person's mail client or browser."""
    return not user_agent.strip() or bool(_SCANNERS.search(user_agent))


def open_is_bot(method: str, ip: str, user_agent: str) -> bool:
    return method == "HEAD" or is_apple_proxy(ip, user_agent) or is_scanner(user_agent)


def click_is_bot(
    method: str, user_agent: str, sent_at: int | None, now: float, min_delay: float
) -> bool:
    if method == "HEAD" or is_scanner(user_agent):
        return True
    return sent_at is not None and 0 <= now - sent_at < min_delay


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
