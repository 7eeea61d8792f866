"""Template rendering: variables, Babel filters, syntax errors, the sandbox, CSS and text parts."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from jinja2.exceptions import SecurityError

from app.errors import InvalidInput
from app.templates import html as html_tools
from app.templates.rendering import (
    HTML_ENV,
    SAMPLE_CONTACT,
    CompiledTemplate,
    TemplateError,
    compile_template,
    make_context,
    parse_date,
    parse_number,
    today,
)

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def contact(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 1,
        "email": "elodie@exemple.fr",
        "first_name": "Élodie",
        "last_name": "Martin",
        "company": "",
        "phone": "",
        "locale": "",
        "status": "subscribed",
        "attributes": {},
    }
    base.update(values)
    return base


def subject_of(source: str, who: dict[str, Any] | None = None, **context: Any) -> str:
    return (
        compile_template(source, "", "").render(make_context(who or contact(), **context)).subject
    )


def text_of(source: str, who: dict[str, Any] | None = None, **context: Any) -> str:
    return compile_template("s", "", source).render(make_context(who or contact(), **context)).text


# --- variables ---------------------------------------------------------------------------


def test_builtin_fields_and_attributes() -> None:
    who = contact(attributes={"ville": "Lyon", "Code Client": "C-42", "company": "shadowed"})
    assert text_of("{{ contact.first_name }} {{ contact.last_name }}", who) == "Élodie Martin"
    assert text_of("{{ contact.email }}", who) == "elodie@exemple.fr"
    assert text_of("{{ contact.ville }}", who) == "Lyon"
    assert text_of("{{ contact['Code Client'] }}", who) == "C-42"
    # attribute lookup also tries the lower-cased key
    assert text_of("{{ contact.Ville }}", who) == "Lyon"
    # a built-in column wins over an attribute of the same name (even when empty)
    assert text_of("[{{ contact.company }}]", who) == "[]"


def test_attribute_named_like_a_method_is_a_value() -> None:
    who = contact(attributes={"items": "trois", "get": "x", "keys": {"a": 1}})
    assert text_of("{{ contact.items }} {{ contact.get }} {{ contact.keys.a }}", who) == "trois x 1"


def test_other_variables() -> None:
    out = text_of(
        "{{ campaign.name }}|{{ unsubscribe_url }}|{{ data.order }}|{{ data.items }}",
        campaign_name="Soldes",
        unsubscribe_url="https://r.exemple.fr/u/x",
        data={"order": "A-1", "items": 3},
    )
    assert out == "Soldes|https://r.exemple.fr/u/x|A-1|3"


def test_missing_values_render_empty_and_default_works() -> None:
    who = contact(first_name="", attributes={"vide": None})
    assert text_of("[{{ contact.ville }}][{{ contact.first_name }}][{{ contact.vide }}]", who) == (
        "[][][]"
    )
    assert text_of("{{ contact.first_name|default('cher client') }}", who) == "cher client"
    assert text_of("{{ contact.ville|default('votre ville') }}", who) == "votre ville"
    # chained access on a missing value does not raise
    assert text_of("[{{ contact.adresse.rue.numero }}][{{ data.a.b['c'] }}]", who) == "[][]"
    assert text_of("{{ contact.adresse.rue|default('?') }}", who) == "?"
    assert text_of("{% if contact.ville %}oui{% else %}non{% endif %}", who) == "non"
    assert text_of("{% for x in contact.liste %}{{ x }}{% endfor %}.", who) == "."


def test_html_is_escaped_subject_and_text_are_not() -> None:
    who = contact(company="Dupont & Fils <SARL>")
    t = compile_template(
        "{{ contact.company }}", "<p>{{ contact.company }}</p>", "{{ contact.company }}"
    )
    r = t.render(make_context(who))
    assert r.subject == "Dupont & Fils <SARL>"
    assert r.text == "Dupont & Fils <SARL>"
    assert r.html == "<p>Dupont &amp; Fils &lt;SARL&gt;</p>"


def test_subject_is_one_line() -> None:
    who = contact(first_name="Bob\r\nBcc: evil@x\t")
    assert (
        subject_of("  Bonjour {{ contact.first_name }} !\n", who) == "Bonjour Bob  Bcc: evil@x  !"
    )


def test_text_blocks_leave_no_blank_lines() -> None:
    source = (
        "Bonjour,\n{% if contact.ville %}\nVous êtes à {{ contact.ville }}.\n{% endif %}\nFin\n"
    )
    assert text_of(source, contact(attributes={"ville": "Lyon"})) == (
        "Bonjour,\nVous êtes à Lyon.\nFin\n"
    )
    assert text_of(source) == "Bonjour,\nFin\n"


def test_contact_fields_found_in_every_part() -> None:
    t = compile_template(
        "{{ contact.first_name }}",
        "<p>{{ contact.ville|default('') }} {{ contact['Code Client'] }}</p>",
        "{% if contact.vip %}{{ data.x }}{% endif %}{{ contact.adresse.rue }}",
    )
    assert t.contact_fields == frozenset({"first_name", "ville", "Code Client", "vip", "adresse"})


# --- Babel filters ------------------------------------------------------------------------


def test_today_is_formatted_in_french() -> None:
    out = text_of("{{ today|format_date }}")
    day = today()
    assert out == f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def test_dates_from_contact_values_and_locale() -> None:
    source = "{{ contact.naissance|format_date }}"
    fr = contact(attributes={"naissance": "2024-03-15"})
    assert text_of(source, fr) == "15 mars 2024"
    assert text_of(source, contact(attributes={"naissance": "15/03/2024"})) == "15 mars 2024"
    en = contact(locale="en", attributes={"naissance": "15/03/2024"})
    assert text_of(source, en) == "March 15, 2024"
    assert text_of("{{ contact.naissance|format_date('short') }}", fr) == "15/03/2024"
    assert text_of("{{ contact.naissance|format_date('EEEE d MMMM') }}", fr) == "vendredi 15 mars"
    # a value that cannot be read as a date renders unchanged; a missing one renders empty
    assert text_of(source, contact(attributes={"naissance": "bientôt"})) == "bientôt"
    assert text_of(f"[{source}]") == "[]"
    # an unknown locale falls back to French
    assert text_of(source, contact(locale="xx-YY", attributes={"naissance": "2024-03-15"})) == (
        "15 mars 2024"
    )


def test_datetimes_in_paris_time() -> None:
    moment = datetime(2024, 7, 1, 8, 30, tzinfo=UTC)  # 10:30 in Paris (summer time)
    out = text_of("{{ data.rdv|format_datetime('short') }}", data={"rdv": moment})
    assert out == "01/07/2024 10:30"
    assert text_of("{{ data.d|format_date }}", data={"d": date(2024, 12, 25)}) == "25 décembre 2024"


def test_numbers_and_currency() -> None:
    def norm(s: str) -> str:
        return s.replace("\u202f", " ").replace("\xa0", " ")

    assert norm(text_of("{{ 1234.5|format_number }}")) == "1 234,5"
    assert norm(text_of("{{ data.p|format_currency }}", data={"p": "12,5"})) == "12,50 €"
    assert norm(
        text_of("{{ data.p|format_currency('USD') }}", contact(locale="en"), data={"p": 3})
    ) == ("$3.00")
    assert text_of("{{ data.p|format_number }}", data={"p": "n/a"}) == "n/a"


def test_parsers() -> None:
    assert parse_date("2024-03-15") == date(2024, 3, 15)
    assert parse_date("5/3/2024") == date(2024, 3, 5)
    assert parse_date("15/03/2024 14h30") == datetime(2024, 3, 15, 14, 30)
    assert parse_date("2024-03-15T10:00:00Z") == datetime(2024, 3, 15, 10, tzinfo=UTC)
    assert parse_date("31/02/2024") is None
    assert parse_number("1 234,50") == parse_number("1234.50")
    assert parse_number(True) is None


# --- syntax errors and the sandbox --------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "html", "text", "part", "line"),
    [
        ("Bonjour {{ contact.first_name }", "", "", "subject", 1),
        ("ok", "<p>a</p>\n<p>b</p>\n{% if x %}\n<p>c</p>\n", "", "html", 3),
        ("ok", "", "ligne 1\nligne 2\n{{ contact. }}\n", "text", 3),
        ("ok", "", "{% for x in y %}\n{% endif %}", "text", 2),
    ],
)
def test_syntax_errors_name_the_part_and_line(
    subject: str, html: str, text: str, part: str, line: int
) -> None:
    with pytest.raises(TemplateError) as info:
        compile_template(subject, html, text)
    err = info.value
    assert isinstance(err, InvalidInput)
    assert err.part == part and err.line == line
    assert f"line {line}" in str(err)
    assert err.params["part"] == part and err.params["line"] == line and err.params["reason"]
    assert "{" not in err.template.replace("{line}", "").replace("{reason}", "")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ contact.__init__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ contact['__class__'] }}",
        "{{ (contact|attr('__class__')) }}",
        "{{ ''|attr('__class__')|attr('__mro__') }}",
        "{% set l = [1] %}{{ l.append(2) }}{{ l }}",
        "{% set d = {} %}{{ d.update({'a': 1}) }}",
        "{{ contact.first_name.__class__.__base__.__subclasses__() }}",
        "{{ '{0.__class__}'.format(contact) }}",
        "{{ lipsum.__globals__ }}",
        "{% include 'x.html' %}",
        "{% extends 'base.html' %}",
        "{% import 'm.html' as m %}",
    ],
)
def test_sandbox_escapes_are_refused_at_save(source: str) -> None:
    with pytest.raises(TemplateError) as info:
        compile_template("ok", "", source)
    assert info.value.part == "text"


def test_sandbox_refusal_on_a_path_the_sample_does_not_take() -> None:
    t = compile_template(
        "ok", "", "{% if contact.vip %}{% set l = [] %}{{ l.append(1) }}{% endif %}"
    )
    assert t.render(make_context(contact())).text == ""
    with pytest.raises(TemplateError) as info:
        t.render(make_context(contact(attributes={"vip": "oui"})))
    assert info.value.part == "text" and info.value.line == 1
    assert isinstance(info.value.__cause__, SecurityError)


def test_render_errors_name_the_part() -> None:
    t = compile_template("{{ contact.age + 1 }}", "", "")  # fine for a contact with an age
    assert t.render(make_context(contact(attributes={"age": 41}))).subject == "42"
    with pytest.raises(TemplateError) as info:
        t.render(make_context(contact()))
    assert info.value.part == "subject" and "subject" in str(info.value)


# --- CSS ------------------------------------------------------------------------------------

STYLED = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ campaign.name }}</title>
<style>
  body { font-family: Arial, sans-serif; }
  .box { padding: 8px; }
  td.prix { text-align: right; color: #333; }
  a { color: #0066cc; }
  @media (max-width: 600px) { .box { padding: 2px !important; } }
</style></head>
<body>
<div class="box" style="margin: 0">
<p>Bonjour {{ contact.first_name|default("client") }} &amp; bienvenue !</p>
<table>
  <tr><th>Article</th><th>Prix</th></tr>
  {% for article in data.articles %}
  <tr><td>{{ article.nom }}</td><td class="prix">{{ article.prix|format_currency }}</td></tr>
  {% endfor %}
</table>
<p title="a > b"><a href="{{ unsubscribe_url }}">Se désinscrire</a></p>
</div>
</body></html>"""

ARTICLES = {"articles": [{"nom": "Baguette", "prix": "1,2"}, {"nom": "Croissant", "prix": 1.1}]}


class _Styles(HTMLParser):
    """(tag, style) of each element, wrappers html5ever adds left out."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "head", "body", "tbody"):
            return
        style = dict(attrs).get("style") or ""
        decls = sorted(d.strip() for d in style.split(";") if d.strip())
        self.items.append((tag, ";".join(decls)))


def styles(html: str) -> list[tuple[str, str]]:
    parser = _Styles()
    parser.feed(html)
    return parser.items


def test_css_inlined_once_on_the_source_like_per_message() -> None:
    t = compile_template("s", STYLED, "")
    assert t.css_mode == "once"
    context = make_context(contact(), data=ARTICLES, campaign_name="Promo")
    once = t.render(context).html
    reference = html_tools.inline_css(HTML_ENV.from_string(STYLED).render(context))
    # the same styles on the same elements (css-inline puts the kept <style> elsewhere)
    assert [s for s in styles(once) if s[0] != "style"] == [
        s for s in styles(reference) if s[0] != "style"
    ]
    # the loop between table rows survived: two priced rows, each styled
    assert once.count('class="prix"') == 2
    assert re.search(r'<td style="[^"]*text-align: right[^"]*" class="prix">1,20\s€</td>', once)
    # rules moved inline; only the responsive @media rule stays in a <style>
    kept = re.findall(r"<style>(.*?)</style>", once, re.S)
    assert len(kept) == 1 and "@media (max-width: 600px)" in kept[0]
    assert "font-family" not in kept[0]
    assert '<body style="font-family: Arial, sans-serif;">' in once
    assert '<div class="box" style="padding: 8px;margin: 0">' in once
    # the rest of the source is as written
    assert '<p title="a > b">' in once and "&amp; bienvenue" in once
    assert "<tbody>" not in once


def test_css_falls_back_to_per_message_when_styles_depend_on_data() -> None:
    for source in (
        '<style>.vip{color:red}</style><p class="{{ contact.classe }}">x</p>',
        '<style>p{color:red}</style><p {% if contact.vip %}class="v"{% endif %}>x</p>',
        "<style>p{color:{{ data.c }}}</style><p>x</p>",
        "<style>tr:nth-child(odd){color:red}</style><table>{% for r in data.r %}<tr><td>{{ r }}</td></tr>{% endfor %}</table>",
    ):
        t = compile_template("s", source, "")
        assert t.css_mode == "per-message", source
    t = compile_template(
        "s", '<style>.vip{color:red}</style><p class="{{ contact.classe }}">x</p>', ""
    )
    html = t.render(make_context(contact(attributes={"classe": "vip"}))).html
    assert 'class="vip" style="color: red;"' in html


def test_no_remote_stylesheet_is_loaded() -> None:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            hits.append(self.path)
            body = b"p { color: red; }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        source = (
            f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
            '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">'
            "<style>h1 { margin: 0 }</style></head>"
            "<body><h1>Bonjour {{ contact.first_name }}</h1><p>x</p></body></html>"
        )
        for t in (
            compile_template("s", source, ""),
            compile_template("s", source + "{{ '<b>'|safe }}", ""),
        ):
            html = t.render(make_context(contact())).html
            assert '<h1 style="margin: 0;">Bonjour Élodie</h1>' in html
            assert "color: red" not in html
        assert html_tools.inline_css(source).count("margin: 0") == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert hits == []


# --- the text alternative -----------------------------------------------------------------


def test_text_alternative_generated_once_from_the_html(monkeypatch: pytest.MonkeyPatch) -> None:
    t = compile_template("s", STYLED, "")
    assert t.auto_text and t.text_mode == "derived"

    def refuse(_html: str) -> str:
        raise AssertionError("html2text ran for a recipient")

    monkeypatch.setattr(html_tools, "html_to_text", refuse)
    text = t.render(make_context(contact(), data=ARTICLES, unsubscribe_url="https://r.fr/u/1")).text
    assert "Bonjour Élodie & bienvenue !" in text
    assert "Baguette 1,20\xa0€" in text and "Croissant 1,10\xa0€" in text
    assert "[Se désinscrire](https://r.fr/u/1)" in text
    assert "{%" not in text and "<" not in text.replace("<https", "")
    assert "font-family" not in text  # the <style> is not text


def test_text_alternative_keeps_loops_lists_and_long_urls() -> None:
    url = "https://exemple.fr/" + "chemin/" * 20 + "?utm_source=facteur&utm_medium=email"
    source = (
        "<h1>Nouveautés</h1><ul>{% for p in data.produits %}<li>{{ p }}</li>{% endfor %}</ul>"
        f'<p>Voir <a href="{url}">le catalogue</a>. <img src="logo.png" alt="Logo"></p>'
        '<p><a href="https://exemple.fr"><img src="banniere.png"></a></p>'
        "<p>1. pas une liste &#123;&#123; pas une variable }}</p>"
    )
    text = (
        compile_template("s", source, "")
        .render(make_context(contact(), data={"produits": ["Pain", "Brioche"]}))
        .text
    )
    assert "  * Pain\n  * Brioche" in text
    assert f"[le catalogue]({url})" in text  # not wrapped at 78 columns
    assert "Logo" not in text and "png" not in text and "[]" not in text
    assert "1. pas une liste {{ pas une variable }}" in text


def test_given_text_body_wins_and_text_only_template() -> None:
    t = compile_template("s", "<p>HTML</p>", "Texte {{ contact.first_name }}")
    assert not t.auto_text
    assert t.render(make_context(contact())).text == "Texte Élodie"
    t = compile_template("s", "", "Texte seul")
    assert (t.has_html, t.auto_text) == (False, False)
    assert t.render(make_context(contact())).html == ""


def test_text_falls_back_per_message_with_safe_markup() -> None:
    t = compile_template("s", "<p>{{ data.bloc|safe }}</p>", "")
    assert t.text_mode == "per-message"
    out = t.render(make_context(contact(), data={"bloc": "<b>Gras</b> &amp; net"}))
    assert out.text == "**Gras** & net"
    t = compile_template("s", "<p>{% autoescape false %}{{ data.bloc }}{% endautoescape %}</p>", "")
    assert t.text_mode == "per-message"
    assert t.render(make_context(contact(), data={"bloc": "<i>x</i>"})).text == "_x_"


def test_html_to_text() -> None:
    text = html_tools.html_to_text(
        "<table><tr><td>A</td><td>B</td></tr></table><p>Prix&nbsp;: 3 €</p>"
        '<p><a href="mailto:a@b.fr">Écrivez-nous</a></p>'
    )
    assert text == "A B\n\nPrix\xa0: 3 €\n\n[Écrivez-nous](mailto:a@b.fr)"


def test_sample_context_renders() -> None:
    t: CompiledTemplate = compile_template(
        "{{ contact.first_name }}", "<p>{{ today|format_date }}</p>", ""
    )
    assert t.render(make_context(SAMPLE_CONTACT)).subject == "Camille"


@pytest.fixture(autouse=True)
def _no_thread_left() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert set(threading.enumerate()) <= before
