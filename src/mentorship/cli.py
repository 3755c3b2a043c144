"""`mentorship`: what operators and developers do by hand."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from mentorship import commands

app = typer.Typer(help="The mentorship backend's command line.", no_args_is_help=True)
dlq = typer.Typer(help="Dead letters.", no_args_is_help=True)
app.add_typer(dlq, name="dlq")

DataDir = Annotated[Path, typer.Option(help="Where the embedded mode keeps its SQLite files.")]


@app.command()
def run(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    data_dir: DataDir = Path("data"),
) -> None:
    """Run the whole backend in one process: SQLite, the in-process bus, a dev token issuer."""
    import uvicorn

    from mentorship.embedded import create_embedded_app

    typer.echo(f"Mint a token with: mentorship token --data-dir {data_dir} --sub alice --org acme")
    # Links (calendar feeds...) name this address; a wildcard bind is reached at loopback here.
    link_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    public_url = (
        f"http://[{link_host}]:{port}" if ":" in link_host else f"http://{link_host}:{port}"
    )
    uvicorn.run(create_embedded_app(data_dir, public_url), host=host, port=port)


@app.command("dev")
def dev(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    data_dir: DataDir = Path("data"),
) -> None:
    """The embedded backend, like `run`."""
    run(host=host, port=port, data_dir=data_dir)


@app.command()
def token(
    sub: Annotated[str, typer.Option(help="The user id")] = "alice",
    org: Annotated[str, typer.Option(help="The tenant")] = "acme",
    role: Annotated[list[str] | None, typer.Option(help="Roles, e.g. org_admin")] = None,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds")] = 8 * 3600,
    data_dir: DataDir = Path("data"),
) -> None:
    """Mint a development token signed by the embedded mode's local issuer."""
    from mentorship.issuer import dev_issuer

    typer.echo(dev_issuer(data_dir).mint(sub, org, role or [], ttl))


@app.command()
def migrate(
    service: Annotated[str, typer.Argument(help="matching, goals, feedback or notifications")],
    database_url: Annotated[str, typer.Option(envvar="DATABASE_URL", help="Async SQLAlchemy URL")],
) -> None:
    """Apply a service's migrations to its database."""
    from kit.migrations import upgrade_head
    from mentorship.embedded import SERVICES

    if service not in SERVICES:
        raise typer.BadParameter(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    root = Path(__file__).resolve().parents[2]
    upgrade_head(root / "services" / service / "migrations", database_url)
    typer.echo(f"{service}: migrated to head")


@dlq.command("list")
def list_dead_letters(
    topic: Annotated[str, typer.Argument(help="Original topic, e.g. mentorship.matching.events")],
    bootstrap_servers: Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS")],
) -> None:
    """Show the dead letters of a topic (reason, consumer, error) without consuming them."""
    from kit.events.deadletter import dlq_topic
    from kit.events.kafka import read_topic

    records = asyncio.run(read_topic(bootstrap_servers, dlq_topic(topic)))
    for record in records:
        header = {name: value.decode(errors="replace") for name, value in record.headers}
        typer.echo(
            f"{header.get('dlq_original_partition', '?')}:{header.get('dlq_original_offset', '?')}"
            f"  {header.get('ce_type', '(no type)')}  {header.get('dlq_reason', '')}"
            f"  consumer={header.get('dlq_consumer', '')}  {header.get('dlq_error', '')}"
        )
    typer.echo(f"{len(records)} dead letters on {dlq_topic(topic)}")


@dlq.command("replay")
def replay_dead_letters(
    topic: Annotated[str, typer.Argument(help="Original topic, e.g. mentorship.matching.events")],
    bootstrap_servers: Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS")],
    group: Annotated[str, typer.Option(help="Consumer group of the replayer")] = "dlq-replay",
) -> None:
    """Send the dead letters of a topic back to it, after the cause was fixed."""
    from kit.events.deadletter import dlq_topic, replay
    from kit.events.kafka import KafkaPublisher, KafkaSubscription

    async def main() -> int:
        subscription = KafkaSubscription(bootstrap_servers, group, [dlq_topic(topic)], group)
        publisher = KafkaPublisher(bootstrap_servers, client_id=group)
        await subscription.start()
        await publisher.start()
        try:
            return await replay(subscription, publisher)
        finally:
            await publisher.stop()
            await subscription.stop()

    typer.echo(f"replayed {asyncio.run(main())} dead letters to {topic}")


@app.command()
def generate(
    check: Annotated[bool, typer.Option(help="Fail if a committed file is stale")] = False,
) -> None:
    """Regenerate the contract files: event JSON Schemas, AsyncAPI, OpenAPI."""
    from mentorship.generate import ROOT, stale_files, write_files

    if check:
        stale = stale_files()
        for path in stale:
            typer.echo(f"stale: {path.relative_to(ROOT)}", err=True)
        if stale:
            typer.echo("run `make contracts` and commit the result", err=True)
            raise typer.Exit(1)
        typer.echo("contract files are up to date")
        return
    for path in write_files():
        typer.echo(f"wrote {path.relative_to(ROOT)}")


commands.register(app)
