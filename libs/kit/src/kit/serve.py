"""Run one service as its own process (the distributed mode), or migrate its database.

    python -m kit.serve matching                  # serve on $PORT (default 8000)
    python -m kit.serve migrate matching          # alembic upgrade head on MATCHING_DATABASE_URL
    python -m kit.serve some.module:create_app    # any app factory

On SIGTERM uvicorn stops accepting connections and finishes the requests in flight; then the
app's lifespan lets the consumers finish their message, commit and leave their group, and the
relay finish its batch, within `--grace` seconds.
"""

import argparse
import importlib
import os
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI

from kit.headlimit import bounded_httptools
from kit.logging import configure_logging
from kit.migrations import upgrade_head
from kit.runtime import ServiceDefinition
from kit.settings import EdgeSettings, ServiceSettings

SERVICES = ("matching", "goals", "feedback", "notifications", "gateway")


def app_factory(target: str) -> Callable[[], FastAPI]:
    module_name, _, attribute = target.partition(":")
    if not attribute:
        module_name, attribute = f"{target}.app", "create_app"
    factory: Callable[[], FastAPI] = getattr(importlib.import_module(module_name), attribute)
    return factory


def settings_class(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{service}.settings")
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value is not ServiceSettings
    ]
    if len(found) != 1:
        raise SystemExit(f"{service}.settings must define exactly one ServiceSettings class")
    return found[0]


def migrate(service: str) -> None:
    definition: ServiceDefinition = importlib.import_module(f"{service}.app").DEFINITION
    settings: Any = settings_class(service)()
    upgrade_head(definition.migrations_dir, settings.database_url)
    print(f"{service}: migrated to head")


def edge_settings(target: str) -> EdgeSettings:
    """The edge limits of `target` (its settings class, read from its environment), or the
    defaults for a target that has none."""
    module_name = target.partition(":")[0].partition(".")[0]
    try:
        module = importlib.import_module(f"{module_name}.settings")
    except ImportError:
        return EdgeSettings()
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, EdgeSettings)
        and value not in (EdgeSettings, ServiceSettings)
    ]
    return found[0]() if len(found) == 1 else EdgeSettings()


def serve(target: str, host: str, port: int, grace: float) -> None:
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    edge = edge_settings(target)
    uvicorn.run(
        app_factory(target),
        factory=True,
        host=host,
        port=port,
        # The fast pair (uvicorn[standard]): libuv's event loop and llhttp's parser, the latter
        # refusing oversized request heads while they arrive (431).
        loop="uvloop",
        http=bounded_httptools(edge.max_header_bytes, edge.max_header_count),
        # Longer than the ingress's and the gateway's idle connections, so that the server is
        # never the one closing a connection a client is about to reuse.
        timeout_keep_alive=75,
        timeout_graceful_shutdown=int(grace),
        proxy_headers=True,
        forwarded_allow_ips=edge.forwarded_allow_ips,
        access_log=False,
        log_config=None,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kit.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", help=f"{', '.join(SERVICES)}, migrate, or module:factory")
    parser.add_argument("service", nargs="?", help="with `migrate`: the service to migrate")
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--grace",
        type=float,
        default=float(os.environ.get("GRACE_SECONDS", 20)),
        help="seconds allowed for in-flight requests on SIGTERM",
    )
    args = parser.parse_args(argv)
    if args.target == "migrate":
        if not args.service:
            parser.error("migrate needs a service name")
        migrate(args.service)
    else:
        serve(args.target, args.host, args.port, args.grace)


if __name__ == "__main__":
    main()
