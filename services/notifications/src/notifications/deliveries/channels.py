"""The transports of person-addressed messages: email over SMTP, Slack incoming webhooks."""

import json
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape

import aiosmtplib

from notifications.settings import NotificationsSettings
from notifications.templating import Rendered, one_line
from notifications.webhooks.egress import UnreachableError, post
from notifications.webhooks.targets import Resolver, TargetRefusedError, system_resolve


class DeliveryError(Exception):
    """A failed attempt; `permanent` ones are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def email_message(
    settings: NotificationsSettings, to: str, message: Rendered, unsubscribe: str | None = None
) -> EmailMessage:
    """The email; with an `unsubscribe` URL, the one-click headers (RFC 2369, RFC 8058) and
    the same link at the end of both bodies."""
    email = EmailMessage()
    email["From"] = settings.email_from
    email["To"] = to
    email["Subject"] = one_line(message.subject)  # a header: never a line break inside
    email["Message-ID"] = make_msgid(domain="mentorship.local")
    text, html = message.text, message.html
    if unsubscribe:
        email["List-Unsubscribe"] = f"<{unsubscribe}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        text = f"{text.rstrip()}\n\n--\nUnsubscribe from these emails: {unsubscribe}\n"
        html = _with_footer(html, unsubscribe)
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    return email


def _with_footer(html: str, url: str) -> str:
    footer = (
        '<p style="font-size:smaller;color:#666">'
        f'<a href="{escape(url)}">Unsubscribe from these emails</a></p>'
    )
    closing = html.rfind("</body>")
    return html + footer if closing < 0 else html[:closing] + footer + html[closing:]


async def send_email(
    settings: NotificationsSettings,
    to: str | None,
    message: Rendered,
    *,
    unsubscribe: str | None = None,
) -> None:
    if not to:
        raise DeliveryError("The person has no email address.", permanent=True)
    if not settings.smtp_host:
        raise DeliveryError("No SMTP server is configured.", permanent=True)
    try:
        built = email_message(settings, to, message, unsubscribe)
    except (ValueError, TypeError) as exc:  # a header that cannot be written never will be
        raise DeliveryError(f"The email cannot be built: {exc}", permanent=True) from exc
    try:
        await aiosmtplib.send(
            built,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            start_tls=settings.smtp_starttls,
            use_tls=settings.smtp_implicit_tls,
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"The recipient was refused: {exc}", permanent=True) from exc
    except aiosmtplib.SMTPResponseException as exc:
        # 5xx answers are final; 4xx ones (greylisting, a full queue) are worth retrying.
        raise DeliveryError(f"SMTP {exc.code}: {exc.message}", permanent=exc.code >= 500) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP failed: {exc!r}") from exc


async def send_slack(
    settings: NotificationsSettings,
    url: str | None,
    message: Rendered,
    *,
    resolve: Resolver = system_resolve,
) -> None:
    """POST to the person's incoming webhook, connected to the addresses checked for this attempt
    (`notifications.webhooks.egress`); a refused target is a permanent failure."""
    if not url:
        raise DeliveryError("No Slack webhook URL is configured.", permanent=True)
    content = json.dumps({"text": message.slack}, ensure_ascii=False).encode()
    headers = {"content-type": "application/json", "user-agent": "mentorship-notifications/1"}
    try:
        answer = await post(url, content, headers, settings, resolve=resolve)
    except TargetRefusedError as exc:
        raise DeliveryError(f"The Slack URL is refused: {exc}", permanent=True) from exc
    except UnreachableError as exc:
        raise DeliveryError(f"Slack unreachable: {exc}") from exc
    if answer.is_success:
        return
    retryable = answer.status >= 500 or answer.status in (408, 429)
    raise DeliveryError(
        f"Slack answered {answer.status}: {answer.text[:200]}", permanent=not retryable
    )
