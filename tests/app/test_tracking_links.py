"""Link rewriting and the open pixel: tricky HTML, the text part, tokens that round-trip."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.templates.mime import Address, MessageBuilder
from app.templates.rendering import compile_template
from app.tracking.links import FastSigner, Tracker, Tracking
from app.tracking.tokens import BadToken, TokenSigner

SECRET = "a-shared-secret-of-some-length"
RELAY = "https://relay.example.com"
UNSUB = f"{RELAY}/u/unsubscribe-token"
SIGNER = TokenSigner(SECRET)
TRACKER = Tracker(RELAY, SECRET)
CLICK = re.compile(re.escape(RELAY) + r"/c/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)")


def tracking(consent: bool = True, **kw: object) -> Tracking:
    args: dict = {"message_id": 41, "contact_id": 7, "run_id": 3, "consent": consent}
    args.update(kw)
    return TRACKER.tracking(**args)


def clicks(html: str) -> list[dict]:
    return [SIGNER.loads("click", token) for token in CLICK.findall(html)]


def hrefs(html: str) -> list[str]:
    """The href of every <a>/<area> as a browser's parser sees it (entities decoded)."""
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("a", "area"):
                found.extend(v or "" for k, v in attrs if k == "href")

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


# --- tokens ---------------------------------------------------------------------------------


def test_fast_signer_makes_the_token_signers_tokens() -> None:
    fast = FastSigner(SECRET)
    payload = {"u": 'https://exemple.fr/pâtisserie?x=1&y="2"', "t": 1764000000, "m": 5, "c": 9}
    token = fast.dumps("click", payload)
    assert SIGNER.loads("click", token) == payload
    # Another purpose's salt: an open token is no click token.
    with pytest.raises(BadToken):
        SIGNER.loads("open", token)
    with pytest.raises(BadToken):
        TokenSigner("another-secret-of-some-length").loads("click", token)
    with pytest.raises(Exception, match="16 characters"):
        FastSigner("short")


def test_unsubscribe_and_open_tokens() -> None:
    assert SIGNER.loads("unsubscribe", TRACKER.unsubscribe_url(12, 34).rsplit("/", 1)[1]) == {
        "m": 12,
        "c": 34,
    }
    t = tracking(sent_at=1764000000)
    src = t.pixel_url()
    assert src.startswith(f"{RELAY}/o/") and src.endswith(".gif")
    token = src.removeprefix(f"{RELAY}/o/").removesuffix(".gif")
    assert SIGNER.loads("open", token) == {"m": 41, "c": 7, "t": 1764000000}


# --- HTML -----------------------------------------------------------------------------------


def test_every_kind_of_link_attribute() -> None:
    html = (
        "<p><a href=\"https://a.example/1\">dq</a> <a href='https://a.example/2'>sq</a> "
        '<a href=https://a.example/3>unquoted</a> <A HREF="HTTPS://a.example/4">upper</A> '
        '<a class="x" title=\'has href="https://evil.example" inside\' href="http://a.example/5">'
        'late</a> <a\nhref\n=\n"https://a.example/6"\n>spaced</a>'
        '<map><area shape="rect" href="https://a.example/7"></map></p>'
    )
    out = tracking().rewrite_html(html)
    urls = [c["u"] for c in clicks(out)]
    assert urls == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
        "HTTPS://a.example/4",
        "http://a.example/5",
        "https://a.example/6",
        "https://a.example/7",
    ]
    # Quotes kept as they were (an unquoted value gets double quotes), the rest untouched.
    assert "<a href='https://relay.example.com/c/" in out
    assert "title='has href=\"https://evil.example\" inside'" in out
    assert all(h.startswith(f"{RELAY}/c/") for h in hrefs(out))
    assert out.replace("\n", " ").count("</a>") == html.replace("\n", " ").count("</a>")


def test_links_left_alone() -> None:
    html = (
        '<a href="mailto:contact@boulangerie.fr">mail</a>'
        '<a href="tel:+33123456789">tel</a>'
        '<a href="#haut">top</a>'
        f'<a href="{UNSUB}">unsubscribe</a>'
        f'<a href="{RELAY}/confirm/abc">confirm</a>'
        '<a data-facteur-notrack href="https://keep.example/a">kept</a>'
        '<a href="https://keep.example/b" DATA-FACTEUR-NOTRACK="">kept too</a>'
        '<!-- <a href="https://keep.example/comment">old</a> -->'
        "<script>var a = '<a href=\"https://keep.example/script\">';</script>"
        '<a name="anchor">no href</a>'
        '<a href="">empty</a>'
        '<a href="javascript:alert(1)">js</a>'
    )
    assert tracking().rewrite_html(html, UNSUB) == html


def test_conditional_comments_are_rewritten_plain_comments_are_not() -> None:
    html = (
        '<!--[if mso]><v:roundrect href="https://shop.example/vml" arcsize="10%">'
        "<![endif]-->"
        '<!--[if !mso]><!--><a href="https://shop.example/button">Buy</a><!--<![endif]-->'
        '<!-- a note --><a href="https://shop.example/after">after</a>'
        '<!----><a href="https://shop.example/after-empty">x</a>'
    )
    out = tracking().rewrite_html(html)
    assert [c["u"] for c in clicks(out)] == [
        "https://shop.example/vml",
        "https://shop.example/button",
        "https://shop.example/after",
        "https://shop.example/after-empty",
    ]
    assert "<!--[if mso]>" in out and "<!--<![endif]-->" in out and "<!-- a note -->" in out


def test_entities_same_url_twice_and_non_ascii() -> None:
    html = (
        '<a href="https://shop.example/p?a=1&amp;b=2&#38;c=3">one</a>'
        '<a href="https://shop.example/p?a=1&amp;b=2&amp;c=3">same</a>'
        '<a href=" https://shop.example/pâtes?q=crème brûlée ">accents</a>'
        '<a href="https://xn--caf-dma.example/">idn</a>'
    )
    t = tracking()
    out = t.rewrite_html(html)
    found = CLICK.findall(out)
    assert found[0] == found[1]  # one token per destination in a message
    urls = [SIGNER.loads("click", tok)["u"] for tok in found]
    assert urls[0] == "https://shop.example/p?a=1&b=2&c=3"
    assert urls[2] == "https://shop.example/p%C3%A2tes?q=cr%C3%A8me%20br%C3%BBl%C3%A9e"
    assert urls[3] == "https://xn--caf-dma.example/"


def test_click_payload_with_and_without_consent() -> None:
    html = '<a href="https://shop.example/">x</a>'
    with_consent = clicks(tracking(sent_at=1764000000).rewrite_html(html))[0]
    assert with_consent == {
        "u": "https://shop.example/",
        "t": 1764000000,
        "m": 41,
        "c": 7,
        "r": 3,
    }
    anonymous = tracking(consent=False, sent_at=1764000000)
    assert clicks(anonymous.rewrite_html(html))[0] == {
        "u": "https://shop.example/",
        "t": 1764000000,
        "r": 3,
    }
    # No pixel without consent.
    page = "<html><body><p>Hi</p></body></html>"
    assert anonymous.apply(page, "", UNSUB)[0] == page
    tracked = tracking().apply(page, "", UNSUB)[0]
    assert re.search(
        r'<p>Hi</p><img src="https://relay\.example\.com/o/[^"]+\.gif" width="1" height="1" '
        r'alt="" style="display:block;border:0"></body></html>$',
        tracked,
    )


def test_pixel_before_the_last_body_end_in_any_case_or_at_the_end() -> None:
    t = tracking()
    upper = t.add_pixel("<HTML><BODY>x</BODY></HTML>")
    assert upper.index("<img") < upper.index("</BODY>")
    bare = t.add_pixel("<p>no body</p>")
    assert bare.startswith("<p>no body</p><img ")


def test_malformed_html_does_not_hang_or_break() -> None:
    nasty = '<a href="https://x.example/' + "a" * 5000 + " <a " * 2000 + "'" * 3000
    out = tracking().rewrite_html(nasty)
    assert out == nasty  # unclosed tags and quotes: nothing to rewrite, nothing lost


# --- text -----------------------------------------------------------------------------------


def test_text_part_urls() -> None:
    text = (
        "Voir [le produit](https://shop.example/p?a=1&b=2) ou https://shop.example/q.\n"
        "Wikipedia: (https://fr.wikipedia.org/wiki/Pain_(aliment)), "
        f"se désinscrire : {UNSUB}\nmailto:contact@shop.example"
    )
    t = tracking()
    out = t.rewrite_text(text, UNSUB)
    assert [SIGNER.loads("click", tok)["u"] for tok in CLICK.findall(out)] == [
        "https://shop.example/p?a=1&b=2",
        "https://shop.example/q",
        "https://fr.wikipedia.org/wiki/Pain_(aliment)",
    ]
    assert out.startswith("Voir [le produit](https://relay.example.com/c/")
    assert ") ou https://relay.example.com/c/" in out and out.count(UNSUB) == 1
    assert "), se désinscrire" in out and out.endswith("mailto:contact@shop.example")


def test_html_and_text_share_tokens() -> None:
    t = tracking()
    html, text = t.apply(
        '<a href="https://shop.example/?a=1&amp;b=2">go</a>', "go: https://shop.example/?a=1&b=2"
    )
    assert CLICK.findall(html) == CLICK.findall(text)


# --- property: arbitrary hrefs --------------------------------------------------------------

_URL_CHARS = st.text(
    alphabet=st.characters(
        codec="ascii", categories=("L", "N"), include_characters="-._~:/?#[]@!$&'()*+,;=%"
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(
    paths=st.lists(_URL_CHARS, min_size=1, max_size=5),
    quote=st.sampled_from(['"', "'"]),
    scheme=st.sampled_from(["http://", "https://", "HTTPS://"]),
)
def test_arbitrary_hrefs_round_trip(paths: list[str], quote: str, scheme: str) -> None:
    urls = [f"{scheme}shop.example/{p}" for p in paths]
    body = "".join(
        f"<p>before</p><a class=x href={quote}{escape(u, quote=True)}{quote}>link {i}</a>"
        for i, u in enumerate(urls)
    )
    html = f"<html><body>{body}</body></html>"
    out, _ = tracking().apply(html, "")
    # The HTML still parses to the same structure: one link per original link, text kept.
    assert len(hrefs(out)) == len(urls)
    assert re.sub(r"<[^>]*>", "", out) == re.sub(r"<[^>]*>", "", html)
    # Each link goes to the relay, and its token holds the original URL.
    assert [SIGNER.loads("click", CLICK.fullmatch(h).group(1))["u"] for h in hrefs(out)] == [
        u.strip() for u in urls
    ]


# --- in the message -------------------------------------------------------------------------


def _builder(html: str, text: str = "") -> MessageBuilder:
    return MessageBuilder(
        compile_template("Soldes {{ contact.first_name }}", html, text),
        sender=Address("Boutique", "shop@example.com"),
    )


def test_mime_headers_with_an_https_relay() -> None:
    import email
    import email.policy

    builder = _builder(
        '<html><body><p>Bonjour {{ contact.first_name }}</p><a href="https://shop.example/?c='
        '{{ contact.first_name | urlencode }}">Voir</a><a href="{{ unsubscribe_url }}">Se '
        "désinscrire</a></body></html>"
    )
    unsubscribe = TRACKER.unsubscribe_url(41, 7)
    out = builder.build(
        41,
        {"id": 7, "email": "jean@example.com", "first_name": "Jean Émile"},
        to=Address("Jean", "jean@example.com"),
        unsubscribe_url=unsubscribe,
        tracking=tracking(),
    )
    assert out.headers["List-Unsubscribe"] == f"<{unsubscribe}>, <{builder.mailto_url}>"
    assert out.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parsed = email.message_from_bytes(out.mime, policy=email.policy.default)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = parsed.get_body(("html",)).get_content()
    assert html == out.html
    assert [c["u"] for c in clicks(html)] == ["https://shop.example/?c=Jean%20%C3%89mile"]
    assert f'href="{unsubscribe}"' in html and "/o/" in html
    text = parsed.get_body(("plain",)).get_content()
    assert unsubscribe in text and [c["u"] for c in clicks(text)] == [
        "https://shop.example/?c=Jean%20%C3%89mile"
    ]
    # The same builder without tracking: the original link, and the mailto unsubscribe only.
    plain = builder.build(
        42, {"id": 8, "email": "a@example.com", "first_name": "Ana"}, to=Address("", "a@b.fr")
    )
    assert "https://shop.example/?c=Ana" in plain.html and "/o/" not in plain.html
    assert plain.headers["List-Unsubscribe"] == f"<{builder.mailto_url}>"
    assert "List-Unsubscribe-Post" not in plain.headers


def test_plain_http_unsubscribe_gets_no_one_click_header() -> None:
    out = _builder("<p>x</p>").build(
        1,
        {"email": "a@example.com"},
        to=Address("", "a@example.com"),
        unsubscribe_url="http://127.0.0.1:8000/u/abc",
    )
    assert out.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/u/abc>, <mailto:")
    assert "List-Unsubscribe-Post" not in out.headers


def test_markdown_links_side_by_side() -> None:
    text = "[Voir](https://shop.example/a)[Aussi](https://shop.example/b_(x))"
    out = tracking().rewrite_text(text)
    assert [SIGNER.loads("click", tok)["u"] for tok in CLICK.findall(out)] == [
        "https://shop.example/a",
        "https://shop.example/b_(x)",
    ]
    assert re.fullmatch(r"\[Voir\]\([^()]+\)\[Aussi\]\([^()]+\)", out)
