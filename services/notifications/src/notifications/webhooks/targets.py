"""Where webhooks and Slack messages may go: never into private, loopback or link-local ranges
(the cloud metadata service, the cluster's own services) unless the operator allows it."""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from notifications.settings import NotificationsSettings

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefusedError(Exception):
    """The URL may not receive deliveries."""


def _forbidden(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def check_url_syntax(url: str, settings: NotificationsSettings) -> str:
    """Refuse what is wrong without a DNS lookup; returns the host."""
    parts = urlsplit(url)
    allowed = {"https"} if settings.webhook_require_https else {"https", "http"}
    if parts.scheme not in allowed:
        raise TargetRefusedError(f"The URL must use {' or '.join(sorted(allowed))}.")
    host = parts.hostname
    if not host:
        raise TargetRefusedError("The URL has no host.")
    if parts.username or parts.password:
        raise TargetRefusedError("The URL must not carry credentials.")
    if settings.webhook_allow_private_targets:
        return host
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        raise TargetRefusedError("Loopback targets are not allowed.")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return host
    if _forbidden(literal):
        raise TargetRefusedError(f"{host} is in a private, loopback or link-local range.")
    return host


async def check_target(url: str, settings: NotificationsSettings) -> None:
    """Refuse the URL if its host is, or resolves to, a non-public address."""
    host = check_url_syntax(url, settings)
    if settings.webhook_allow_private_targets:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise TargetRefusedError(f"{host} does not resolve: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if _forbidden(address):
            raise TargetRefusedError(f"{host} resolves to {address}, a non-public address.")
