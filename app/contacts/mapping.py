"""Which column of an imported file goes to which contact field.

Headers are matched in French and English, whatever their case, accents, spaces or punctuation
("E-mail", "Adresse e-mail", "COURRIEL" all mean the email address). Every other column becomes a
custom attribute whose key is the header made safe ("Date de naissance" -> "date_de_naissance"),
so no data of the file is silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from app.errors import FacteurError

EMAIL = "email"
IGNORE = "ignore"
ATTRIBUTE_PREFIX = "attributes."
# The contact columns an import can fill, with their maximum length (the database column's size).
FIELDS: dict[str, int] = {
    "email": 320,
    "first_name": 200,
    "last_name": 200,
    "company": 300,
    "phone": 50,
    "locale": 20,
}
MAX_KEY_LENGTH = 64

# Headers reduced by ``_squash`` (lower-case, no accents, no spaces or punctuation) -> field.
_ALIASES: dict[str, str] = {}
for _field, _names in {
    "email": (
        "email",
        "mail",
        "courriel",
        "mel",
        "adressemail",
        "adresseemail",
        "adressecourriel",
        "adressedecourriel",
        "adresseelectronique",
        "adressedemessagerie",
        "emailaddress",
        "mailaddress",
        "emailadresse",
        "adressemel",
        "email1",
        "emailprincipal",
    ),
    "first_name": ("prenom", "prenoms", "firstname", "givenname", "first", "forename"),
    "last_name": (
        "nom",
        "nomdefamille",
        "lastname",
        "surname",
        "familyname",
        "last",
        "nomdusage",
    ),
    "company": (
        "societe",
        "entreprise",
        "company",
        "organisation",
        "organization",
        "organisme",
        "raisonsociale",
        "companyname",
        "nomdelentreprise",
        "nomdelasociete",
        "employeur",
    ),
    "phone": (
        "telephone",
        "tel",
        "phone",
        "mobile",
        "portable",
        "phonenumber",
        "numerodetelephone",
        "telephoneportable",
        "telportable",
        "telephonemobile",
        "mobilephone",
        "cellphone",
        "gsm",
        "mobilenumber",
        "numerodeportable",
        "numerodemobile",
    ),
    "locale": ("langue", "language", "locale", "lang", "languepreferee", "preferredlanguage"),
}.items():
    for _name in _names:
        _ALIASES[_name] = _field

# Letters NFKD does not decompose into a base letter plus accents.
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"}
)
_NON_WORD = re.compile(r"[\W_]+")
# Label given to a column whose header cell is empty (see ``unique_headers``).
_EMPTY_HEADER = re.compile(r"\(column \d+\)\Z")


def slugify(text: str) -> str:
    """A header as an attribute key: lower-case, no accents, runs of spaces/punctuation as "_"."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub("_", text).strip("_")[:MAX_KEY_LENGTH].strip("_")


def _squash(text: str) -> str:
    return slugify(text).replace("_", "")


def unique_headers(raw: Sequence[str]) -> list[str]:
    """Column labels, one per column and all different.

    An empty header cell becomes "(column N)" (N counted from 1) so the column can still be named
    in a mapping; a repeated header gets " (2)", " (3)", ... so both columns survive.
    """
    labels: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(raw, start=1):
        base = cell.strip() or f"(column {index})"
        label, n = base, 2
        while label.casefold() in seen:
            label, n = f"{base} ({n})", n + 1
        seen.add(label.casefold())
        labels.append(label)
    return labels


def auto_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Guess the target of each column from its header (``headers`` as from ``unique_headers``)."""
    mapping: dict[str, str] = {}
    used_fields: set[str] = set()
    used_keys: set[str] = set()
    # The file written by ``write_rejected_csv`` starts with "row" and ends with "reason": those two
    # columns are ours, not the user's data, so a corrected file re-imports cleanly.
    ours = (
        {headers[0], headers[-1]}
        if len(headers) > 2 and (headers[0], headers[-1]) == ("row", "reason")
        else set()
    )
    for header in headers:
        if header in ours or _EMPTY_HEADER.match(header):
            mapping[header] = IGNORE
            continue
        field = _ALIASES.get(_squash(header))
        if field is not None and field not in used_fields:
            used_fields.add(field)
            mapping[header] = field
            continue
        # A second "Téléphone"-like column keeps its data as an attribute rather than losing it.
        key = slugify(header)
        if not key:
            mapping[header] = IGNORE
            continue
        mapping[header] = ATTRIBUTE_PREFIX + _unique_key(key, used_keys)
    return mapping


def _unique_key(key: str, used: set[str]) -> str:
    candidate, n = key, 2
    while candidate in used:
        candidate, n = f"{key}_{n}", n + 1
    used.add(candidate)
    return candidate


def parse_target(value: str) -> str:
    """A target as written by a user: a field name, "ignore", "attributes.<key>" or a bare key."""
    text = value.strip()
    lowered = text.lower()
    if lowered in FIELDS or lowered == IGNORE:
        return lowered
    if not text:
        return IGNORE
    raw_key = text[len(ATTRIBUTE_PREFIX) :] if lowered.startswith(ATTRIBUTE_PREFIX) else text
    key = slugify(raw_key)
    if not key:
        raise FacteurError(
            '"{value}" is not a field name: use email, first_name, last_name, company, phone, '
            "locale, ignore, or a custom attribute name such as city.",
            value=value,
        )
    return ATTRIBUTE_PREFIX + key


def resolve_mapping(headers: Sequence[str], overrides: Mapping[str, str] | None) -> dict[str, str]:
    """The automatic mapping of ``headers`` with the user's choices applied column by column.

    Raises ``FacteurError`` when a chosen column is not in the file, when two columns are chosen
    for the same target, or when no column holds the email address.
    """
    mapping = auto_mapping(headers)
    chosen: dict[str, str] = {}
    by_folded = {h.casefold(): h for h in headers}
    for header, target in (overrides or {}).items():
        actual = header if header in mapping else by_folded.get(header.strip().casefold())
        if actual is None:
            raise FacteurError(
                'The mapping names a column that is not in the file: "{header}". '
                "The columns are: {columns}.",
                header=header,
                columns=_quoted(headers),
            )
        chosen[actual] = parse_target(target)

    taken: dict[str, str] = {}
    for header, target in chosen.items():
        if target == IGNORE:
            continue
        if target in taken:
            raise FacteurError(
                'Two columns are mapped to {target}: "{first}" and "{second}".',
                target=target,
                first=taken[target],
                second=header,
            )
        taken[target] = header

    used_keys = {t[len(ATTRIBUTE_PREFIX) :] for t in taken if t.startswith(ATTRIBUTE_PREFIX)}
    for header in headers:
        if header in chosen:
            mapping[header] = chosen[header]
            continue
        target = mapping[header]
        if target in taken:
            # The user gave this field (or attribute name) to another column: keep this one's data
            # under an attribute of its own instead of dropping it.
            key = slugify(header)
            mapping[header] = ATTRIBUTE_PREFIX + _unique_key(key, used_keys) if key else IGNORE
        elif target.startswith(ATTRIBUTE_PREFIX):
            mapping[header] = ATTRIBUTE_PREFIX + _unique_key(
                target[len(ATTRIBUTE_PREFIX) :], used_keys
            )

    if EMAIL not in mapping.values():
        raise FacteurError(
            "No column is mapped to the email address; the first row of the file must hold the "
            'column titles (such as "Email"), or map the column holding the addresses to email. '
            "The columns are: {columns}.",
            columns=_quoted(headers),
        )
    return mapping


def _quoted(headers: Sequence[str], limit: int = 30) -> str:
    shown = ", ".join(f'"{h}"' for h in headers[:limit])
    return shown + (f" and {len(headers) - limit} more" if len(headers) > limit else "")
