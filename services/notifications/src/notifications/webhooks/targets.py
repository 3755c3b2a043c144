"""Where webhooks and Slack messages may go: to globally routable unicast addresses only, never
into private, loopback, link-local, shared, reserved or multicast ranges (the cloud metadata
service, the cluster's own services), however the address is spelled, unless the operator
allows it. `address_refusal` is that policy, for every sink, at registration and at delivery.

`resolve_target` is the check a delivery attempt makes: it resolves the host once and returns
the addresses it validated (`PinnedTarget`), and `notifications.webhooks.egress` then connects to
those addresses only, never resolving the name again (see there). `check_target` is the same
check for registration time, when nothing is sent.

URLs are parsed with `httpx.URL`, the parser whose host (lower-cased, IDNA-encoded) the request
is built from, so the name that is checked is the name that is connected to.
"""

import asyncio
import ipaddress
import re
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


# Special-purpose blocks that Python's `is_global` (3.11) still calls global, or that the IANA
# registries added later; checked in addition to it, so the policy does not drift with Python.
_NOT_GLOBAL_V4 = tuple(
    ipaddress.IPv4Network(block)
    for block in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "192.0.0.0/24",  # IETF protocol assignments
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "198.18.0.0/15",  # benchmarking
        "192.0.2.0/24",  # documentation (TEST-NET-1..3)
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
    )
)
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_NOT_GLOBAL_V6 = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): reaches a local network's IPv4
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_TEREDO = ipaddress.IPv6Network("2001::/32")
_SIXTOFOUR = ipaddress.IPv6Network("2002::/16")


def _low32(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...] | None:
    """The IPv4 addresses an IPv6 transition form carries, or None when it is not one.

    Mapped (::ffff:a.b.c.d), compatible (::a.b.c.d, deprecated), translated
    (::ffff:0:a.b.c.d, SIIT), 6to4 (2002:AABB:CCDD::/48), NAT64 (64:ff9b::a.b.c.d) and Teredo
    (2001:0::/32: its server and its client). Python calls many of these global although they
    reach the IPv4 address inside: `[::a9fe:a9fe]` is the metadata service.
    """
    upper = int(address) >> 32
    if upper in (0, 0xFFFF, 0xFFFF0000):  # compatible, mapped, translated
        return (_low32(address),)
    if address in _NAT64:
        return (_low32(address),)
    if address in _SIXTOFOUR and address.sixtofour is not None:
        return (address.sixtofour,)
    if address in _TEREDO and address.teredo is not None:
        return address.teredo
    return None


def address_refusal(address: IpAddress) -> str | None:
    """Why deliveries may not go to `address`, or None: only globally routable unicast
    addresses are allowed, judged on the IPv4 address inside any IPv6 transition form.

    The one policy for every sink (webhooks, program and personal Slack), at registration and
    at every delivery attempt.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "a scoped (interface-local) address"
        inside = embedded_ipv4(address)
        if inside is not None:
            refused = [v4 for v4 in inside if address_refusal(v4) is not None]
            return f"an IPv6 form of {refused[0]}" if refused else None
        if (
            address not in _GLOBAL_UNICAST_V6
            or any(address in block for block in _NOT_GLOBAL_V6)
            or not address.is_global
        ):
            return "not a globally routable unicast address"
        return None
    if any(address in block for block in _NOT_GLOBAL_V4) or not address.is_global:
        return "not a globally routable unicast address"
    return None


def is_non_public(address: IpAddress) -> bool:
    return address_refusal(address) is not None


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
    host = _bare_host(parts)
    if host == "localhost" or host.endswith(".localhost"):
        raise TargetRefusedError("Loopback targets are not allowed.")
    literal = _literal(parts)
    refusal = address_refusal(literal) if literal is not None else None
    if refusal is not None:
        raise TargetRefusedError(f"{parts.host} is a non-public address ({refusal}).")
    if literal is not None and str(literal) != host.lower():
        raise TargetRefusedError(
            f"{parts.host} is an unusual spelling of {literal}: write IPv4 addresses as four "
            "decimal numbers."
        )
    return parts


_NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def _bare_host(parts: httpx.URL) -> str:
    """The host as resolvers read it: lower case, without the root's trailing dot."""
    return parts.raw_host.decode("ascii").lower().removesuffix(".")


def _literal(parts: httpx.URL) -> IpAddress | None:
    """The address the host spells, if it spells one: IPv6 in brackets, dotted decimal, and
    every IPv4 spelling `inet_aton` (and so a resolver) accepts, like `2852039166`,
    `0xa9.0xfe.0xa9.0xfe` or `127.1` (a host whose last label is a number is an address, as in
    the WHATWG URL standard)."""
    host = _bare_host(parts)
    try:
        return ipaddress.ip_address(host.replace("%25", "%"))
    except ValueError:
        pass
    if not _NUMBER.match(host.rsplit(".", 1)[-1]):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        raise TargetRefusedError(f"{parts.host} is not a valid IPv4 address.") from None


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
            if address_refusal(address) is not None:
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
