"""What a running service holds: database, outbox relay, consumers and the transport between."""

import asyncio
import functools
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from contracts import topic_of
from kit.auth import JwksKeySource, StaticKeySource, TokenVerifier
from kit.db import (
    CommitDurability,
    HookedSession,
    commit_durability,
    commit_hooks,
    create_engine,
    database_unavailable,
    read_only,
)
from kit.events.bus import InProcessBus
from kit.events.consumer import Consumer, ConsumerRunner
from kit.events.deadletter import dlq_topic
from kit.events.kafka import KafkaPublisher, KafkaSubscription, ensure_topics
from kit.events.outbox import RELAY_WAKE_UP, Outbox
from kit.events.relay import OutboxRelay
from kit.events.transport import Publisher, Subscription
from kit.migrations import upgrade_head
from kit.scheduler import SCHEDULER_WAKE_UP, JobHandler, Scheduler
from kit.settings import ServiceSettings
from kit.tables import PlatformTables

log = structlog.get_logger(__name__)
DURABILITY_RECHECK_SECONDS = 5.0


@dataclass(frozen=True)
class ServiceDefinition:
    """What a service is made of; its `app.py` declares one."""

    name: str
    metadata: MetaData
    tables: PlatformTables
    migrations_dir: Path
    consumers: Sequence[Consumer] = ()
    jobs: Mapping[str, JobHandler] = field(default_factory=dict)
    """Handlers of the scheduled job kinds this service fires (see `kit.scheduler`)."""
    warm_up: Callable[[], None] | None = None
    """Blocking one-off work that makes the first requests fast (loading compiled code); it
    runs in a worker thread after start and never delays readiness."""


@dataclass
class Runtime:
    definition: ServiceDefinition
    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    publisher: Publisher
    relay: OutboxRelay | None = None
    scheduler: Scheduler | None = None
    runners: list[ConsumerRunner] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    durability: CommitDurability | None = None
    """The server's commit settings, once known (None also for SQLite, which is exempt)."""
    durability_known: bool = False
    _durability_asked_at: float = float("-inf")
    read_sessions: async_sessionmaker[AsyncSession] | None = None
    """Sessions for requests that only read (GET, HEAD): on PostgreSQL without a transaction,
    see `reading_sessions`; None: `sessions`."""

    async def database_ready(self) -> bool:
        try:
            async with asyncio.timeout(2), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def check_durability(self) -> bool:
        """Whether commits are durable (or allowed not to be). Asks the server until it has
        answered, and again every few seconds while the answer is "not durable", so that an
        operator's fix shows without a restart; logs each answer that changed."""
        loop = asyncio.get_running_loop()
        stale = loop.time() - self._durability_asked_at >= DURABILITY_RECHECK_SECONDS
        if not self.durability_known or (stale and not self._durable_enough()):
            self._durability_asked_at = loop.time()
            try:
                async with asyncio.timeout(2):
                    found = await commit_durability(self.engine)
            except Exception as exc:
                if not database_unavailable(exc):
                    log.exception("durability_check_failed", service=self.definition.name)
                return self.durability_known and self._durable_enough()
            changed = not self.durability_known or found != self.durability
            self.durability, self.durability_known = found, True
            if changed:
                self._log_durability()
        return self._durable_enough()

    def _durable_enough(self) -> bool:
        return self.durability is None or self.durability.durable or self._nondurable_allowed

    @property
    def _nondurable_allowed(self) -> bool:
        return self.settings.allow_nondurable_commits

    def durability_problem(self) -> str | None:
        if self.durability is None or self._nondurable_allowed:
            return None
        return self.durability.problem

    def _log_durability(self) -> None:
        found = self.durability
        if found is None:
            return
        name = self.definition.name
        if not found.durable:
            if self._nondurable_allowed:
                log.warning(
                    "database_commits_not_durable_allowed",
                    service=name,
                    synchronous_commit=found.synchronous_commit,
                )
            else:
                log.error("database_commits_not_durable", service=name, problem=found.problem)
        if found.fsync.lower() == "off":
            log.warning(
                "database_fsync_off",
                service=name,
                meaning="commits survive a crash of PostgreSQL, not of the machine: "
                "acceptable for a throwaway test server only",
            )

    async def wait_durable(self) -> None:
        """Until the database's commits are known to be durable (or allowed not to be)."""
        while not await self.check_durability():  # noqa: ASYNC110 - the server has no event
            await asyncio.sleep(DURABILITY_RECHECK_SECONDS)

    async def readiness(self) -> tuple[dict[str, bool], str]:
        """The readiness checks and, when one fails, a sentence saying why."""
        checks = {
            "database": await self.database_ready(),
            "durable_commits": await self.check_durability(),
            "consumers": self.consumers_ready(),
        }
        failing = ", ".join(name for name, ok in checks.items() if not ok)
        detail = f"Not ready: {failing}."
        if problem := self.durability_problem():
            detail += f" The {problem}."
        return checks, detail

    def consumers_ready(self) -> bool:
        return all(runner.running for runner in self.runners)

    async def stop(self, grace_seconds: float = 20.0) -> None:
        """Let consumers finish their message and commit, and the relay its batch; then close."""
        for runner in self.runners:
            runner.stop()
        if self.relay is not None:
            self.relay.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.tasks:
            _, pending = await asyncio.wait(self.tasks, timeout=grace_seconds)
            for task in pending:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.publisher.stop()
        await self.engine.dispose()


def reading_sessions(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> async_sessionmaker[AsyncSession] | None:
    """On PostgreSQL, `sessions` whose connections autocommit: a read then costs one round
    trip, not three (BEGIN, the query, COMMIT: in the profile of a program read under load,
    BEGIN and COMMIT were a fifth of matching's samples, each a wake-up of the server). A read
    loses nothing by it: under READ COMMITTED every statement takes its own snapshot inside a
    transaction too. Only requests that must not write get these (the request boundary,
    `kit.app`, gives them to GET and HEAD; a write there raises `WriteInReadError`); a
    SELECT ... FOR UPDATE there would lock nothing.
    None on SQLite, whose reads keep their transaction."""
    if engine.dialect.name != "postgresql":
        return None
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    # The same options and the same `info` (outbox, commit hooks), on the same pool; writes
    # are refused, since nothing would make them all-or-nothing here.
    return async_sessionmaker(
        **{
            **sessions.kw,
            "bind": autocommit,
            "sync_session_class": read_only(sessions.kw.get("sync_session_class", Session)),
        },
        class_=sessions.class_,
    )


def make_verifier(settings: ServiceSettings) -> TokenVerifier | None:
    if settings.jwks_url:
        return TokenVerifier(
            JwksKeySource(settings.jwks_url), settings.jwt_issuer, settings.jwt_audience
        )
    if settings.jwt_public_key_file:
        return TokenVerifier(
            StaticKeySource.from_file(settings.jwt_public_key_file),
            settings.jwt_issuer,
            settings.jwt_audience,
        )
    return None


async def start_runtime(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    bus: InProcessBus | None = None,
    migrate: bool = False,
) -> Runtime:
    if migrate:
        await asyncio.to_thread(upgrade_head, definition.migrations_dir, settings.database_url)
    engine = create_engine(settings.database_url)
    namespace = settings.topic_namespace
    outbox = Outbox(definition.tables, namespace)
    hooks: dict[str, Callable[[], None]] = {}
    sessions = async_sessionmaker(
        engine,
        expire_on_commit=False,
        autoflush=False,
        sync_session_class=HookedSession,
        info={"outbox": outbox, "platform": definition.tables, **commit_hooks(hooks)},
    )
    publisher = await _start_publisher(definition, settings, bus)
    runtime = Runtime(definition, settings, engine, sessions, publisher)
    runtime.read_sessions = reading_sessions(engine, sessions)
    await runtime.check_durability()
    if settings.run_relay:
        runtime.relay = OutboxRelay(
            definition.name,
            sessions,
            definition.tables,
            publisher,
            batch_size=settings.relay_batch_size,
            idle_seconds=settings.relay_idle_seconds,
            probe_sessions=runtime.read_sessions,
        )
        hooks[RELAY_WAKE_UP] = runtime.relay.notify
        runtime.tasks.append(asyncio.create_task(runtime.relay.run(), name="outbox-relay"))
    if settings.run_scheduler and definition.jobs:
        runtime.scheduler = Scheduler(
            definition.name,
            sessions,
            definition.tables,
            definition.jobs,
            idle_seconds=settings.scheduler_idle_seconds,
            probe_sessions=runtime.read_sessions,
        )
        hooks[SCHEDULER_WAKE_UP] = runtime.scheduler.notify
        runtime.tasks.append(asyncio.create_task(runtime.scheduler.run(), name="scheduler"))
    if settings.run_consumers:
        for consumer in definition.consumers:
            runner = ConsumerRunner(
                definition.name,
                consumer,
                functools.partial(_subscription, definition, settings, consumer, bus),
                sessions,
                definition.tables,
                publisher,
                max_retries=settings.consumer_max_retries,
                backoff_seconds=settings.consumer_retry_backoff_seconds,
            )
            runtime.runners.append(runner)
            runtime.tasks.append(
                asyncio.create_task(_supervise(runtime, runner), name=consumer.name)
            )
    if definition.warm_up is not None:
        runtime.tasks.append(asyncio.create_task(_warm_up(definition.warm_up), name="warm-up"))
    return runtime


async def _warm_up(work: Callable[[], None]) -> None:
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def run() -> None:
        try:
            work()
        except BaseException as exc:
            loop.call_soon_threadsafe(_settle, done, exc)
        else:
            loop.call_soon_threadsafe(_settle, done, None)

    # A daemon thread, not the default executor: the interpreter joins executor threads at
    # exit, so a SIGTERM during a long first compilation (a new pod) kept the process alive
    # past its grace period until Kubernetes killed it (found by the containers tier).
    threading.Thread(target=run, name="warm-up", daemon=True).start()
    try:
        await done
    except Exception:
        # Only the first requests get slower; the service itself is fine.
        log.exception("warm_up_failed")
        return
    log.info("warm_up_done", seconds=round(time.perf_counter() - started, 3))


def _settle(future: "asyncio.Future[None]", error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


async def _start_publisher(
    definition: ServiceDefinition, settings: ServiceSettings, bus: InProcessBus | None
) -> Publisher:
    if bus is not None:
        return bus.publisher()
    if not settings.kafka_bootstrap_servers:
        raise RuntimeError(
            f"{definition.name}: set KAFKA_BOOTSTRAP_SERVERS, or run embedded (in-process bus)"
        )
    namespace = settings.topic_namespace
    topics = [topic_of(definition.name, namespace)]
    for consumer in definition.consumers:
        for topic in consumer.topics(namespace):
            topics += [topic, dlq_topic(topic)]
    await ensure_topics(settings.kafka_bootstrap_servers, topics, settings.topic_partitions)
    publisher = KafkaPublisher(settings.kafka_bootstrap_servers, client_id=definition.name)
    await publisher.start()
    return publisher


def _subscription(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    consumer: Consumer,
    bus: InProcessBus | None,
) -> Subscription:
    group = f"{settings.consumer_group or definition.name}.{consumer.name}"
    topics = consumer.topics(settings.topic_namespace)
    if bus is not None:
        return bus.subscription(group, topics)
    assert settings.kafka_bootstrap_servers
    return KafkaSubscription(
        settings.kafka_bootstrap_servers,
        group,
        topics,
        client_id=f"{definition.name}.{consumer.name}",
    )


async def _supervise(runtime: Runtime, runner: ConsumerRunner) -> None:
    """Restart a consumer that crashed (a broker hiccup), instead of leaving it dead.

    A consumer starts only on durable commits: it commits Kafka offsets after its database
    commit, which must then survive a crash of the database server.
    """
    waiting = asyncio.create_task(runtime.wait_durable())
    stopping = asyncio.create_task(runner.wait_stopping())
    await asyncio.wait([waiting, stopping], return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    stopping.cancel()
    if runner.stopping:
        return
    while True:
        try:
            await runner.run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("consumer_crashed", consumer=runner.name)
            if runner.stopping:
                return
            await asyncio.sleep(1.0)
