"""Messages rendered from Jinja2 templates per event kind, channel and locale.

`templates/<locale>/<kind>.txt.jinja` extends its locale's `base.txt.jinja`, whose `part`
variable picks what a channel needs: the in-app `title` and `body`, the email `subject` and
`text`, the `slack` message. The HTML email is `<locale>/<kind>.html.jinja` when a kind has its
own, else `<locale>/email.html.jinja`; only HTML templates are autoescaped, so that names and
titles people typed cannot inject markup while the text parts stay verbatim.
"""

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


def render(kind: str, locale: str | None, context: dict[str, Any]) -> Rendered:
    parts = {part: render_part(kind, locale, part, context) for part in TEXT_PARTS}
    html_path, _ = _template_name([f"{kind}.html.jinja", "email.html.jinja"], locale)
    html = _ENV.get_template(html_path).render(
        context, title=parts["title"], body=parts["body"], kind=kind
    )
    return Rendered(html=html, **parts)
