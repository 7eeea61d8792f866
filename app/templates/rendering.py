"""Sandboxed Jinja2 rendering of a template's subject, HTML body and text body.

Templates are written by users and rendered with contacts' data: they run in Jinja2's
``ImmutableSandboxedEnvironment`` (no Python internals, no mutation of lists or dicts). A missing
value renders empty, ``default`` works, and dates and numbers are formatted the French way (or
in the contact's locale) by Babel filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import TracebackType
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency as babel_format_currency
from babel.numbers import format_decimal as babel_format_decimal
from jinja2 import ChainableUndefined, Template, Undefined, nodes, pass_context
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.errors import N_, InvalidInput
from app.templates import html as html_tools

Part = Literal["subject", "html", "text"]
PARTS: tuple[Part, ...] = ("subject", "html", "text")
DEFAULT_LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")
# Contact columns a template can use as ``contact.<name>`` (custom attributes come on top).
CONTACT_FIELDS = ("email", "first_name", "last_name", "company", "phone", "locale", "status")
OTHER_VARIABLES = ("campaign.name", "unsubscribe_url", "today")

_SYNTAX = {
    "subject": N_("Syntax error in the subject, line {line}: {reason}"),
    "html": N_("Syntax error in the HTML body, line {line}: {reason}"),
    "text": N_("Syntax error in the text body, line {line}: {reason}"),
}
_RENDER_AT = {
    "subject": N_("The subject cannot be rendered (line {line}): {reason}"),
    "html": N_("The HTML body cannot be rendered (line {line}): {reason}"),
    "text": N_("The text body cannot be rendered (line {line}): {reason}"),
}
_RENDER = {
    "subject": N_("The subject cannot be rendered: {reason}"),
    "html": N_("The HTML body cannot be rendered: {reason}"),
    "text": N_("The text body cannot be rendered: {reason}"),
}


class TemplateError(InvalidInput):
    """A template that cannot be compiled or rendered; ``part`` and ``line`` say where."""

    def __init__(self, template: str, /, *, part: Part, line: int | None, reason: str) -> None:
        super().__init__(template, part=part, line=line, reason=reason)
        self.part = part
        self.line = line
        self.reason = reason


# --- the environments ----------------------------------------------------------------------


class Missing(ChainableUndefined):
    """A missing value: renders empty, works with ``default``, and ``contact.a.b`` is missing too.

    An *unsafe* attribute (the sandbox's refusal, ``''.__class__``) is not a missing value: any
    use of it raises ``SecurityError`` instead of rendering empty.
    """

    __slots__ = ()

    def _check(self) -> None:
        if self._undefined_exception is SecurityError:
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._check()
        return ""

    def __html__(self) -> str:
        self._check()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._check()
        return iter(())

    def __bool__(self) -> bool:
        self._check()
        return False

    def __len__(self) -> int:
        self._check()
        return 0

    def __getattr__(self, name: str) -> Any:
        self._check()  # before the dunder case: ``x|attr('__class__')|attr('__mro__')``
        if name[:2] == "__" and name[-2:] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, _name: Any) -> Any:  # type: ignore[override]
        self._check()
        return self


class Record:
    """A read-only mapping for templates: ``record.key`` and ``record["key"]``.

    No public method, so a key named ``items`` or ``get`` is a value, not a method. Empty
    values (``None``, ``""``) are missing, so ``default`` applies to them.
    """

    __slots__ = ("_values", "_extra", "_folded")

    def __init__(self, values: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        self._values = values
        self._extra = extra or {}
        self._folded: dict[str, str] | None = None

    def _lookup(self, key: str) -> Any:
        if key in self._values and key != "attributes":
            return self._values[key]
        extra = self._extra
        if key in extra:
            return extra[key]
        if not extra or not isinstance(key, str):
            raise KeyError(key)
        lower = key.lower()
        if lower in extra:
            return extra[lower]
        if self._folded is None:
            self._folded = {str(k).lower(): k for k in extra}
        return extra[self._folded[lower]]

    def __getitem__(self, key: str) -> Any:
        value = self._lookup(key)
        if value is None or value == "":
            raise KeyError(key)
        if isinstance(value, Mapping):
            return Record(value)
        return value

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        keys = [k for k in self._values if k != "attributes"]
        return iter(keys + [k for k in self._extra if k not in self._values])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __str__(self) -> str:
        return ""

    def __html__(self) -> str:
        return ""


def _contact_record(contact: Mapping[str, Any]) -> Record:
    attributes = contact.get("attributes") or {}
    return Record(contact, attributes if isinstance(attributes, Mapping) else {})


# --- Babel filters -------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    code = code.strip().replace("-", "_")
    if code:
        try:
            return Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            pass
    return Locale.parse(DEFAULT_LOCALE)


def _context_locale(context: Context) -> Locale:
    contact = context.get("contact")
    code = ""
    if isinstance(contact, Record):
        value = contact._values.get("locale")
        code = value if isinstance(value, str) else ""
    return _locale(code)


_FRENCH_DATE = re.compile(
    r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?"
)


def parse_date(value: Any) -> date | datetime | None:
    """A date or datetime from a value a contact may hold, or ``None``."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _FRENCH_DATE.fullmatch(text)
    try:
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if m[4] is None:
                return date(year, month, day)
            return datetime(year, month, day, int(m[4]), int(m[5]), int(m[6] or 0))
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) > 10:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return None


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def parse_number(value: Any) -> Decimal | None:
    """A number from a value a contact may hold ("1 234,50" included), or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _is_empty(value: Any) -> bool:
    if isinstance(value, Undefined):
        str(value)  # a value the sandbox refused raises here rather than render empty
        return True
    return value is None or value == ""


def _local(value: datetime) -> datetime:
    return value.astimezone(PARIS) if value.tzinfo is not None else value


@lru_cache(maxsize=1024)
def _cached_date(value: date, fmt: str, locale: Locale) -> str:
    return babel_format_date(value, format=fmt, locale=locale)


@pass_context
def format_date(context: Context, value: Any, format: str = "long") -> Any:  # noqa: A002
    """``{{ today|format_date }}`` -> "15 mars 2024" (the contact's locale, else French)."""
    if _is_empty(value):
        return ""
    parsed = parse_date(value)
    if parsed is None:
        return value
    day = _local(parsed).date() if isinstance(parsed, datetime) else parsed
    return _cached_date(day, format, _context_locale(context))


@pass_context
def format_datetime(context: Context, value: Any, format: str = "medium") -> Any:  # noqa: A002
    """``{{ contact.rdv|format_datetime("short") }}``; aware times shown in Paris time."""
    if _is_empty(value):
        return ""
    parsed = parse_date(value)
    if parsed is None:
        return value
    if not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    return babel_format_datetime(_local(parsed), format=format, locale=_context_locale(context))


@pass_context
def format_number(context: Context, value: Any) -> Any:
    """``{{ 1234.5|format_number }}`` -> "1 234,5"."""
    if _is_empty(value):
        return ""
    number = parse_number(value)
    if number is None:
        return value
    return babel_format_decimal(number, locale=_context_locale(context))


@pass_context
def format_currency(context: Context, value: Any, currency: str = "EUR") -> Any:
    """``{{ 12.5|format_currency }}`` -> "12,50 €"."""
    if _is_empty(value):
        return ""
    number = parse_number(value)
    if number is None:
        return value
    return babel_format_currency(number, currency, locale=_context_locale(context))


def _make_env(*, autoescape: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        autoescape=autoescape,
        undefined=Missing,
        # In plain text, a line holding only {% if %} or {% for %} leaves no blank line.
        trim_blocks=not autoescape,
        lstrip_blocks=not autoescape,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        format_currency=format_currency,
    )
    return env


HTML_ENV = _make_env(autoescape=True)
TEXT_ENV = _make_env(autoescape=False)
# range, dict, cycler, joiner, namespace, lipsum: the same in both environments.
_GLOBALS = dict(HTML_ENV.globals)


def today() -> date:
    """Today in Paris (the businesses Facteur serves are French)."""
    return datetime.now(PARIS).date()


def make_context(
    contact: Mapping[str, Any],
    *,
    campaign_name: str = "",
    unsubscribe_url: str = "",
    data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The variables of one message: ``contact``, ``data``, ``campaign``, ``unsubscribe_url``, ``today``."""
    return {
        **_GLOBALS,
        "contact": _contact_record(contact),
        "data": Record(data or {}),
        "campaign": Record({"name": campaign_name}),
        "unsubscribe_url": unsubscribe_url,
        "today": today(),
    }


SAMPLE_CONTACT: dict[str, Any] = {
    "id": 0,
    "email": "camille.martin@exemple.fr",
    "first_name": "Camille",
    "last_name": "Martin",
    "company": "Exemple SARL",
    "phone": "01 23 45 67 89",
    "locale": "fr",
    "status": "subscribed",
    "attributes": {},
}


# --- compiling -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    html: str
    text: str


_UNSUPPORTED = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)


def _parse(env: ImmutableSandboxedEnvironment, source: str, part: Part) -> nodes.Template:
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            _SYNTAX[part], part=part, line=exc.lineno, reason=exc.message or str(exc)
        ) from None
    for node in tree.find_all(_UNSUPPORTED):
        raise TemplateError(
            _SYNTAX[part],
            part=part,
            line=node.lineno,
            reason="include, extends and import are not available in templates",
        )
    # The sandbox refuses these at render time; saying so at save time is kinder.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem):
            name = _const_str(node.arg)
        else:
            name = _const_str(node.args[0]) if node.name == "attr" and node.args else None
        if name is not None and name.startswith("_"):
            raise TemplateError(
                _SYNTAX[part],
                part=part,
                line=node.lineno,
                reason=f"access to {name!r} is not allowed",
            )
    return tree


def _const_str(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None


def _contact_fields(tree: nodes.Template) -> set[str]:
    found: set[str] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "contact"):
            continue
        name = node.attr if isinstance(node, nodes.Getattr) else _const_str(node.arg)
        if name:
            found.add(name)
    return found


def _uses_safe(tree: nodes.Template) -> bool:
    """Whether the template can output markup from data (``|safe``, autoescape off)."""
    return any(f.name == "safe" for f in tree.find_all(nodes.Filter)) or any(
        True
        for _ in tree.find_all(
            (nodes.MarkSafe, nodes.MarkSafeIfAutoescape, nodes.EvalContextModifier)
        )
    )


def _template_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _render_error(part: Part, exc: Exception) -> TemplateError:
    line = _template_line(exc.__traceback__)
    reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if line is None:
        return TemplateError(_RENDER[part], part=part, line=None, reason=reason)
    return TemplateError(_RENDER_AT[part], part=part, line=line, reason=reason)


def _render(template: Template, context: dict[str, Any], part: Part) -> str:
    # What Template.render does, minus copying the globals into a new dict for every part of
    # every message: ``make_context`` put them in ``context`` already (shared=True).
    try:
        try:
            return "".join(template.root_render_func(template.new_context(context, shared=True)))
        except Exception:
            template.environment.handle_exception()  # re-raises with the template's lines
    except TemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of user code is the template's
        raise _render_error(part, exc) from exc
    raise AssertionError("unreachable")


class CompiledTemplate:
    """A template ready to render many times: parsed once, CSS inlined and text derived once."""

    def __init__(self, subject: str, html: str, text: str) -> None:
        self.subject_source = subject
        self.html_source = html
        self.text_source = text
        trees = {
            "subject": _parse(TEXT_ENV, subject, "subject"),
            "html": _parse(HTML_ENV, html, "html"),
            "text": _parse(TEXT_ENV, text, "text"),
        }
        fields: set[str] = set()
        for tree in trees.values():
            fields |= _contact_fields(tree)
        self.contact_fields: frozenset[str] = frozenset(fields)
        self._subject = TEXT_ENV.from_string(subject)
        self.has_html = bool(html.strip())
        self.has_text = bool(text.strip())
        #: The text part is made from the HTML (no text body given).
        self.auto_text = self.has_html and not self.has_text
        #: "once" (on the source), "per-message" or "none" (no <style>); see ``html.py``.
        self.css_mode = "none"
        self.text_mode = "given" if self.has_text else "none"
        self._html: Template | None = None
        self._text: Template | None = None
        if self.has_html:
            self._html, self.css_mode = self._compile_html(html)
        if self.has_text:
            self._text = TEXT_ENV.from_string(text)
        elif self.has_html:
            self._text = self._derive_text(html, trees["html"])
            self.text_mode = "derived" if self._text is not None else "per-message"
        # Sandbox violations on the paths a sample contact takes are refused now, not at send.
        try:
            self.render(make_context(SAMPLE_CONTACT, campaign_name="Exemple"))
        except TemplateError as exc:
            if isinstance(exc.__cause__, SecurityError):
                raise

    @staticmethod
    def _compile_html(source: str) -> tuple[Template, str]:
        if "<style" not in source.lower():
            return HTML_ENV.from_string(source), "none"
        inlined = html_tools.inline_template_css(source)
        if inlined is not None:
            try:
                return HTML_ENV.from_string(inlined), "once"
            except TemplateSyntaxError:
                pass
        return HTML_ENV.from_string(source), "per-message"

    @staticmethod
    def _derive_text(source: str, tree: nodes.Template) -> Template | None:
        if _uses_safe(tree):
            return None  # markup from data would show as tags in the text
        text = html_tools.text_template_from_html(source)
        if text is None:
            return None
        try:
            return TEXT_ENV.from_string(text)
        except TemplateSyntaxError:
            return None

    def render(self, context: dict[str, Any]) -> Rendered:
        """Render every part; a failure raises ``TemplateError`` naming the part."""
        subject = _render(self._subject, context, "subject")
        html = ""
        if self._html is not None:
            html = _render(self._html, context, "html")
            if self.css_mode == "per-message":
                html = html_tools.inline_css(html)
        if self._text is not None:
            text = _render(self._text, context, "html" if self.auto_text else "text")
        elif self.auto_text:
            text = html_tools.html_to_text(html)
        else:
            text = ""
        # One kind of line end (data may hold "\r\n"), so the MIME and the JSON APIs agree.
        if "\r" in html:
            html = html.replace("\r\n", "\n").replace("\r", "\n")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return Rendered(clean_subject(subject), html, text)


_CONTROL = {c: " " for c in [*range(32), 127, 0x85, 0x2028, 0x2029]}


def clean_subject(subject: str) -> str:
    """One line: control characters (CR, LF, tab...) become spaces, and the ends are trimmed."""
    if not subject.isprintable():
        subject = subject.translate(_CONTROL)
    return subject.strip()


@lru_cache(maxsize=256)
def _subject_template(subject: str) -> Template:
    return TEXT_ENV.from_string(subject)


def render_subject(
    subject: str,
    contact: Mapping[str, Any],
    *,
    campaign_name: str = "",
    data: Mapping[str, Any] | None = None,
) -> str:
    """A subject as it went to ``contact`` (a history view: the rendered subject is not stored).

    ``TemplateError`` when it cannot be rendered (a template changed since, for instance).
    """
    if "{" not in subject:
        return clean_subject(subject)
    try:
        template = _subject_template(subject)
    except TemplateSyntaxError as exc:
        raise _render_error("subject", exc) from exc
    context = make_context(contact, campaign_name=campaign_name, data=data)
    return clean_subject(_render(template, context, "subject"))


def compile_template(subject: str, html: str, text: str) -> CompiledTemplate:
    """Compile a template; raises ``TemplateError`` (with ``part`` and ``line``) when it is invalid."""
    return CompiledTemplate(subject, html, text)


def check_part(part: Part, source: str) -> TemplateError | None:
    """The syntax or sandbox error of one part alone, or ``None`` (cheap: for live checks)."""
    env = HTML_ENV if part == "html" else TEXT_ENV
    try:
        _parse(env, source, part)
        template = env.from_string(source)
        try:
            _render(template, make_context(SAMPLE_CONTACT, campaign_name="Exemple"), part)
        except TemplateError as exc:
            if isinstance(exc.__cause__, SecurityError):
                raise
    except TemplateError as exc:
        return exc
    return None
