"""Where webhooks and Slack messages may go: never into private, loopback or link-local ranges
(the cloud metadata service, the cluster's own services) unless the operator allows it.

`resolve_target` is the check a delivery attempt makes: it resolves the host once and returns
the addresses it validated (`PinnedTarget`), and `notifications.webhooks.egress` then connects to
those addresses only, never resolving the name again (see there). `check_target` is the same
check for registration time, when nothing is sent.

URLs are parsed with `httpx.URL`, the parser whose host (lower-cased, IDNA-encoded) the request
is built from, so the name that is checked is the name that is connected to.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx

from notifications.settings import NotificationsSettings

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[IpAddress]]]
"""(host, port) -> the host's addresses; raises OSError when the name does not resolve."""

DEFAULT_PORTS = {"https": 443, "http": 80}


class TargetRefusedError(Exception):
    """The URL may not receive deliveries."""


class NameNotResolvedError(Exception):
    """The host did not resolve now: at delivery time worth a retry (DNS has bad minutes), at
    registration a refusal."""


@dataclass(frozen=True)
class PinnedTarget:
    """A URL whose host was resolved and checked once: connect to `addresses` and nothing else."""

    url: httpx.URL
    addresses: tuple[IpAddress, ...]

    @property
    def host(self) -> str:
        """The host as the HTTP layer sees it (ASCII, lower case, IPv6 without brackets)."""
        return self.url.raw_host.decode("ascii")

    @property
    def port(self) -> int:
        return self.url.port or DEFAULT_PORTS[self.url.scheme]


async def system_resolve(host: str, port: int) -> list[IpAddress]:
    """The operating system's resolver (getaddrinfo), run off the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0]) for info in infos]


_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo client, NAT64), if any:
    Python calls 2002:a00:1:: global although it reaches 10.0.0.1."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_non_public(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and is_non_public(embedded):
            return True
        if address.ipv4_mapped is not None:
            return False  # a mapped public IPv4 address is as public as the address itself
    return not address.is_global or address.is_multicast


def _parse(url: str, settings: NotificationsSettings) -> httpx.URL:
    try:
        parts = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise TargetRefusedError(f"The URL is not valid: {exc}") from exc
    allowed = {"https"} if settings.webhook_require_https else {"https", "http"}
    if parts.scheme not in allowed:
        raise TargetRefusedError(f"The URL must use {' or '.join(sorted(allowed))}.")
    if not parts.host:
        raise TargetRefusedError("The URL has no host.")
    if parts.userinfo:
        raise TargetRefusedError("The URL must not carry credentials.")
    if settings.webhook_allow_private_targets:
        return parts
    host = parts.host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        raise TargetRefusedError("Loopback targets are not allowed.")
    literal = _literal(parts)
    if literal is not None and is_non_public(literal):
        raise TargetRefusedError(f"{parts.host} is in a private, loopback or link-local range.")
    return parts


def _literal(parts: httpx.URL) -> IpAddress | None:
    try:
        return ipaddress.ip_address(parts.raw_host.decode("ascii"))
    except ValueError:
        return None


def check_url_syntax(url: str, settings: NotificationsSettings) -> str:
    """Refuse what is wrong without a DNS lookup; returns the host."""
    return _parse(url, settings).host


async def resolve_target(
    url: str, settings: NotificationsSettings, resolve: Resolver = system_resolve
) -> PinnedTarget:
    """Resolve the URL's host once; refuse it if ANY of its addresses is non-public (unless
    `webhook_allow_private_targets`). The result is what the delivery may connect to."""
    parts = _parse(url, settings)
    literal = _literal(parts)
    if literal is not None:
        return PinnedTarget(parts, (literal,))
    target = PinnedTarget(parts, ())
    try:
        found = await resolve(target.host, target.port)
    except OSError as exc:
        raise NameNotResolvedError(f"{parts.host} does not resolve: {exc}") from exc
    addresses = tuple(dict.fromkeys(found))  # in the resolver's order, without repeats
    if not addresses:
        raise NameNotResolvedError(f"{parts.host} does not resolve.")
    if not settings.webhook_allow_private_targets:
        for address in addresses:
            if is_non_public(address):
                raise TargetRefusedError(
                    f"{parts.host} resolves to {address}, a non-public address."
                )
    return PinnedTarget(parts, addresses)


async def check_target(
    url: str, settings: NotificationsSettings, resolve: Resolver = system_resolve
) -> None:
    """Refuse the URL if its host is, or resolves to, a non-public address (registration time:
    each delivery attempt checks again, with `resolve_target`)."""
    if settings.webhook_allow_private_targets:
        check_url_syntax(url, settings)
        return
    try:
        await resolve_target(url, settings, resolve)
    except NameNotResolvedError as exc:
        raise TargetRefusedError(str(exc)) from exc
