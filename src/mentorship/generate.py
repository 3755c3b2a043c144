"""The contract files generated from code: event JSON Schemas, AsyncAPI, OpenAPI, GraphQL SDL.

`mentorship generate` rewrites them; `mentorship generate --check` (and the contracts tests)
fail when a committed file differs from what the code produces.
"""

import json
import warnings
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI
from pydantic_settings import BaseSettings

from contracts import PUBLISHED, EventPayload, topic_of
from kit.events.consumer import Consumer
from kit.events.deadletter import dlq_topic

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "libs" / "contracts"
SDL = ROOT / "gateway" / "schema.graphql"


def _published() -> list[type[EventPayload]]:
    return sorted(PUBLISHED.values(), key=lambda model: model.event_type)


def event_schemas() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for model in _published():
        schema = model.model_json_schema()
        schema["$id"] = f"https://mentorship.dev/events/{model.event_type}.json"
        schema["title"] = model.event_type
        files[CONTRACTS / "schemas" / f"{model.event_type}.json"] = _json(schema)
    return files


def asyncapi(consumers: dict[str, list[Consumer]]) -> str:
    models = _published()
    producers = sorted({model.producer() for model in models})
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for model in models:
        name = model.event_type.removeprefix("mentorship.").replace(".", "_")
        schemas[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        messages[name] = {
            "name": model.event_type,
            "title": model.event_type,
            "summary": (model.__doc__ or "").strip(),
            "contentType": "application/cloudevents+json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"#/components/schemas/{name}"},
        }
    schemas["CloudEventHeaders"] = _cloud_event_headers()
    for producer in producers:
        own = [m for m in models if m.producer() == producer]
        names = [m.event_type.removeprefix("mentorship.").replace(".", "_") for m in own]
        channels[producer] = {
            "address": topic_of(producer),
            "description": f"Events of the {producer} service, keyed by aggregate id; dead "
            f"letters of its consumers go to {dlq_topic(topic_of(producer))}.",
            "messages": {n: {"$ref": f"#/components/messages/{n}"} for n in names},
            "bindings": {
                "kafka": {
                    "topic": topic_of(producer),
                    "partitions": 6,
                    "replicas": 3,
                    "topicConfiguration": {"min.insync.replicas": 2},
                }
            },
        }
        operations[f"{producer}_publishes"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{producer}"},
            "summary": f"The {producer} service publishes through its transactional outbox.",
        }
    for service, service_consumers in sorted(consumers.items()):
        for consumer in service_consumers:
            for producer in sorted({t.split(".")[1] for t in consumer.handlers}):
                handled = sorted(t for t in consumer.handlers if t.split(".")[1] == producer)
                operations[f"{service}_{consumer.name}_receives_{producer}"] = {
                    "action": "receive",
                    "channel": {"$ref": f"#/channels/{producer}"},
                    "summary": f"{service} ({consumer.name}) handles: {', '.join(handled)}",
                    "messages": [
                        {
                            "$ref": f"#/channels/{producer}/messages/"
                            + t.removeprefix("mentorship.").replace(".", "_")
                        }
                        for t in handled
                    ],
                }
    document = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Mentorship backend events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in structured JSON mode, the attributes repeated as "
            "ce_* headers. Types are past-tense facts, versioned "
            "(mentorship.<service>.<entity>.<past_verb>.v<N>); evolution is FULL_TRANSITIVE.",
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
    return yaml.safe_dump(document, sort_keys=False, width=100)


def _cloud_event_headers() -> dict[str, Any]:
    names = [
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_specversion",
        "ce_time",
        "ce_subject",
        "ce_orgid",
        "ce_traceparent",
        "content-type",
    ]
    return {
        "type": "object",
        "required": names,
        "properties": {name: {"type": "string"} for name in names},
    }


def openapi(apps: dict[str, FastAPI]) -> dict[Path, str]:
    return {
        ROOT / "services" / name / "openapi.json": _json(app.openapi())
        for name, app in apps.items()
    }


def configuration_reference(settings: dict[str, type[BaseSettings]]) -> str:
    lines = [
        "# Configuration reference",
        "",
        "Generated from the settings classes by `make contracts`; do not edit by hand.",
        "Every service reads its settings from environment variables with its own prefix.",
        "",
    ]
    for service, cls in settings.items():
        prefix = str(cls.model_config.get("env_prefix", ""))
        lines += [f"## {service}", "", "| variable | default | meaning |", "|---|---|---|"]
        for name, field in cls.model_fields.items():
            default = "" if field.default is None else f"`{field.default}`"
            lines.append(f"| `{prefix}{name.upper()}` | {default} | {field.description or ''} |")
        lines.append("")
    return "\n".join(lines)


API_MODELS = ROOT / "gateway" / "src" / "gateway" / "api"


def api_models(documents: dict[str, str]) -> dict[Path, str]:
    """The gateway's pydantic models of each service's API, generated from its OpenAPI document
    (the text `openapi()` writes), so the gateway reads responses as the service declares them."""
    return {API_MODELS / f"{name}.py": _api_module(name, text) for name, text in documents.items()}


def _api_module(name: str, document: str) -> str:
    # A dev dependency: only `mentorship generate` and the contracts tests need it.
    from datamodel_code_generator import (
        Formatter,
        InputFileType,
        NamingStrategy,
        generate,
    )
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import DatetimeClassType, PythonVersion

    with warnings.catch_warnings():
        # The gateway only reads answers: a URL's length bounds are the service's to check.
        warnings.filterwarnings("ignore", message="fields holding AnyUrl are written without")
        code = generate(
            document,
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            use_annotated=True,
            use_standard_collections=True,
            use_union_operator=True,
            disable_timestamp=True,
            collapse_root_models=True,
            collapse_constrained_root_models_as_annotated=True,
            field_constraints=True,
            set_default_enum_member=True,
            # GraphQL enum values are UPPER_CASE like the schema's others; values stay the API's.
            capitalise_enum_members=True,
            # GraphQL's DateTime takes a datetime (pydantic's AwareDatetime is a class of its own).
            output_datetime_class=DatetimeClassType.Datetime,
            naming_strategy=NamingStrategy.ParentPrefixed,
            # A tolerant reader: a field a newer service adds does not break the gateway's parsing.
            extra_fields="ignore",
            # A field with a default is never null in an answer (only when its schema says so).
            strict_nullable=True,
            use_schema_description=True,
            formatters=[Formatter.RUFF_FORMAT],
            custom_file_header=f'"""The {name} service\'s API models, generated from '
            f'services/{name}/openapi.json by `mentorship generate`; do not edit."""',
        )
    assert isinstance(code, str)
    return _ruff(code, API_MODELS / f"{name}.py")


def _ruff(code: str, path: Path) -> str:
    """The code as the repository's ruff (fix, then format) leaves it, so lint and the stale
    check agree."""
    import subprocess
    import sys

    ruff = Path(sys.executable).parent / "ruff"
    for args in (["check", "--fix-only", "--quiet"], ["format", "--quiet"]):
        code = subprocess.run(
            [str(ruff), *args, "--stdin-filename", str(path), "-"],
            input=code,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return code


def gateway_sdl() -> str:
    from gateway.schema import build_schema
    from gateway.settings import GatewaySettings

    return build_schema(GatewaySettings()).as_str() + "\n"


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def expected_files(*, sdl: bool = True) -> dict[Path, str]:
    from feedback.app import DEFINITION as FEEDBACK
    from feedback.app import create_app as feedback
    from feedback.settings import FeedbackSettings
    from gateway.settings import GatewaySettings
    from goals.app import DEFINITION as GOALS
    from goals.app import create_app as goals
    from goals.settings import GoalsSettings
    from matching.app import DEFINITION as MATCHING
    from matching.app import create_app as matching
    from matching.settings import MatchingSettings
    from notifications.app import DEFINITION as NOTIFICATIONS
    from notifications.app import create_app as notifications
    from notifications.settings import NotificationsSettings

    definitions = (MATCHING, GOALS, FEEDBACK, NOTIFICATIONS)
    files = event_schemas()
    files[CONTRACTS / "asyncapi.yaml"] = asyncapi({d.name: list(d.consumers) for d in definitions})
    documents = openapi(
        {
            "matching": matching(),
            "goals": goals(),
            "feedback": feedback(),
            "notifications": notifications(),
        }
    )
    files.update(documents)
    files.update(api_models({path.parent.name: text for path, text in documents.items()}))
    if sdl:
        files[SDL] = gateway_sdl()
    files[ROOT / "docs" / "configuration.md"] = configuration_reference(
        {
            "matching": MatchingSettings,
            "goals": GoalsSettings,
            "feedback": FeedbackSettings,
            "notifications": NotificationsSettings,
            "gateway": GatewaySettings,
        }
    )
    return files


def stale_files() -> list[Path]:
    expected = expected_files()
    stale = [
        path for path, text in expected.items() if not path.exists() or path.read_text() != text
    ]
    stale += [p for p in (CONTRACTS / "schemas").glob("*.json") if p not in expected]
    return sorted(stale)


def write_files() -> list[Path]:
    # The SDL comes from importing the gateway, which imports the models generated here: it is
    # derived in a fresh process once they are written, so that a change of a service's API
    # reaches it in one run (and stale models on disk cannot stop the run).
    expected = expected_files(sdl=False)
    for old in (CONTRACTS / "schemas").glob("*.json"):
        if old not in expected:
            old.unlink()
    changed = []
    for path, text in expected.items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(path)
    import subprocess
    import sys

    sdl = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mentorship.generate import gateway_sdl as s; print(s(), end='')",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    if not SDL.exists() or SDL.read_text() != sdl:
        SDL.write_text(sdl)
        changed.append(SDL)
    return changed
