"""The few HTML pages a visitor sees, in French or English (Accept-Language), no script at all."""

from __future__ import annotations

from html import escape

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_ask": "Do you want to stop receiving these emails?",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribed_title": "You are unsubscribed",
        "unsubscribed_body": "You will not receive these emails any more.",
        "invalid_title": "Invalid link",
        "invalid_body": "This link is invalid or incomplete. Copy the whole address from the email.",
        "expired_title": "Link expired",
        "expired_body": "This confirmation link has expired. Please sign up again.",
        "not_found_title": "Not found",
        "not_found_body": "There is nothing at this address.",
        "subscribed_title": "Thank you",
        "subscribed_body": "Your subscription is recorded.",
        "check_inbox_title": "Check your inbox",
        "check_inbox_body": "We have sent you an email: click the link in it to confirm your "
        "subscription.",
        "confirmed_title": "Subscription confirmed",
        "confirmed_body": "Thank you, your subscription is confirmed.",
        "bad_form_title": "Please check the form",
        "too_many_title": "Too many requests",
        "too_many_body": "Please try again in a moment.",
        "field_email": "Please enter a valid email address.",
        "field_consent": "Please tick the consent box.",
        "field_body": "Send the form as an HTML form post.",
        "health_title": "Facteur relay",
        "health_body": "The relay is running.",
        "health_db_down": "The relay's database cannot be reached.",
    },
    "fr": {
        "unsubscribe_title": "Désinscription",
        "unsubscribe_ask": "Voulez-vous ne plus recevoir ces e-mails ?",
        "unsubscribe_button": "Me désinscrire",
        "unsubscribed_title": "Vous êtes désinscrit(e)",
        "unsubscribed_body": "Vous ne recevrez plus ces e-mails.",
        "invalid_title": "Lien invalide",
        "invalid_body": "Ce lien est invalide ou incomplet. Copiez l'adresse entière depuis l'e-mail.",
        "expired_title": "Lien expiré",
        "expired_body": "Ce lien de confirmation a expiré. Merci de vous inscrire à nouveau.",
        "not_found_title": "Introuvable",
        "not_found_body": "Il n'y a rien à cette adresse.",
        "subscribed_title": "Merci",
        "subscribed_body": "Votre inscription est enregistrée.",
        "check_inbox_title": "Vérifiez votre boîte de réception",
        "check_inbox_body": "Nous vous avons envoyé un e-mail : cliquez sur le lien qu'il contient "
        "pour confirmer votre inscription.",
        "confirmed_title": "Inscription confirmée",
        "confirmed_body": "Merci, votre inscription est confirmée.",
        "bad_form_title": "Vérifiez le formulaire",
        "too_many_title": "Trop de requêtes",
        "too_many_body": "Merci de réessayer dans un instant.",
        "field_email": "Saisissez une adresse e-mail valide.",
        "field_consent": "Cochez la case de consentement.",
        "field_body": "Envoyez le formulaire comme un formulaire HTML.",
        "health_title": "Relais Facteur",
        "health_body": "Le relais fonctionne.",
        "health_db_down": "La base de données du relais est injoignable.",
    },
}

_STYLE = (
    "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f5f5f4;"
    "color:#1c1917;margin:0;padding:2rem 1rem}"
    "main{max-width:32rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;"
    "box-shadow:0 1px 3px rgba(0,0,0,.1)}"
    "h1{font-size:1.4rem;margin-top:0}"
    "button{font:inherit;background:#b91c1c;color:#fff;border:0;border-radius:8px;"
    "padding:.7rem 1.4rem;cursor:pointer}"
    "button:focus{outline:3px solid #fca5a5}"
)


def language(accept_language: str) -> str:
    """``fr`` or ``en``: the first of them the visitor prefers (English by default)."""
    best, best_q = "en", -1.0
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        if lang not in TEXTS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        # Earlier entries win ties.
        q -= position * 1e-6
        if q > best_q and q > 0:
            best, best_q = lang, q
    return best


def text(lang: str, key: str) -> str:
    return TEXTS.get(lang, TEXTS["en"])[key]


def page(lang: str, title: str, body_html: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body_html}</main></body></html>"
    )


def message_page(lang: str, title_key: str, body_key: str) -> str:
    return page(lang, text(lang, title_key), f"<p>{escape(text(lang, body_key))}</p>")


def unsubscribe_page(lang: str) -> str:
    # A plain form posting back to the page's own address (no action: right behind a proxy
    # serving the relay under a path prefix too), no script.
    body = (
        f"<p>{escape(text(lang, 'unsubscribe_ask'))}</p>"
        '<form method="post">'
        '<input type="hidden" name="confirm" value="1">'
        f'<button type="submit">{escape(text(lang, "unsubscribe_button"))}</button></form>'
    )
    return page(lang, text(lang, "unsubscribe_title"), body)


def form_errors_page(lang: str, errors: list[str]) -> str:
    items = "".join(f"<li>{escape(e)}</li>" for e in errors)
    return page(lang, text(lang, "bad_form_title"), f"<ul>{items}</ul>")


def health_page(lang: str, version: str, db_ok: bool) -> str:
    status = text(lang, "health_body") if db_ok else text(lang, "health_db_down")
    return page(
        lang,
        text(lang, "health_title"),
        f"<p>{escape(status)}</p><p><small>Facteur {escape(version)}</small></p>",
    )
