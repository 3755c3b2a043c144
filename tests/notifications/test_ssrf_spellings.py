"""Only globally routable unicast addresses receive webhooks and Slack messages, however an
address is spelled (issue 12, item 4): IPv4 inside IPv6 transition forms, site-local, odd IPv4
spellings, special-purpose ranges. One policy (`address_refusal`) for every sink, at
registration and at every delivery attempt."""

import contextlib
import functools
import ipaddress
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from notifications.settings import NotificationsSettings
from notifications.webhooks.egress import post
from notifications.webhooks.targets import (
    TargetRefusedError,
    address_refusal,
    check_target,
    resolve_target,
)
from tests.infra.apps import eventually, serve
from tests.infra.events import publish_to_bus
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    ScriptedResolver,
    new_app,
    service_overrides,
)

STRICT = NotificationsSettings(webhook_allow_private_targets=False, webhook_require_https=False)
PUBLIC = "93.184.216.34"
NAME = "hooks.example.test"

NON_PUBLIC = [
    "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254
    "::ffff:0:a9fe:a9fe",  # IPv4-translated (SIIT) 169.254.169.254
    "::ffff:a9fe:a9fe",  # IPv4-mapped
    "::127.0.0.1",
    "::ffff:0:127.0.0.1",
    "::ffff:10.0.0.7",
    "::10.0.0.7",
    "fec0::1",  # site-local (deprecated, still routed internally)
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::1",
    "::",
    "ff02::1",  # multicast
    "ff0e::1",  # global-scope multicast: not unicast
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::10.0.0.7",
    "64:ff9b:1::a9fe:a9fe",  # local-use NAT64 prefix
    "64:ff9b:1::808:808",
    "2001:0:4136:e378:8000:63bf:f5ff:fff8",  # Teredo, client 10.0.0.7
    "2001:db8::1",  # documentation
    "3fff::1",  # documentation (RFC 9637)
    "100::1",  # discard-only
    "0.0.0.0",
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",  # carrier-grade NAT
    "100.127.255.254",
    "198.18.0.1",  # benchmarking
    "198.19.255.255",
    "192.0.0.8",  # IETF protocol assignments
    "192.0.2.1",  # documentation
    "198.51.100.1",
    "203.0.113.1",
    "192.88.99.1",  # 6to4 relay anycast (deprecated)
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
]
PUBLIC_ADDRESSES = [
    PUBLIC,
    "8.8.8.8",
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8 (an IPv6-only cluster behind DNS64)
]
LITERAL_URLS = [
    "http://[::a9fe:a9fe]/",
    "http://[::ffff:0:a9fe:a9fe]/",
    "http://[::127.0.0.1]/",
    "http://[fec0::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::]/",
    "http://[::1]:8080/",
    "http://[fe80::1%25eth0]/",
    "http://[2001:4860:4860::8888%25eth0]/",  # a zone is never needed on the internet
    "http://2852039166/",  # 169.254.169.254 as one number
    "http://0xa9fea9fe/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0251.0376.0251.0376/",  # octal (httpx itself refuses this spelling)
    "http://169.254.43518/",
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://169.254.169.254./",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://metadata.localhost/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://100.64.0.1/",
    "http://198.18.0.1/",
    "http://192.0.2.1/",
    "http://134744072/",  # 8.8.8.8, public, but spelled so that nobody can review it
    "http://1.2.3.999/",
]


@pytest.mark.unit
@pytest.mark.parametrize("address", NON_PUBLIC)
def test_only_globally_routable_unicast_addresses_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.unit
@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_unicast_addresses_and_their_transition_forms_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.unit
@pytest.mark.parametrize("url", LITERAL_URLS)
async def test_a_url_spelling_a_non_public_address_is_refused_without_a_lookup(url: str) -> None:
    resolver = ScriptedResolver()  # resolves nothing: every refusal here is the URL's own
    with pytest.raises(TargetRefusedError):
        await check_target(url, STRICT, resolver)
    with pytest.raises(TargetRefusedError):
        await resolve_target(url, STRICT, resolver)
    with pytest.raises(TargetRefusedError):
        await post(url, b"{}", {}, STRICT, resolve=resolver)
    assert resolver.calls == []


@pytest.mark.unit
@pytest.mark.parametrize("address", NON_PUBLIC)
async def test_a_name_resolving_to_a_non_public_address_is_refused(address: str) -> None:
    resolver = ScriptedResolver({NAME: [[PUBLIC, address]]})
    with pytest.raises(TargetRefusedError, match="a non-public address"):
        await check_target(f"https://{NAME}/hook", STRICT, resolver)
    with pytest.raises(TargetRefusedError, match="a non-public address"):
        await resolve_target(f"https://{NAME}/hook", STRICT, resolver)


@pytest.mark.unit
async def test_a_public_literal_in_canonical_form_is_pinned() -> None:
    target = await resolve_target("https://[2001:4860:4860::8888]/x", STRICT, ScriptedResolver())
    assert target.addresses == (ipaddress.ip_address("2001:4860:4860::8888"),)
    target = await resolve_target("https://8.8.8.8./x", STRICT, ScriptedResolver())
    assert target.addresses == (ipaddress.ip_address("8.8.8.8"),)


@contextlib.asynccontextmanager
async def strict_service(
    tmp_path: Path,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    clock: Clock,
    resolver: ScriptedResolver,
) -> AsyncIterator[Harness]:
    settings = NotificationsSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'ssrf.db'}",
        auto_migrate=True,
        log_json=False,
        **service_overrides(webhook_allow_private_targets=False, webhook_require_https=True),
    )
    bus = InProcessBus()
    app = new_app(settings, clock, bus=bus, verifier=verifier, resolve=resolver)
    async with serve(app) as client:
        yield Harness(app, client, clock, issuer, functools.partial(publish_to_bus, bus))


SPELLED = ["::a9fe:a9fe", "::ffff:0:a9fe:a9fe", "::127.0.0.1", "fec0::1"]


@pytest.mark.embedded
async def test_every_sink_refuses_the_spellings_at_registration(
    tmp_path: Path, verifier: TokenVerifier, issuer: DevIssuer, clock: Clock
) -> None:
    """Webhooks, the program's Slack and a person's own Slack (checked for syntax only until
    now): the literal spellings, and a name that resolves to them."""
    resolver = ScriptedResolver({f"h{n}.example.test": [[a]] for n, a in enumerate(SPELLED)})
    async with strict_service(tmp_path, verifier, issuer, clock, resolver) as h:
        await h.send(ev.program(admins=["ada"]))
        await eventually(h.programs, lambda known: len(known) == 1)
        urls = [f"https://[{a}]/hook" for a in SPELLED]
        urls += [f"https://h{n}.example.test/hook" for n in range(len(SPELLED))]
        sinks: list[tuple[str, str, str, dict[str, str]]] = [
            ("post", "/v1/webhook-endpoints", "url", h.token("ada", admin=True)),
            ("put", f"/v1/programs/{ev.PROGRAM}/slack", "slack_webhook_url", h.token("ada")),
            ("put", "/v1/preferences", "slack_webhook_url", h.token(ev.MENTEE)),
        ]
        for method, path, field, headers in sinks:
            for url in urls:
                body: dict[str, Any] = {field: url}
                response = await h.client.request(method, path, json=body, headers=headers)
                assert response.status_code == 422, (path, url, response.text)
                assert response.json()["field"] == field


@pytest.mark.embedded
@pytest.mark.parametrize("spelled", SPELLED)
async def test_every_sink_refuses_the_spellings_at_delivery(
    tmp_path: Path, verifier: TokenVerifier, issuer: DevIssuer, clock: Clock, spelled: str
) -> None:
    """Names that were public at registration and answer a spelled address at delivery: the
    webhook and both Slack deliveries fail for good, naming the address, and nothing is sent."""
    hooks, own, program = "hooks.example.test", "own.slack.test", "program.slack.test"
    resolver = ScriptedResolver({name: [[PUBLIC], [spelled]] for name in (hooks, own, program)})
    async with strict_service(tmp_path, verifier, issuer, clock, resolver) as h:
        await h.send(ev.program(admins=["ada"]))
        await h.send(ev.enrolled("maria", "mentor"))
        await h.send(ev.enrolled("tom"))
        await eventually(h.programs, lambda known: len(known) == 1)
        admin = h.token("ada", admin=True)
        created = await h.client.post(
            "/v1/webhook-endpoints", json={"url": f"https://{hooks}/hook"}, headers=admin
        )
        assert created.status_code == 201, created.text
        channel = await h.client.put(
            f"/v1/programs/{ev.PROGRAM}/slack",
            json={"slack_webhook_url": f"https://{program}/services/x"},
            headers=h.token("ada"),
        )
        assert channel.status_code == 200, channel.text
        for user, preferences in (
            ("maria", {"slack_webhook_url": f"https://{own}/services/y"}),
            ("tom", {}),  # tom's Slack messages go to the program's channel
        ):
            body = {**preferences, "channels": {"matches": ["slack"]}}
            chose = await h.client.put("/v1/preferences", json=body, headers=h.token(user))
            assert chose.status_code == 200, chose.text

        await h.send(ev.match_accepted(), subject=str(ev.MATCH))
        await eventually(h.deliveries, lambda rows: {d.user_id for d in rows} >= {"maria", "tom"})
        await eventually(h.webhook_deliveries, lambda rows: len(rows) >= 1)
        await h.fire()

        slack = {d.user_id: d for d in await h.deliveries() if d.channel == "slack"}
        for user in ("maria", "tom"):
            assert (slack[user].status, slack[user].attempts) == ("failed", 1)
            assert "a non-public address" in (slack[user].last_error or "")
        hooks_log = await h.webhook_deliveries()
        assert [(d.status, d.attempts, d.response_status) for d in hooks_log] == [("failed", 1, -1)]
        assert str(ipaddress.ip_address(spelled)) in (hooks_log[0].last_error or "")
