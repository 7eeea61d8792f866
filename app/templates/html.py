"""HTML mail helpers: CSS inlining and the plain-text alternative, on messages and on templates.

Both conversions are costly per message (css-inline ~50 µs, html2text ~1 ms for 5 KB), so they
run once on the *template source* when that gives the same result, and the per-recipient work
is only Jinja rendering:

- ``inline_template_css`` parses the source with every Jinja construct masked and a marker
  attribute on each start tag, lets css-inline compute the styles, and copies each element's
  computed ``style`` back onto the same tag of the *unchanged* source. The source's structure
  is never re-serialised, so ``{% for %}`` between table rows (which an HTML parser would move
  or wrap in ``<tbody>``) survives. It declines (``None``) when the styles could depend on what
  the template outputs: constructs in ``<style>``, in ``class``/``id``/``style`` values or
  between attributes, output marked ``|safe``, or structural selectors with ``{% %}`` blocks.
- ``text_template_from_html`` protects each construct by a letters-only placeholder html2text
  leaves alone, converts, and restores them: a text template rendered per recipient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import css_inline
import html2text

# A Jinja construct: {{ ... }}, {% ... %} (string literals may hold "}}" or "%}"), {# ... #},
# and a whole {% raw %}...{% endraw %} block.
JINJA_CONSTRUCT = re.compile(
    r"""\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}"""
    r"""|\{\{(?:[^}'"]|'[^']*'|"[^"]*"|\}(?!\}))*\}\}"""
    r"""|\{%(?:[^%'"]|'[^']*'|"[^"]*"|%(?!\}))*%\}"""
    r"""|\{\#.*?\#\}""",
    re.S,
)

# --- whole messages ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _inliner() -> css_inline.CSSInliner:
    # Remote stylesheets are never fetched (privacy, speed, and a template must not make the
    # sender reach arbitrary hosts); @media rules are kept in a <style> for responsive mail.
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)


def inline_css(html: str) -> str:
    """Move the CSS of ``<style>`` blocks into ``style`` attributes (no remote loads)."""
    if "<style" not in html.lower():
        return html
    try:
        return _inliner().inline(html)
    except (css_inline.InlineError, ValueError):
        return html  # malformed CSS: send the HTML as written rather than fail


def _converter() -> html2text.HTML2Text:
    h = html2text.HTML2Text()
    h.body_width = 0  # no hard wrap: it would break long URLs
    h.ignore_images = True
    h.ignore_tables = True  # e-mail layout tables are not data tables
    h.unicode_snob = True  # keep "é" and "€" rather than ASCII look-alikes
    h.skip_internal_links = True
    h.inline_links = True
    h.use_automatic_links = True
    return h


_CELL_END = re.compile(r"(</t[dh]\s*>)", re.I)
_EMPTY_LINK = re.compile(r"\[\]\([^)\s]*\)")
# html2text's Markdown escapes, pointless in a plain-text mail: "1\. ", "\+ ", "\- ", "\\".
_MD_ESCAPES = (
    (re.compile(r"(?<!\\)(\d)\\\.(?=\s)"), r"\1."),
    (re.compile(r"(?<!\\)\\([+-])(?=\s|-)"), r"\1"),
    (re.compile(r"\\(\\)(?=[\\`*_{}\[\]()#+\-.!])"), r"\1"),
)
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)
_BLANK_LINES = re.compile(r"\n{3,}")


def _html2text(html: str) -> str:
    # A space after each cell, or html2text glues the cells of a row together ("AB").
    text = _converter().handle(_CELL_END.sub(r"\1 ", html))
    text = _EMPTY_LINK.sub("", text)  # links around dropped images
    for pattern, repl in _MD_ESCAPES:
        text = pattern.sub(repl, text)
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


def html_to_text(html: str) -> str:
    """A readable plain-text version of ``html``: links kept as ``[text](url)``, images dropped."""
    return _html2text(html)


# --- templates: the text alternative -----------------------------------------------------


def _placeholder_prefix(source: str) -> str:
    prefix = "fqzx"
    while prefix in source:
        prefix += "q"
    return prefix


def _mark(prefix: str, n: int) -> str:
    # The index in the letters k..t, closed by "zxwz" (no letter of k..t): unambiguous, and
    # letters only, which html2text neither escapes nor wraps.
    return prefix + "".join(chr(ord("k") + int(d)) for d in str(n)) + "zxwz"


_WS_CONTROL = re.compile(r"^(\{[{%#])[-+]|[-+]([}%#]\})$")
_LITERAL_BRACE = "{{ '{' }}"


def text_template_from_html(source: str) -> str | None:
    """A Jinja text template giving the plain-text version of the HTML template ``source``.

    ``None`` when the conversion cannot keep the template's logic intact (a ``{% %}`` dropped
    or reordered by html2text); the caller then converts each rendered message instead.
    """
    constructs = [m.group(0) for m in JINJA_CONSTRUCT.finditer(source)]
    if not constructs:
        return _html2text(source).replace("{", _LITERAL_BRACE)
    prefix = _placeholder_prefix(source)
    marks = [_mark(prefix, i) for i in range(len(constructs))]
    mark_re = re.escape(prefix) + r"[k-t]+zxwz"
    it = iter(marks)
    protected = JINJA_CONSTRUCT.sub(lambda _m: next(it), source)
    text = _html2text(protected)
    # Every brace left came from the HTML's text (or an entity such as &#123;): literal.
    text = text.replace("{", _LITERAL_BRACE)
    index = {m: i for i, m in enumerate(marks)}
    seen = [index[m] for m in re.findall(mark_re, text) if m in index]
    blocks = [i for i, c in enumerate(constructs) if c.startswith("{%")]
    block_set = set(blocks)
    if [i for i in seen if i in block_set] != blocks or len(seen) != len(set(seen)):
        return None

    if blocks:
        # "{% for %} {{ r }}" at the start of a line: the space is the HTML's indentation.
        block_marks = "|".join(marks[i] for i in blocks)
        text = re.sub(rf"(?m)^((?:{block_marks})+)[ \t]+", r"\1", text)

    def restore(m: re.Match[str]) -> str:
        # Whitespace control was written for the HTML's layout; in the text it would glue
        # lines together. The text environment trims block lines itself.
        construct = constructs[index[m.group(0)]] if m.group(0) in index else m.group(0)
        return _WS_CONTROL.sub(lambda w: w.group(1) or w.group(2), construct)

    return re.sub(mark_re, restore, text)


# --- templates: CSS inlined once ---------------------------------------------------------

# Start tags, end tags, comments and declarations of an HTML source (Jinja already masked).
_HTML_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)"""
    r"""|<![^>]*>|<\?[^>]*>"""
    r"""|</[a-zA-Z][^>]*>"""
    r"""|<(?P<name>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S,
)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)
_RAW_TEXT = ("style", "script", "textarea", "title", "xmp", "noscript", "iframe", "noembed")
# A start tag as html5ever serialises it: every value double-quoted, '"' escaped.
_OUT_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*((?:\s+[^\s/>="]+(?:="[^"]*")?)*)\s*/?>""")
_OUT_ATTR = re.compile(r"""([^\s/>="]+)(?:="([^"]*)")?""")
_OUT_STYLE_BLOCK = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)
_STRUCTURAL = re.compile(r":(?:nth-|first-|last-|only-|has\()|[+~]|:empty", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MARKER = "data-facteur-css"


@dataclass
class _Tag:
    name: str
    start: int  # of "<"
    name_end: int  # just after the tag name: the marker goes there
    end: int  # just after ">"
    style: tuple[int, int] | None  # value span of a static style="..." attribute
    element_end: int  # for <style>: just after </style>; otherwise == end


def _mask(source: str) -> tuple[str, list[tuple[int, int]]]:
    spans = [m.span() for m in JINJA_CONSTRUCT.finditer(source)]
    parts: list[str] = []
    last = 0
    for a, b in spans:
        # Same length (positions stay valid) and no space or quote: a masked attribute value
        # stays one value.
        parts.append(source[last:a])
        parts.append("x" * (b - a))
        last = b
    parts.append(source[last:])
    return "".join(parts), spans


def _scan(masked: str) -> list[_Tag] | None:
    tags: list[_Tag] = []
    pos = 0
    while True:
        m = _HTML_TOKEN.search(masked, pos)
        if m is None:
            return tags
        pos = m.end()
        name = m.group("name")
        if name is None:
            continue
        lname = name.lower()
        style = None
        attrs_start = m.start("attrs")
        for a in _ATTRIBUTE.finditer(m.group("attrs")):
            if a.group("name").lower() == "style":
                group = next((g for g in ("dq", "sq", "uq") if a.group(g) is not None), None)
                if group is None:
                    return None
                style = (attrs_start + a.start(group), attrs_start + a.end(group))
        element_end = m.end()
        if lname in _RAW_TEXT:
            # Raw text: nothing in it is a tag, up to the closing tag.
            close = re.compile(rf"</{re.escape(lname)}[\s/>]", re.I).search(masked, m.end())
            gt = masked.find(">", close.start()) if close is not None else -1
            element_end = gt + 1 if gt >= 0 else len(masked)
            pos = element_end
        tags.append(_Tag(lname, m.start(), m.start() + 1 + len(name), m.end(), style, element_end))


def _construct_in_unsafe_place(masked: str, tags: list[_Tag], spans: list[tuple[int, int]]) -> bool:
    """Whether a Jinja construct could change which CSS rules apply (see the module doc)."""
    for tag in tags:
        inside = [(a, b) for a, b in spans if tag.start <= a < tag.element_end]
        if not inside:
            continue
        if tag.name == "style":
            return True
        for a, b in inside:
            if b > tag.end:
                continue  # in a raw-text element's content (<title>, <script>...)
            # Inside the tag: only within a quoted value of an attribute other than
            # class/id/style.
            ok = False
            for attr in _ATTRIBUTE.finditer(masked, tag.name_end, tag.end - 1):
                for g in ("dq", "sq"):
                    if attr.group(g) is None:
                        continue
                    va, vb = attr.start(g), attr.end(g)
                    if va <= a and b <= vb:
                        ok = attr.group("name").lower() not in ("class", "id", "style")
            if not ok:
                return True
    return False


def inline_template_css(source: str) -> str | None:
    """``source`` (an HTML Jinja template) with its CSS inlined, or ``None`` when unsafe.

    ``None`` means: inline each rendered message instead (``inline_css``).
    """
    if "<style" not in source.lower():
        return source
    masked, spans = _mask(source)
    tags = _scan(masked)
    if tags is None:
        return None
    if spans:
        if _construct_in_unsafe_place(masked, tags, spans):
            return None
        constructs = [source[a:b] for a, b in spans]
        if any(re.search(r"\|\s*safe\b|\bautoescape\b", c) for c in constructs):
            return None  # markup from data: its elements cannot be styled in advance
        css = "".join(masked[t.end : t.element_end] for t in tags if t.name == "style")
        if _STRUCTURAL.search(css) and any(c.startswith("{%") for c in constructs):
            return None  # loops and conditions change siblings, counts and emptiness
        if ":empty" in css.lower():
            return None
    # Mark every start tag, let css-inline compute the styles, read them back per marker.
    parts: list[str] = []
    last = 0
    for i, tag in enumerate(tags):
        parts.append(masked[last : tag.name_end])
        parts.append(f' {_MARKER}="{i}"')
        last = tag.name_end
    parts.append(masked[last:])
    try:
        out = _inliner().inline("".join(parts))
    except (css_inline.InlineError, ValueError):
        return None
    styles: dict[int, str] = {}
    present: set[int] = set()
    for m in _OUT_TAG.finditer(out):
        attrs = dict(_OUT_ATTR.findall(m.group(1)))
        marker = attrs.get(_MARKER)
        if marker is None or not marker.isdigit():
            continue
        present.add(int(marker))
        if "style" in attrs:
            # Braces could read as Jinja once back in the template: make them entities.
            styles[int(marker)] = attrs["style"].replace("{", "&#123;").replace("}", "&#125;")
    # The <style> css-inline keeps (@media rules), but not one inside a conditional comment.
    kept_blocks = "".join(_OUT_STYLE_BLOCK.findall(_COMMENT.sub("", out)))
    # Rebuild the *original* source: styles set on start tags, consumed <style>/<link> removed.
    result: list[str] = []
    last = 0
    blocks_placed = False
    for i, tag in enumerate(tags):
        if tag.name in ("style", "link") and i not in present:
            result.append(source[last : tag.start])
            if tag.name == "style" and not blocks_placed:
                result.append(kept_blocks)
                blocks_placed = True
            last = tag.element_end
            continue
        new_style = styles.get(i)
        if new_style is None:
            continue
        if tag.style is not None:
            a, b = tag.style
            quote = source[a - 1] if source[a - 1] in "\"'" else ""
            result.append(source[last : a - len(quote)])
            result.append(f'"{new_style}"')
            last = b + len(quote)
        else:
            result.append(source[last : tag.name_end])
            result.append(f' style="{new_style}"')
            last = tag.name_end
    result.append(source[last:])
    return "".join(result)
