"""One outbound POST (a webhook or a Slack message) to a URL checked against DNS rebinding.

The problem: checking that a host resolves to public addresses and then letting an HTTP client
connect by name resolves the name twice. A hostile DNS server can answer a public address to
the check and 169.254.169.254 or 10.x to the connection (DNS rebinding, a time-of-check to
time-of-use gap).

The mechanism: each attempt resolves the host once (`targets.resolve_target`, which refuses the
URL if ANY address is non-public) and sends through an `httpcore.AsyncConnectionPool` whose
network backend is `PinnedBackend`. httpcore asks its network backend to
`connect_tcp(host, port)` with the URL's host name; `PinnedBackend` accepts only that name and
opens the TCP connection to the validated IP addresses instead (in the resolver's order, the
next one when one refuses), so no second lookup happens anywhere. Everything above the TCP
socket still works from the URL: TLS is started by httpcore with `server_hostname` = the URL's
host, so SNI and certificate verification (hostname included, default CA bundle) are for the
original name, and the `Host` header is the original name (and port) as httpx would send it.

Only public httpcore interfaces are used (`AsyncConnectionPool(network_backend=...)` and
`AsyncNetworkBackend`; httpcore is the transport httpx itself runs on). httpcore never follows
redirects, so a 3xx is an answer like any other (a failed attempt); and it reads no proxy
settings from the environment, so deliveries always connect directly. At most `MAX_BODY` bytes
of an answer are read.
"""

import contextlib
import functools
import ssl
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import httpcore
import httpx
from opentelemetry.trace import SpanKind, StatusCode

from kit.tracing import TRACER
from notifications.settings import NotificationsSettings
from notifications.webhooks.targets import (
    NameNotResolvedError,
    PinnedTarget,
    Resolver,
    resolve_target,
    system_resolve,
)

MAX_BODY = 4096
"""Bytes of an answer's body kept (for the delivery log); the rest is never read."""

TRANSPORT_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
)


class UnreachableError(Exception):
    """The request did not complete (connection, TLS, timeout, protocol): worth a retry."""


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    """The start of the body (at most `MAX_BODY` bytes, decoded leniently)."""

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects the target's host name to the target's validated addresses, and nothing else."""

    def __init__(
        self, target: PinnedTarget, network: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self._target = target
        self._network = network or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if host != self._target.host or port != self._target.port:
            raise httpcore.ConnectError(f"{host}:{port} is not the checked target.")
        failure: Exception | None = None
        for address in self._target.addresses:
            try:
                return await self._network.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:  # refused or unreachable: try the next one
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} has no address.")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Deliveries never use Unix sockets.")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """What httpx verifies with by default: certifi's CAs (or SSL_CERT_FILE/SSL_CERT_DIR),
    hostname checks on."""
    return httpx.create_ssl_context()


async def post(
    url: str,
    content: bytes,
    headers: Mapping[str, str],
    settings: NotificationsSettings,
    *,
    resolve: Resolver = system_resolve,
    network: httpcore.AsyncNetworkBackend | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> Answer:
    """POST `content` to `url`, connected to the addresses its host resolved to in this call.

    Raises `TargetRefusedError` (never sent: do not retry) or `UnreachableError` (also when the
    name does not resolve right now). `network` and `ssl_context` replace the socket layer and
    the CA bundle, for tests.
    """
    with TRACER.start_as_current_span("POST", kind=SpanKind.CLIENT) as span:
        # The host only: Slack and many webhook URLs carry their secret in the path.
        span.set_attribute("http.request.method", "POST")
        with contextlib.suppress(httpx.InvalidURL):  # refused as such by `resolve_target`
            span.set_attribute("server.address", httpx.URL(url).host)
        answer = await _post(url, content, headers, settings, resolve, network, ssl_context)
        span.set_attribute("http.response.status_code", answer.status)
        if answer.status >= 400:
            span.set_status(StatusCode.ERROR)
        return answer


async def _post(
    url: str,
    content: bytes,
    headers: Mapping[str, str],
    settings: NotificationsSettings,
    resolve: Resolver,
    network: httpcore.AsyncNetworkBackend | None,
    ssl_context: ssl.SSLContext | None,
) -> Answer:
    try:
        target = await resolve_target(url, settings, resolve)
    except NameNotResolvedError as exc:
        raise UnreachableError(str(exc)) from exc
    timeout = settings.webhook_timeout_seconds
    pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context or default_ssl_context(),
        network_backend=PinnedBackend(target, network),
        max_connections=1,
    )
    request_url = httpcore.URL(
        scheme=target.url.raw_scheme,
        host=target.url.raw_host,
        port=target.url.port,
        target=target.url.raw_path,
    )
    request_headers = [(b"Host", target.url.netloc)]
    request_headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    extensions: dict[str, typing.Any] = {
        "timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
    }
    try:
        async with (
            pool,
            pool.stream(
                "POST", request_url, headers=request_headers, content=content, extensions=extensions
            ) as response,
        ):
            body = b""
            async for chunk in response.aiter_stream():
                body += chunk
                if len(body) >= MAX_BODY:
                    break
    except TRANSPORT_ERRORS as exc:
        raise UnreachableError(repr(exc)) from exc
    return Answer(response.status, body[:MAX_BODY].decode("utf-8", errors="replace"))
