"""Outbound webhook/Slack requests and DNS rebinding: one lookup per attempt, refused if any
address is non-public, the connection made to exactly the checked address, TLS (SNI and the
certificate check) and `Host` for the original name. No traffic leaves the machine: public
addresses are only ever "connected" to through a network backend that refuses them."""

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpcore
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from opentelemetry.trace import SpanKind, StatusCode

from notifications.settings import NotificationsSettings
from notifications.webhooks.egress import (
    PinnedBackend,
    UnreachableError,
    default_ssl_context,
    post,
)
from notifications.webhooks.targets import (
    TargetRefusedError,
    check_target,
    is_non_public,
    resolve_target,
)
from tests.infra.tracing import SpanRecorder
from tests.notifications.notify_harness import Receiver, ScriptedResolver

pytestmark = pytest.mark.unit  # loopback HTTP(S) servers, no other I/O

PUBLIC, PUBLIC_2 = "93.184.216.34", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
HOST = "hooks.example.test"
STRICT = NotificationsSettings(webhook_allow_private_targets=False, webhook_require_https=True)
STRICT_HTTP = NotificationsSettings(
    webhook_allow_private_targets=False, webhook_require_https=False
)
LOCAL = NotificationsSettings(webhook_allow_private_targets=True, webhook_require_https=False)
LOCAL_TLS = NotificationsSettings(webhook_allow_private_targets=True, webhook_require_https=True)


class LoopbackOnly(httpcore.AsyncNetworkBackend):
    """The real socket layer for 127.0.0.1; anything else is recorded and refused, as an
    unreachable network would (so tests never send to the internet)."""

    def __init__(self) -> None:
        self.connected: list[tuple[str, int]] = []
        self._real = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connected.append((host, port))
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"[test] no route to {host}")
        return await self._real.connect_tcp(host, port, timeout, local_address, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class ScriptedStream(httpcore.AsyncNetworkStream):
    """A connection that records what is written and how TLS is started, then answers."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.written = b""
        self.tls: dict[str, Any] | None = None

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        data, self.answer = self.answer[:max_bytes], self.answer[max_bytes:]
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        self.written += buffer

    async def aclose(self) -> None:
        return None

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
    ) -> httpcore.AsyncNetworkStream:
        self.tls = {"ssl_context": ssl_context, "server_hostname": server_hostname}
        return self

    def get_extra_info(self, info: str) -> Any:
        return None


class ScriptedNetwork(httpcore.AsyncNetworkBackend):
    """Every connection is a `ScriptedStream` giving the same answer; calls are recorded."""

    def __init__(self, answer: bytes = b"HTTP/1.1 204 No Content\r\n\r\n") -> None:
        self.answer = answer
        self.connected: list[tuple[str, int]] = []
        self.streams: list[ScriptedStream] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connected.append((host, port))
        self.streams.append(ScriptedStream(self.answer))
        return self.streams[-1]

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def request_head(stream: ScriptedStream) -> list[str]:
    return stream.written.split(b"\r\n\r\n", 1)[0].decode().split("\r\n")


async def test_a_rebinding_name_is_connected_to_the_address_that_was_checked(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system resolver answers a public address first and the internal receiver after: the
    old check-then-connect-by-name reached the receiver; now the one answer is used."""
    loop = asyncio.get_running_loop()
    real_getaddrinfo = loop.getaddrinfo
    lookups: list[str] = []

    async def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host  # anyio passes IDNA bytes
        if name != HOST:
            return await real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(name)
        address = PUBLIC if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(loop, "getaddrinfo", rebinding)
    network = LoopbackOnly()

    with pytest.raises(UnreachableError, match=r"no route to 93\.184\.216\.34"):
        await post(receiver.url_for(HOST), b"{}", {}, STRICT_HTTP, network=network)

    assert lookups == [HOST]  # resolved once; connecting did not resolve again
    assert network.connected == [(PUBLIC, receiver.port)]
    assert receiver.requests == []
    # The next attempt looks up again, gets the internal address, and refuses before connecting.
    with pytest.raises(TargetRefusedError, match=r"resolves to 127\.0\.0\.1, a non-public"):
        await post(receiver.url_for(HOST), b"{}", {}, STRICT_HTTP, network=network)
    assert lookups == [HOST, HOST]
    assert network.connected == [(PUBLIC, receiver.port)]
    assert receiver.requests == []


async def test_an_injected_resolver_is_asked_once_per_attempt_and_its_answer_is_pinned() -> None:
    resolve = ScriptedResolver({HOST: [[PUBLIC], ["10.0.0.7"]]})
    network = ScriptedNetwork()

    answer = await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=resolve, network=network)

    assert answer.status == 204
    assert resolve.calls == [HOST]
    assert network.connected == [(PUBLIC, 443)]
    with pytest.raises(TargetRefusedError, match=r"resolves to 10\.0\.0\.7"):
        await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=resolve, network=network)
    assert network.connected == [(PUBLIC, 443)]


@pytest.mark.parametrize(
    "addresses",
    [
        [PUBLIC, "10.0.0.7"],
        ["10.0.0.7", PUBLIC],
        [PUBLIC_2, "fd00::1"],
        [PUBLIC, "::ffff:169.254.169.254"],
        [PUBLIC, "127.0.0.1"],
        [PUBLIC, "100.64.0.1"],
        [PUBLIC, "224.0.0.1"],
        [PUBLIC, "2002:a00:7::1"],  # 6to4 of 10.0.0.7
        [PUBLIC, "64:ff9b::a9fe:a9fe"],  # NAT64 of 169.254.169.254
        [PUBLIC, "2001:0:4136:e378:8000:63bf:f5ff:fff8"],  # Teredo client 10.0.0.7
    ],
)
async def test_a_name_with_any_non_public_address_is_refused_before_connecting(
    addresses: list[str],
) -> None:
    network = ScriptedNetwork()
    resolve = ScriptedResolver({HOST: [addresses]})

    with pytest.raises(TargetRefusedError, match="a non-public address"):
        await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=resolve, network=network)

    assert network.connected == []


async def test_a_name_that_does_not_resolve_now_is_worth_a_retry_and_refused_at_registration() -> (
    None
):
    with pytest.raises(UnreachableError, match="does not resolve"):
        await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=ScriptedResolver())
    with pytest.raises(TargetRefusedError, match="does not resolve"):
        await check_target(f"https://{HOST}/hook", STRICT, ScriptedResolver())


def test_a_public_ipv6_address_that_embeds_nothing_private_is_allowed() -> None:
    for address in ("2001:4860:4860::8888", "2002:808:808::1", "64:ff9b::808:808"):
        assert not is_non_public(ipaddress.ip_address(address)), address


async def test_tls_and_host_are_for_the_name_while_the_socket_goes_to_the_checked_address() -> None:
    resolve = ScriptedResolver({HOST: [[PUBLIC, PUBLIC_2]]})
    network = ScriptedNetwork(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    answer = await post(
        f"https://{HOST.upper()}:8443/hook?x=1",
        b'{"a":1}',
        {"content-type": "application/json"},
        STRICT,
        resolve=resolve,
        network=network,
    )

    assert (answer.status, answer.text, answer.is_success) == (200, "ok", True)
    assert network.connected == [(PUBLIC, 8443)]  # the first checked address, never the name
    (stream,) = network.streams
    assert stream.tls is not None
    assert stream.tls["server_hostname"] == HOST  # SNI and the certificate's name
    context = stream.tls["ssl_context"]
    assert context is default_ssl_context()
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
    head = request_head(stream)
    assert head[0] == "POST /hook?x=1 HTTP/1.1"
    assert f"Host: {HOST}:8443" in head
    assert stream.written.endswith(b'{"a":1}')


async def test_the_next_checked_address_is_tried_when_one_refuses() -> None:
    class FirstRefuses(ScriptedNetwork):
        async def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
            local_address: str | None = None,
            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
        ) -> httpcore.AsyncNetworkStream:
            if not self.connected:
                self.connected.append((host, port))
                raise httpcore.ConnectError("[test] network unreachable")
            return await super().connect_tcp(host, port, timeout, local_address, socket_options)

    network = FirstRefuses()
    resolve = ScriptedResolver({HOST: [[PUBLIC_2, PUBLIC]]})

    answer = await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=resolve, network=network)

    assert answer.status == 204
    assert network.connected == [(PUBLIC_2, 443), (PUBLIC, 443)]


async def test_a_redirect_is_an_answer_and_is_never_followed() -> None:
    network = ScriptedNetwork(
        b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data\r\n"
        b"Content-Length: 0\r\n\r\n"
    )
    resolve = ScriptedResolver({HOST: [[PUBLIC]]})

    answer = await post(f"https://{HOST}/hook", b"{}", {}, STRICT, resolve=resolve, network=network)

    assert (answer.status, answer.is_success) == (302, False)
    assert network.connected == [(PUBLIC, 443)]


async def test_the_pinned_backend_connects_no_other_host_or_port() -> None:
    network = ScriptedNetwork()
    target = await resolve_target(
        f"https://{HOST}/hook", STRICT, ScriptedResolver({HOST: [[PUBLIC]]})
    )
    backend = PinnedBackend(target, network)

    for host, port in (("other.example.test", 443), (PUBLIC, 443), (HOST, 8443)):
        with pytest.raises(httpcore.ConnectError, match="not the checked target"):
            await backend.connect_tcp(host, port)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_unix_socket("/var/run/docker.sock")
    assert network.connected == []
    await backend.connect_tcp(HOST, 443)
    assert network.connected == [(PUBLIC, 443)]


async def test_an_ip_literal_is_pinned_without_a_lookup() -> None:
    resolve = ScriptedResolver()
    target = await resolve_target(f"https://{PUBLIC}/hook", STRICT, resolve)
    v6 = await resolve_target(f"https://[{PUBLIC_2}]:8443/hook", STRICT, resolve)

    assert (str(target.addresses[0]), target.host, target.port) == (PUBLIC, PUBLIC, 443)
    assert (str(v6.addresses[0]), v6.host, v6.port, v6.url.netloc) == (
        PUBLIC_2,
        PUBLIC_2,
        8443,
        f"[{PUBLIC_2}]:8443".encode(),
    )
    assert resolve.calls == []


async def test_allow_private_delivers_by_name_to_a_local_receiver(receiver: Receiver) -> None:
    resolve = ScriptedResolver({"receiver.test": [["127.0.0.1"]]})

    answer = await post(
        receiver.url_for("receiver.test"),
        b'{"hello":"world"}',
        {"content-type": "application/json"},
        LOCAL,
        resolve=resolve,
    )

    assert answer.status == 200
    (request,) = receiver.requests
    assert request.headers["host"] == f"receiver.test:{receiver.port}"
    assert request.body == b'{"hello":"world"}'
    assert resolve.calls == ["receiver.test"]


async def test_each_post_is_a_client_span_naming_the_host_but_never_the_secret_path(
    receiver: Receiver, spans: SpanRecorder
) -> None:
    resolve = ScriptedResolver({"receiver.test": [["127.0.0.1"], ["127.0.0.1"]]})
    receiver.statuses = [200, 503]
    secret = "/services/T000/B000/XXXXSECRET"

    for _ in range(2):
        await post(receiver.url_for("receiver.test") + secret, b"{}", {}, LOCAL, resolve=resolve)

    ok, failed = spans.of_kind(SpanKind.CLIENT)
    assert ok.name == failed.name == "POST"
    assert ok.attributes is not None
    assert failed.attributes is not None
    assert ok.attributes["server.address"] == "receiver.test"
    assert (ok.attributes["http.response.status_code"], ok.status.status_code) == (
        200,
        StatusCode.UNSET,
    )
    assert failed.attributes["http.response.status_code"] == 503
    assert failed.status.status_code == StatusCode.ERROR
    recorded = [
        str(value)
        for attributes in (ok.attributes, failed.attributes)
        for value in attributes.values()
    ]
    assert not [value for value in recorded if "SECRET" in value]


def certificate_authority(tmp_path: Path, name: str) -> tuple[str, Path, Path]:
    """A CA (PEM text) and a server certificate for `name` it signed (files)."""
    now = datetime.now(UTC)

    def issue(
        subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name | None, ca: bool
    ) -> x509.CertificateBuilder:
        subject_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        return (
            x509.CertificateBuilder()
            .subject_name(subject_name)
            .issuer_name(issuer or subject_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = issue("test CA", ca_key, None, True).sign(ca_key, hashes.SHA256())
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        issue(name, key, ca_cert.subject, False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_cert.public_bytes(serialization.Encoding.PEM).decode(), cert_file, key_file


@pytest.mark.parametrize(("certified", "delivered"), [(HOST, True), ("other.example.test", False)])
async def test_a_real_tls_handshake_to_the_pinned_address_checks_the_original_name(
    tmp_path: Path, certified: str, delivered: bool
) -> None:
    ca, cert_file, key_file = certificate_authority(tmp_path, certified)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert_file, key_file)
    names: list[str | None] = []
    server_tls.sni_callback = lambda _sock, name, _ctx: names.append(name)
    client_tls = ssl.create_default_context(cadata=ca)
    receiver = Receiver(tls=server_tls)
    await receiver.start()
    resolve = ScriptedResolver({HOST: [["127.0.0.1"]]})
    url = receiver.url_for(HOST)
    try:
        if delivered:
            answer = await post(url, b"{}", {}, LOCAL_TLS, resolve=resolve, ssl_context=client_tls)
            assert answer.status == 200
            (request,) = receiver.requests
            assert request.headers["host"] == f"{HOST}:{receiver.port}"
        else:  # the certificate is valid, but for another name: the check uses the URL's host
            with pytest.raises(UnreachableError, match="CERTIFICATE_VERIFY_FAILED"):
                await post(url, b"{}", {}, LOCAL_TLS, resolve=resolve, ssl_context=client_tls)
            assert receiver.requests == []
    finally:
        await receiver.stop()
    assert names == [HOST]
