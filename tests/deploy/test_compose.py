"""docker-compose.yml (with and without the development override) conforms to the Compose
Specification, and every service, variable, port and dependency it names exists in the code.
No Docker engine runs here, so this is what can be checked offline."""

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml

from contracts import producers, topic_of
from gateway.settings import GatewaySettings
from kit.events.deadletter import dlq_topic
from kit.serve import SERVICES as SERVABLE
from kit.serve import settings_class
from tests.deploy.manifests import ROOT, SCHEMAS, SERVICES

pytestmark = pytest.mark.deploy


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / name).read_text())
    return document


def merged() -> dict[str, Any]:
    """The override on top of the base, as `docker compose` merges mappings."""

    def merge(base: Any, extra: Any) -> Any:
        if isinstance(base, dict) and isinstance(extra, dict):
            return {k: merge(base.get(k), v) if k in base else v for k, v in extra.items()} | {
                k: v for k, v in base.items() if k not in extra
            }
        return extra

    return dict(merge(load("docker-compose.yml"), load("docker-compose.override.yml")))


@pytest.mark.parametrize("document", ["base", "with-override"])
def test_the_compose_files_conform_to_the_compose_specification(document: str) -> None:
    schema = json.loads((SCHEMAS / "compose-spec.json").read_text())
    compose = load("docker-compose.yml") if document == "base" else merged()
    jsonschema.Draft201909Validator(schema).validate(compose)


def test_a_malformed_compose_file_is_rejected_by_the_schema() -> None:
    schema = json.loads((SCHEMAS / "compose-spec.json").read_text())
    broken = load("docker-compose.yml")
    broken["services"]["goals"]["depends_on"]["postgres"]["condition"] = "whenever"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(broken)


def test_every_built_service_is_one_the_image_can_serve_and_every_variable_is_a_setting() -> None:
    services = merged()["services"]
    built = {
        name: service["build"]["args"]["SERVICE"]
        for name, service in services.items()
        if "build" in service and "args" in service["build"]
    }
    assert set(built.values()) == set(SERVABLE)
    base = load("docker-compose.yml")["services"]
    for name, service_name in built.items():
        fields = (
            GatewaySettings.model_fields
            if service_name == "gateway"
            else settings_class(service_name).model_fields
        )
        for variable in services[name].get("environment", {}):
            if variable.startswith("OTEL_"):
                continue  # OpenTelemetry's own variables, read by its SDK
            prefix, _, field = variable.partition("_")
            assert prefix == service_name.upper(), f"{name}: {variable}"
            assert field.lower() in fields, f"{name}: {variable} is not a {service_name} setting"
        # What a server refuses to start without: token keys (a JWKS in the base file, the
        # dev issuer's public key with the override) and Kafka. Migration jobs need neither.
        if "migrate" not in services[name].get("command", []):
            prefix = service_name.upper()
            assert f"{prefix}_JWKS_URL" in base[name]["environment"], name
            assert f"{prefix}_KAFKA_BOOTSTRAP_SERVERS" in base[name]["environment"], name
            assert services[name]["environment"].get(f"{prefix}_JWT_PUBLIC_KEY_FILE"), name


def test_dependencies_exist_and_services_start_after_their_migration_and_topics() -> None:
    services = load("docker-compose.yml")["services"]
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
    for name in SERVICES:
        depends = services[name]["depends_on"]
        assert depends[f"{name}-migrate"]["condition"] == "service_completed_successfully"
        assert depends["kafka-topics"]["condition"] == "service_completed_successfully"
        assert services[f"{name}-migrate"]["command"][-2:] == ["migrate", name]


def test_the_topic_job_creates_every_producer_topic_and_its_dead_letters() -> None:
    script = "\n".join(load("docker-compose.yml")["services"]["kafka-topics"]["command"])
    named = set(re.search(r"for producer in ([a-z ]+);", script).group(1).split())  # type: ignore[union-attr]
    assert named == producers()
    assert "mentorship.$${producer}.events" in script
    assert topic_of("x") == "mentorship.x.events"
    assert dlq_topic(topic_of("x")) == "mentorship.x.events.dlq"


def test_secrets_must_be_given_and_health_is_checked_on_the_served_port() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert "${POSTGRES_PASSWORD:?" in text
    assert "${SERVICE_DB_PASSWORD:?" in text
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "EXPOSE 8000" in dockerfile
    assert re.search(r"^USER 10001", dockerfile, re.MULTILINE)
    assert "HEALTHCHECK" in dockerfile
    for name, service in load("docker-compose.yml")["services"].items():
        if "build" in service and "healthcheck" in service:
            assert "127.0.0.1:8000/" in " ".join(service["healthcheck"]["test"]), name


def test_tracing_is_wired_into_every_built_service_and_off_unless_an_endpoint_is_given() -> None:
    services = load("docker-compose.yml")["services"]
    for name in (*SERVICES, "gateway"):
        environment = services[name]["environment"]
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "${OTEL_EXPORTER_OTLP_ENDPOINT:-}"
    assert services["jaeger"]["profiles"] == ["tracing"]  # never started by a plain `up`
