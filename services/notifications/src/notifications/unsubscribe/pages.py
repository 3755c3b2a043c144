"""The two small HTML pages a person sees from an unsubscribe link (escaped: nothing here comes
from the person, but the category names stay data)."""

from html import escape

from notifications.models import UnsubscribeToken

_STYLE = "font-family:sans-serif;max-width:32rem;margin:3rem auto;line-height:1.5"


def _what(token: UnsubscribeToken) -> str:
    if token.category == "all":
        return "all emails from the mentorship programs"
    return f"emails about {escape(token.category)}"


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>Unsubscribe</title></head><body style="{_STYLE}">{body}</body></html>'
    )


def confirm(token: UnsubscribeToken) -> str:
    """Asks before changing anything: a POST to the same URL, as a mail client's one click."""
    return _page(
        f"<h1>Unsubscribe</h1><p>You will stop receiving {_what(token)}. "
        "Notifications in the app stay.</p>"
        '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Unsubscribe</button></form>'
    )


def done(token: UnsubscribeToken) -> str:
    return _page(
        f"<h1>Unsubscribed</h1><p>You will no longer receive {_what(token)}. "
        "You can turn them on again in your notification preferences.</p>"
    )
