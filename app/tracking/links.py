"""Tracked messages: links rewritten to the relay's ``/c/<token>``, an open pixel, ``/u/`` links.

``Tracker`` (one per sending pool: the relay's address and a fast signer) makes a ``Tracking``
for each message; ``MessageBuilder.build(..., tracking=...)`` calls ``Tracking.apply`` on the
rendered HTML and text.

What is rewritten: the ``href`` of ``<a>``, ``<area>`` and VML shapes (Outlook buttons) when it is
an http(s) address, and the http(s) addresses of the text part. Left alone: ``mailto:``,
``tel:``, ``#anchors``, the relay's own links (the unsubscribe link above all), links marked
``data-facteur-notrack``, and anything inside an HTML comment, ``<script>`` or ``<style>`` (the
content of Outlook's conditional comments ``<!--[if mso]>...<![endif]-->`` is shown, so it is
rewritten). The scanner is a tokenizer written as regular expressions (attribute values in double,
single or no quotes, names in any case), with no backtracking trap: about 10 µs for a 5 KB
newsletter, signing apart.

Tokens are the ones ``TokenSigner`` makes (same keys, salts and format, read by
``TokenSigner.loads``), signed here without zlib compression: compressing a short JSON payload
costs more than the rest of the signature and saves a few characters.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import html as html_module
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from itsdangerous import URLSafeSerializer

from app.tracking import tokens

PIXEL = '<img src="{src}" width="1" height="1" alt="" style="display:block;border:0">'
NOTRACK = "data-facteur-notrack"

_encode_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # ensure_ascii=False
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> bytes:
    """URL-safe base64 without padding (itsdangerous' encoding)."""
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=")


class FastSigner:
    """``TokenSigner.dumps`` for the purposes a message needs, a few µs a token."""

    def __init__(self, secret: str) -> None:
        tokens.TokenSigner(secret)  # the same checks (length)
        self._macs = {}
        for purpose in ("open", "click", "unsubscribe"):
            serializer = URLSafeSerializer(secret, salt=tokens._SALT.format(purpose))
            key = serializer.make_signer().derive_key()
            self._macs[purpose] = hmac.new(key, digestmod=hashlib.sha1)

    def sign_json(self, purpose: str, payload_json: str) -> str:
        """The token of a payload already written as compact JSON."""
        value = _b64(payload_json.encode("utf-8"))
        mac = self._macs[purpose].copy()
        mac.update(value)
        return (value + b"." + _b64(mac.digest())).decode("ascii")

    def dumps(self, purpose: str, payload: dict[str, Any]) -> str:
        return self.sign_json(
            purpose, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        )


# --- the tokenizer ----------------------------------------------------------------------------

# One pass over the HTML. Possessive quantifiers (Python 3.11): no catastrophic backtracking on
# unclosed tags or quotes.
_SCAN = re.compile(
    r"<!--(?!\[if)(?:-?>|.*?--!?>)"  # a comment (not a conditional one): never shown
    r"|<(?P<raw>script|style)\b.*?</(?P=raw)\s*>"  # no link in there
    r"|<(?P<tag>a|area|v:[a-z]+)(?=[\s/>])"
    r"(?P<attrs>(?:[\s/]++|[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?+)*+)>",
    re.I | re.S,
)
_ATTR = re.compile(
    r"[\s/]*+(?P<name>[^\s/>][^\s/>=]*+)(?:\s*+=\s*+(?P<value>\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?+"
)
_HREF_AT = re.compile(r"href\s*+=\s*+(?P<value>\"[^\"]*+\"|'[^']*+'|[^\s>]*+)", re.I)
# An address in plain text; trailing punctuation is trimmed after.
# Parentheses only in balanced pairs and no brackets: "[text](url)[next](url)" (Markdown links
# side by side, as the derived text part writes them) stays two addresses.
_TEXT_URL = re.compile(r"https?://(?:[^\s<>\"()\[\]]++|\([^\s<>\"()]*+\))++")
_TRAILING = ".,;:!?'*"
_TRAILING_ANY = frozenset(_TRAILING + ")]")
_CLOSING = {")": "(", "]": "["}
# Characters a URI cannot hold as they are; the others (reserved ones, %-escapes) stay.
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~{}|\\^`"


def _uri(url: str) -> str:
    """``url`` as the browser would request it: spaces and non-ASCII letters %-escaped."""
    url = url.strip()
    if url.isascii() and url.isprintable() and " " not in url and '"' not in url:
        return url
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    return quote(url, safe=_URI_SAFE)


def _is_web(url: str) -> bool:
    if url.startswith(("https://", "http://")):
        return True
    return url[:8].lower().startswith(("https://", "http://"))


def _trim(url: str) -> str:
    """Drop what ends a sentence or a Markdown link rather than the address."""
    while url:
        last = url[-1]
        closing = _CLOSING.get(last)
        if last in _TRAILING or (closing and url.count(last) > url.count(closing)):
            url = url[:-1]
        else:
            break
    return url


@dataclass(slots=True)
class Tracking:
    """What to do to one message: rewrite its links (``links``), add the pixel (``pixel``).

    ``message_id``/``contact_id`` go into the click tokens only when given (None for a contact
    who did not consent to tracking: the click then counts for the run, identifying nobody).
    """

    relay: str
    signer: FastSigner
    sent_at: int
    run_id: int | None = None
    message_id: int | None = None
    contact_id: int | None = None
    links: bool = True
    pixel: bool = True
    #: The relay's address of each destination already signed in this message.
    _done: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _suffix: str = field(default="", init=False, repr=False)
    _prefix: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        parts = [f',"t":{int(self.sent_at)}']
        if self.message_id is not None:
            parts.append(f',"m":{int(self.message_id)}')
        if self.contact_id is not None:
            parts.append(f',"c":{int(self.contact_id)}')
        if self.run_id is not None:
            parts.append(f',"r":{int(self.run_id)}')
        self._suffix = "".join(parts) + "}"
        self._prefix = self.relay + "/"

    def click_url(self, url: str) -> str:
        """The relay's address that records a click and redirects to ``url``."""
        found = self._done.get(url)
        if found is None:
            token = self.signer.sign_json("click", '{"u":' + _encode_str(url) + self._suffix)
            found = self._done[url] = f"{self.relay}/c/{token}"
        return found

    def pixel_url(self) -> str:
        token = self.signer.sign_json(
            "open",
            f'{{"m":{int(self.message_id or 0)},"c":{int(self.contact_id or 0)},'
            f'"t":{int(self.sent_at)}}}',
        )
        return f"{self.relay}/o/{token}.gif"

    def _keep(self, url: str, unsubscribe_url: str) -> bool:
        return not _is_web(url) or url == unsubscribe_url or url.startswith(self._prefix)

    # -- HTML --

    def _tag(self, m: re.Match[str], unsubscribe_url: str) -> str:
        whole = m.group(0)
        lower = whole.lower()
        at = lower.find("href")
        if at < 0:
            return whole
        href: re.Match[str] | None = None
        # Fast path: the first "href" starts an attribute when no quote comes before it.
        if (
            NOTRACK not in lower
            and lower[at - 1] in " \t\n\r\f/"
            and '"' not in whole[:at]
            and "'" not in whole[:at]
        ):
            href = _HREF_AT.match(whole, at)
        if href is None:
            # The general case: every attribute in turn, quotes respected.
            offset = m.start("attrs") - m.start()
            for a in _ATTR.finditer(whole, offset, len(whole) - 1):
                name = a.group("name").lower()
                if name == NOTRACK:
                    return whole
                if name == "href" and href is None:
                    href = a
        if href is None or href.group("value") is None:
            return whole
        raw = href.group("value")
        quoted = raw[:1] in ('"', "'")
        value = raw[1:-1] if quoted else raw
        if "&" in value:
            if value.count("&") == value.count("&amp;"):
                value = value.replace("&amp;", "&")
            else:
                value = html_module.unescape(value)
        url = _uri(value)
        if self._keep(url, unsubscribe_url):
            return whole
        new = self.click_url(url)
        q = raw[0] if quoted else '"'
        return f"{whole[: href.start('value')]}{q}{new}{q}{whole[href.end('value') :]}"

    def rewrite_html(self, html: str, unsubscribe_url: str = "") -> str:
        """``html`` with its http(s) links going through the relay."""

        def sub(m: re.Match[str]) -> str:
            if m.group("tag") is None:
                return m.group(0)
            return self._tag(m, unsubscribe_url)

        return _SCAN.sub(sub, html)

    def add_pixel(self, html: str) -> str:
        img = PIXEL.format(src=self.pixel_url())
        at = html.rfind("</body")
        if at < 0:
            at = html.lower().rfind("</body")
        if at < 0:
            return html + img
        return html[:at] + img + html[at:]

    # -- text --

    def rewrite_text(self, text: str, unsubscribe_url: str = "") -> str:
        """``text`` with its http(s) addresses going through the relay."""
        if "://" not in text:
            return text

        done = self._done

        def sub(m: re.Match[str]) -> str:
            found = m.group(0)
            url = _trim(found) if found[-1] in _TRAILING_ANY else found
            new = done.get(url)
            if new is None:
                if url == unsubscribe_url or url.startswith(self._prefix):
                    return found
                new = self.click_url(_uri(url))
            return new + found[len(url) :] if len(url) < len(found) else new

        return _TEXT_URL.sub(sub, text)

    def apply(self, html: str, text: str, unsubscribe_url: str = "") -> tuple[str, str]:
        """The tracked HTML and text of one message."""
        if self.links:
            if html:
                html = self.rewrite_html(html, unsubscribe_url)
            if text:
                text = self.rewrite_text(text, unsubscribe_url)
        if self.pixel and html and self.message_id is not None:
            html = self.add_pixel(html)
        return html, text


class Tracker:
    """The relay's side of one sending pool: makes each message's ``Tracking`` and ``/u/`` link."""

    def __init__(self, relay_url: str, secret: str) -> None:
        self.relay = relay_url.rstrip("/")
        self.signer = FastSigner(secret)

    def unsubscribe_url(self, message_id: int, contact_id: int) -> str:
        token = self.signer.sign_json(
            "unsubscribe", f'{{"m":{int(message_id)},"c":{int(contact_id)}}}'
        )
        return f"{self.relay}/u/{token}"

    def tracking(
        self,
        *,
        message_id: int,
        contact_id: int,
        run_id: int | None,
        consent: bool,
        sent_at: float | None = None,
    ) -> Tracking:
        """Links and pixel for one message; without ``consent``, no pixel and no per-person id."""
        return Tracking(
            relay=self.relay,
            signer=self.signer,
            sent_at=int(sent_at if sent_at is not None else time.time()),
            run_id=run_id,
            message_id=message_id if consent else None,
            contact_id=contact_id if consent else None,
            links=True,
            pixel=consent,
        )
