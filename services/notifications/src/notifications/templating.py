"""Messages rendered from Jinja2 templates per event kind, channel and locale.

`templates/<locale>/<kind>.txt.jinja` extends its locale's `base.txt.jinja`, whose `part`
variable picks what a channel needs: the in-app `title` and `body`, the email `subject` and
`text`, the `slack` message. The HTML email is `<locale>/<kind>.html.jinja` when a kind has its
own, else `<locale>/email.html.jinja`. What people typed (names, titles) is escaped for each
channel: HTML templates are autoescaped; the Slack part is rendered from values whose `&`, `<`
and `>` are escaped as Slack's mrkdwn asks, so that a name cannot ping a channel (`<!channel>`)
or hide a link (`<https://evil|Reset your password>`); the email subject is one line (a header);
the in-app and plain-text parts stay verbatim.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateNotFound, select_autoescape

_ENV = Environment(
    loader=PackageLoader("notifications", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.jinja",), default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
FALLBACK_LOCALE = "en"
TEXT_PARTS = ("title", "body", "subject", "text", "slack")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    subject: str
    text: str
    slack: str
    html: str


def _locales(locale: str | None) -> list[str]:
    wanted = (locale or FALLBACK_LOCALE).replace("_", "-")
    candidates = [wanted, wanted.split("-")[0].lower(), FALLBACK_LOCALE]
    return list(dict.fromkeys(candidates))


def _template_name(names: list[str], locale: str | None) -> tuple[str, str]:
    """The first template that exists among `<locale>/<name>`, most specific locale first."""
    for candidate in _locales(locale):
        for name in names:
            path = f"{candidate}/{name}"
            try:
                _ENV.get_template(path)
            except TemplateNotFound:
                continue
            return path, candidate
    raise LookupError(f"no template among {names} for locale {locale!r}")


def render_part(kind: str, locale: str | None, part: str, context: dict[str, Any]) -> str:
    path, _ = _template_name([f"{kind}.txt.jinja"], locale)
    return _ENV.get_template(path).render(context, part=part).strip()


def slack_escape(text: str) -> str:
    """Text as Slack's mrkdwn shows it literally: only &, < and > are control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_values(value: Any) -> Any:
    if isinstance(value, str):
        return slack_escape(value)
    if isinstance(value, Mapping):
        return {key: _slack_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_slack_values(item) for item in value]
    return value


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """Text fit for a header: control characters (CR and LF among them) become spaces."""
    return _CONTROL.sub(" ", text).strip()


def render(kind: str, locale: str | None, context: dict[str, Any]) -> Rendered:
    parts = {
        part: render_part(
            kind, locale, part, _slack_values(context) if part == "slack" else context
        )
        for part in TEXT_PARTS
    }
    parts["subject"] = one_line(parts["subject"])
    html_path, _ = _template_name([f"{kind}.html.jinja", "email.html.jinja"], locale)
    html = _ENV.get_template(html_path).render(
        context, title=parts["title"], body=parts["body"], kind=kind
    )
    return Rendered(html=html, **parts)
