"""The transports of person-addressed messages: email over SMTP, Slack incoming webhooks."""

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import httpx

from notifications.settings import NotificationsSettings
from notifications.templating import Rendered
from notifications.webhooks.targets import TargetRefusedError, check_target


class DeliveryError(Exception):
    """A failed attempt; `permanent` ones are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def email_message(settings: NotificationsSettings, to: str, message: Rendered) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.email_from
    email["To"] = to
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="mentorship.local")
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


async def send_email(settings: NotificationsSettings, to: str | None, message: Rendered) -> None:
    if not to:
        raise DeliveryError("The person has no email address.", permanent=True)
    if not settings.smtp_host:
        raise DeliveryError("No SMTP server is configured.", permanent=True)
    try:
        await aiosmtplib.send(
            email_message(settings, to, message),
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


async def send_slack(settings: NotificationsSettings, url: str | None, message: Rendered) -> None:
    if not url:
        raise DeliveryError("No Slack webhook URL is configured.", permanent=True)
    try:
        await check_target(url, settings)
    except TargetRefusedError as exc:
        raise DeliveryError(str(exc), permanent=True) from exc
    try:
        async with httpx.AsyncClient(
            timeout=settings.webhook_timeout_seconds, follow_redirects=False
        ) as client:
            response = await client.post(url, json={"text": message.slack})
    except httpx.HTTPError as exc:
        raise DeliveryError(f"Slack unreachable: {exc!r}") from exc
    if response.is_success:
        return
    retryable = response.status_code >= 500 or response.status_code in (408, 429)
    raise DeliveryError(
        f"Slack answered {response.status_code}: {response.text[:200]}", permanent=not retryable
    )
