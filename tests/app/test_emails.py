"""normalise_email: its ASCII fast path must agree with email-validator everywhere."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.contacts.emails import (
    InvalidEmail,
    is_valid_email,
    normalise_email,
    normalise_plain_emails,
)
from app.errors import InvalidInput


def reference(value: str) -> str | None:
    """email-validator's own verdict (full path, no DNS, RFC 5321 length limits)."""
    try:
        info = validate_email(value.strip(), check_deliverability=False, strict=True)
    except EmailNotValidError:
        return None
    return info.normalized.lower()


def ours(value: str) -> str | None:
    try:
        return normalise_email(value)
    except InvalidEmail:
        return None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("jean@exemple.fr", "jean@exemple.fr"),
        ("Jean.Dupont@Exemple.FR", "jean.dupont@exemple.fr"),
        ("  jean@exemple.fr \n", "jean@exemple.fr"),
        ("jean+promo@exemple.fr", "jean+promo@exemple.fr"),
        ("o'brien@exemple.fr", "o'brien@exemple.fr"),
        ("a!#$%&'*+/=?^_`{|}~-z@exemple.fr", "a!#$%&'*+/=?^_`{|}~-z@exemple.fr"),
        ("x@xn--bcher-kva.ch", "x@bücher.ch"),  # IDNA (ASCII) domains are shown in Unicode
        ("x@BÜCHER.ch", "x@bücher.ch"),
        ("Élodie@exemple.fr", "élodie@exemple.fr"),
        ("a@b.1co", "a@b.1co"),
        ("x" * 64 + "@exemple.fr", "x" * 64 + "@exemple.fr"),
    ],
)
def test_valid_addresses_are_normalised(value: str, expected: str) -> None:
    assert normalise_email(value) == expected
    assert reference(value) == expected
    assert is_valid_email(value)


def _long_domain(total: int) -> str:
    """A valid domain making ``a@<domain>`` exactly ``total`` characters long."""
    labels, rest = [], total - 2 - len("com")  # each label takes its length + a dot
    while rest > 0:
        n = min(63, rest - 1)
        assert n > 0
        labels.append("d" * n)
        rest -= n + 1
    return ".".join([*labels, "com"])


BAD = [
    "",
    "   ",
    "jean.exemple.fr",  # no @
    "jean@@exemple.fr",
    "jean@dupont@exemple.fr",  # two @
    "jean@exemple.fr.",  # trailing dot
    "jean.@exemple.fr",
    ".jean@exemple.fr",
    "jean..dupont@exemple.fr",  # consecutive dots
    "jean@exemple..fr",
    "jean dupont@exemple.fr",  # spaces
    "jean@exe mple.fr",
    "jean@-exemple.fr",  # leading hyphen in a domain label
    "jean@exemple-.fr",
    "jean@exemple.123",  # numeric TLD
    "jean@192.168.0.1",
    "jean@exemple",  # no dot in the domain
    "jean@machine.local",  # special-use domains
    "jean@localhost",
    "jean@machine.localhost",
    "jean@site.test",
    "jean@site.invalid",
    "jean@site.onion",
    "jean@exemple_1.fr",
    "@exemple.fr",
    "jean@",
    '"jean dupont"@exemple.fr',  # quoted local parts are not accepted
    "jean\t@exemple.fr",
    "jean@[192.168.0.1]",
    "mailto:jean@exemple.fr",
    "Jean <jean@exemple.fr>",
    "x" * 65 + "@exemple.fr",  # local part over 64
    "a@" + "a" * 64 + ".fr",  # a label over 63
]


@pytest.mark.parametrize("value", BAD)
def test_invalid_addresses_are_refused_with_a_reason(value: str) -> None:
    assert reference(value) is None
    with pytest.raises(InvalidEmail) as info:
        normalise_email(value)
    assert isinstance(info.value, InvalidInput)  # the UI shows it as a known error
    assert info.value.reason
    assert repr(value.strip()) in str(info.value)
    assert not is_valid_email(value)


def test_total_length_limit_254() -> None:
    ok = "a@" + _long_domain(254)
    too_long = "ab@" + _long_domain(254)
    assert len(ok) == 254 and len(too_long) == 255
    assert normalise_email(ok) == ok == reference(ok)
    assert reference(too_long) is None
    with pytest.raises(InvalidEmail):
        normalise_email(too_long)


def test_domain_error_message_does_not_mention_the_probe_address() -> None:
    with pytest.raises(InvalidEmail) as info:
        normalise_email("jean@machine.local")
    assert "a@" not in info.value.reason


# --- property: the fast path and email-validator agree ---------------------------------------

LOCAL_CHARS = "abcXYZ0189.+-_!#$%&'*/=?^`{|}~\"(),:;<>@[\\] \té"
LABELS = [
    "xn--bcher-kva",
    "xn--p1ai",
    "xn--",
    "xn--zz",
    "a" * 63,
    "a" * 64,
    "bücher",
    "ÄÖ",
    "-a",
    "a-",
    "1",
    "exemple",
]
TLDS = ["com", "fr", "FR", "local", "localhost", "test", "invalid", "example", "onion", "arpa",
        "123", "c0m", "a", "xn--p1ai", "internal", "home.arpa", "co"]  # fmt: skip

local_parts = st.text(alphabet=LOCAL_CHARS, max_size=70) | st.builds(
    lambda n, c: c * n, st.integers(60, 70), st.sampled_from("aZ.")
)
labels = (
    st.text(alphabet="abcXY09-_é", max_size=8)
    | st.sampled_from(LABELS)
    | st.builds(lambda n: "b" * n, st.integers(55, 66))
)
domains = st.builds(
    lambda ls, tld: ".".join([*ls, tld]),
    st.lists(labels, max_size=5),
    st.sampled_from(TLDS) | labels,
)
addresses = st.builds(
    lambda local, at, domain, tail: local + at + domain + tail,
    local_parts,
    st.sampled_from(["@", "@", "@", "@@", "", " @"]),
    domains,
    st.sampled_from(["", "", ".", "  ", " x", "\n"]),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(addresses)
def test_fast_path_agrees_with_email_validator(value: str) -> None:
    assert ours(value) == reference(value)


@settings(max_examples=200, deadline=None)
@given(st.emails())
def test_generated_valid_addresses_agree(value: str) -> None:
    # Hypothesis' emails() follow RFC 5322 loosely: what matters is the same verdict.
    assert ours(value) == reference(value)


def test_lookups_are_case_insensitive_on_the_whole_address() -> None:
    assert normalise_email("JEAN@EXEMPLE.FR") == normalise_email("jean@exemple.fr")


def _each(values: list[str]) -> list[str] | None:
    """normalise_email of each value, or None when any of them is refused."""
    results = [ours(v) for v in values]
    return None if None in results else results  # type: ignore[return-value]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(addresses | st.emails(), min_size=1, max_size=6))
def test_plain_emails_in_bulk_agree_with_one_by_one(values: list[str]) -> None:
    stripped = [v.strip() for v in values]
    bulk = normalise_plain_emails(stripped)
    # None means "take each through normalise_email"; a list must be exactly its answers.
    assert bulk is None or bulk == _each(stripped)


@pytest.mark.parametrize(
    "values",
    [
        ["jean@exemple.fr", "a\nb@exemple.fr"],  # a line break must not pass as two lines
        ["jean@exemple.fr", ""],
        ["jean@exemple.fr", "jean.@exemple.fr"],
        ["jean@exemple.fr", "jean@exemple.123"],
        ["jean@exemple.fr", "Élodie@exemple.fr"],  # valid, but not for the fast path
        ["jean@exemple.fr", "x" * 65 + "@exemple.fr"],
        [],
    ],
)
def test_plain_emails_in_bulk_leave_anything_unusual_to_normalise_email(values: list[str]) -> None:
    assert normalise_plain_emails(values) is None


def test_plain_emails_in_bulk() -> None:
    values = ["Jean.Dupont@Exemple.FR", "x@xn--bcher-kva.ch", "o'brien@exemple.fr"]
    assert normalise_plain_emails(values) == [normalise_email(v) for v in values]
