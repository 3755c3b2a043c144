"""A notifications service under test: a hand-moved clock, the scheduler fired on demand, a real
SMTP server (aiosmtpd), a real HTTP(S) receiver on 127.0.0.1 that records what arrives, and a
scripted DNS resolver for webhook and Slack host names."""

import asyncio
import contextlib
import email
import email.policy
import ipaddress
import json
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy import select

from contracts import EventPayload
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.envelope import Event
from kit.runtime import Runtime, ServiceDefinition
from kit.scheduler import Scheduler
from notifications.app import create_app
from notifications.models import Delivery, Program, WebhookDelivery, platform
from notifications.settings import NotificationsSettings
from notifications.webhooks.targets import IpAddress
from tests.backends import Backend
from tests.infra.apps import bearer, eventually, serve

ORG = "acme"


class Clock:
    """Now, moved by the test; the service's scheduling reads it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


class SmtpServer:
    """A real SMTP server (aiosmtpd) keeping every message it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self._mailbox = _Mailbox()
        self._controller = Controller(self._mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self._mailbox.messages

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server answering each POST with the next scripted status (then 200); HTTPS with
    `tls`."""

    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    port: int = 0
    tls: ssl.SSLContext | None = None
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return self.url_for("127.0.0.1")

    def url_for(self, host: str) -> str:
        """Its URL under another name (which a `ScriptedResolver` maps to 127.0.0.1)."""
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/hook"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        request_line, *lines = head.strip().split("\r\n")
        headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests.append(Received(request_line.split(" ")[1], headers, body))
        status = self.statuses.pop(0) if self.statuses else 200
        writer.write(
            f"HTTP/1.1 {status} Scripted\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        writer.close()


class ScriptedResolver:
    """DNS for tests: each name answers its scripted address lists in turn (the last one again
    and again); an unknown name does not resolve. `calls` records every lookup."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = {host: list(script) for host, script in (answers or {}).items()}
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[IpAddress]:
        self.calls.append(host)
        script = self.answers.get(host)
        if not script:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        current = script.pop(0) if len(script) > 1 else script[0]
        return [ipaddress.ip_address(address) for address in current]


def service_overrides(smtp: SmtpServer | None = None, **more: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "run_scheduler": False,
        "webhook_allow_private_targets": True,
        "webhook_require_https": False,
        "smtp_starttls": False,
        "delivery_backoff_seconds": 60.0,
        "delivery_max_attempts": 3,
    }
    if smtp is not None:
        values.update(smtp_host="127.0.0.1", smtp_port=smtp.port)
    values.update(more)
    return values


@dataclass
class Harness:
    app: FastAPI
    client: httpx.AsyncClient
    clock: Clock
    issuer: DevIssuer
    publish: Callable[..., Awaitable[Event]]
    backend: Backend | None = None

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def scheduler(self) -> Scheduler:
        definition: ServiceDefinition = self.app.state.definition
        return Scheduler(
            "notifications",
            self.runtime.sessions,
            definition.tables,
            definition.jobs,
            clock=self.clock,
        )

    async def fire(self) -> int:
        """Run every job due by the test's clock, as a replica's scheduler would."""
        return await self.scheduler().fire_due(limit=1000)

    def token(self, user: str, org: str = ORG, admin: bool = False) -> dict[str, str]:
        return bearer(self.issuer.mint(user, org, ["org_admin"] if admin else []))

    async def settled(self) -> None:
        """Wait until every event published so far is handled: before asserting that something
        did not happen (on Kafka a later event on another topic is no barrier)."""
        assert self.backend is not None, "a Harness made by `running` knows its backend"
        await self.backend.settled(self.runtime)

    async def inbox(self, user: str, org: str = ORG) -> list[dict[str, Any]]:
        response = await self.client.get("/v1/notifications", headers=self.token(user, org))
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def inbox_of_size(self, user: str, size: int, org: str = ORG) -> list[dict[str, Any]]:
        return await eventually(lambda: self.inbox(user, org), lambda found: len(found) >= size)

    async def send(self, payload: EventPayload, subject: str = "s", times: int = 1) -> Event:
        return await self.publish(payload, subject=subject, org_id=ORG, times=times)

    async def deliveries(self) -> Sequence[Delivery]:
        async with self.runtime.sessions() as session:
            return list(await session.scalars(select(Delivery).order_by(Delivery.created_at)))

    async def programs(self) -> list[str]:
        async with self.runtime.sessions() as session:
            return list(await session.scalars(select(Program.name)))

    async def webhook_deliveries(self) -> Sequence[WebhookDelivery]:
        async with self.runtime.sessions() as session:
            rows = await session.scalars(
                select(WebhookDelivery).order_by(WebhookDelivery.created_at)
            )
            return list(rows)

    async def emitted(self, event_type: str) -> list[dict[str, Any]]:
        """The data of the events of this type the service put in its outbox."""
        outbox = platform.outbox
        async with self.runtime.sessions() as session:
            rows = await session.execute(
                select(outbox.c.payload).where(outbox.c.type == event_type).order_by(outbox.c.id)
            )
            return [json.loads(row.payload)["data"] for row in rows]


def new_app(settings: NotificationsSettings, clock: Clock, **kwargs: Any) -> FastAPI:
    return create_app(settings, clock=clock, **kwargs)


@contextlib.asynccontextmanager
async def running(
    backend: Backend,
    clock: Clock,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    overrides: dict[str, Any],
    **app_kwargs: Any,
) -> AsyncIterator[Harness]:
    """The service on `backend` with these settings (see `service_overrides`), serving."""
    settings = backend.settings(NotificationsSettings, **overrides)
    app = new_app(settings, clock, bus=backend.bus, verifier=verifier, **app_kwargs)
    async with serve(app) as client:
        yield Harness(app, client, clock, issuer, backend.publish, backend)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
