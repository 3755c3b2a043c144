"""deploy/k8s renders with kustomize in every overlay and component combination, validates
strictly against the Kubernetes 1.34 schemas, and says what operators rely on."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from kubernetes_validate import validate as k8s_validate
from kubernetes_validate.utils import ValidationError as K8sValidationError

from contracts import producers, topic_of
from gateway.settings import GatewaySettings
from kit.events.deadletter import dlq_topic
from kit.serve import settings_class
from tests.deploy.manifests import (
    K8S,
    OVERLAYS,
    SCHEMAS,
    SERVICES,
    combination_kustomization,
    component_combinations,
    of_kind,
    render,
)

pytestmark = pytest.mark.deploy

KUBERNETES_VERSION = "1.34.0"


def settings_fields(workload: str) -> dict[str, Any]:
    if workload == "gateway":
        return dict(GatewaySettings.model_fields)
    return dict(settings_class(workload).model_fields)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Every overlay and every combination of components over the base, rendered once."""
    renders = {f"overlay:{name}": render(K8S / "overlays" / name) for name in OVERLAYS}
    workdir = tmp_path_factory.mktemp("combinations")
    for components in component_combinations():
        label = "+".join(components) or "base"
        renders[f"components:{label}"] = render(
            combination_kustomization(workdir / label, components)
        )
    return renders


def validate_strictly(document: dict[str, Any]) -> None:
    if document["kind"] == "KafkaTopic":
        schema = json.loads((SCHEMAS / "strimzi-kafkatopic-v1.json").read_text())
        jsonschema.validate(document, schema)
        return
    k8s_validate(document, KUBERNETES_VERSION, strict=True)


def test_every_overlay_and_component_combination_renders_valid_resources(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    assert len(rendered) == len(OVERLAYS) + 2 ** len(list((K8S / "components").iterdir()))
    unique = {json.dumps(doc, sort_keys=True): doc for docs in rendered.values() for doc in docs}
    failures = []
    for document in unique.values():
        try:
            validate_strictly(document)
        except (K8sValidationError, jsonschema.ValidationError) as exc:
            failures.append(f"{document['kind']}/{document['metadata']['name']}: {exc}")
    assert failures == []


def test_a_misspelt_field_fails_validation() -> None:
    deployment = yaml.safe_load((K8S / "base" / "goals.yaml").read_text().split("---")[1])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(K8sValidationError):
        validate_strictly(deployment)
    topic = {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaTopic",
        "metadata": {},
        "spec": {"partitons": 6},
    }
    with pytest.raises(jsonschema.ValidationError):
        validate_strictly(topic)


def test_workloads_are_restricted_probed_limited_and_drain_within_their_grace(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    deployments = of_kind(rendered["overlay:prod"], "Deployment")
    assert set(deployments) == {*SERVICES, "gateway"}
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["capabilities"]["drop"] == ["ALL"], name
        assert {m["mountPath"] for m in container["volumeMounts"]} == {"/tmp"}, name
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
        ready = "/healthz" if name == "gateway" else "/readyz"
        assert container["readinessProbe"]["httpGet"]["path"] == ready, name
        assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name
        assert "memory" in container["resources"]["limits"], name
        env = {item["name"]: item for item in container["env"]}
        drain = float(env["GRACE_SECONDS"]["value"])
        pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pod["terminationGracePeriodSeconds"] > pre_stop + drain, name


def test_service_variables_are_settings_the_services_read(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    for name, deployment in of_kind(rendered["overlay:prod"], "Deployment").items():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        fields = settings_fields(name)
        # What a workload refuses to start without: the keys that verify tokens, and Kafka.
        names = {item["name"] for item in container["env"]}
        prefix = name.upper()
        assert {f"{prefix}_JWKS_URL", f"{prefix}_KAFKA_BOOTSTRAP_SERVERS"} <= names, name
        for item in container["env"]:
            if item["name"] == "GRACE_SECONDS":
                continue
            prefix, _, field = item["name"].partition("_")
            assert prefix == name.upper(), item["name"]
            assert field.lower() in fields, f"{item['name']} is not a setting of {name}"


def test_topics_are_declared_for_every_producer_with_durable_settings(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    topics = of_kind(rendered["overlay:prod"], "KafkaTopic")
    expected = {topic_of(p) for p in producers()} | {dlq_topic(topic_of(p)) for p in producers()}
    assert {topic["spec"]["topicName"] for topic in topics.values()} == expected
    for topic in topics.values():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == "mentorship"
        assert topic["spec"]["replicas"] == 3
        assert topic["spec"]["config"]["min.insync.replicas"] == 2
        assert topic["spec"]["partitions"] >= 1


def test_network_policies_deny_by_default_and_allow_each_caller(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    policies = of_kind(rendered["overlay:prod"], "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny
    assert "egress" not in deny
    gateway = {"podSelector": {"matchLabels": {"app": "gateway"}}}
    # The ingress controller also reaches matching: its SCIM API is the identity providers'.
    ingress_controller = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}
    }
    for service in SERVICES:
        (rule,) = policies[service]["spec"]["ingress"]
        callers = [gateway, ingress_controller] if service == "matching" else [gateway]
        assert rule["from"] == callers, service
    (ingress,) = of_kind(rendered["overlay:prod"], "Ingress").values()
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for path in ingress["spec"]["rules"][0]["http"]["paths"]
    }
    assert routes == {"/": "gateway", "/scim/v2": "matching"}


def test_every_service_has_a_migration_job_and_a_disruption_budget(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    prod = rendered["overlay:prod"]
    jobs = of_kind(prod, "Job")
    assert set(jobs) == {f"{service}-migrate" for service in SERVICES}
    for service in SERVICES:
        (container,) = jobs[f"{service}-migrate"]["spec"]["template"]["spec"]["containers"]
        assert container["command"][-2:] == ["migrate", service]
    assert set(of_kind(prod, "PodDisruptionBudget")) == {*SERVICES, "gateway"}
    assert set(of_kind(prod, "HorizontalPodAutoscaler")) == {*SERVICES, "gateway"}
    assert not Path(K8S / "overlays" / "prod" / "secrets.yaml").exists()


def tracing_config(container: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        source["configMapRef"]
        for source in container.get("envFrom", [])
        if source["configMapRef"]["name"].startswith("mentorship-tracing")
    ]


def test_every_workload_reads_the_optional_tracing_config_and_may_reach_a_collector(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    for label, documents in rendered.items():
        assert "mentorship-tracing" not in of_kind(documents, "ConfigMap"), label  # off
        for name in (*SERVICES, "gateway"):
            deployment = of_kind(documents, "Deployment")[name]
            (container,) = deployment["spec"]["template"]["spec"]["containers"]
            assert tracing_config(container) == [
                {"name": "mentorship-tracing", "optional": True}
            ], f"{label}: {name}"
    egress = of_kind(rendered["overlay:prod"], "NetworkPolicy")["traces-to-collector"]["spec"]
    (selector,) = egress["podSelector"]["matchExpressions"]
    assert set(selector["values"]) == {*SERVICES, "gateway"}
    assert egress["egress"] == [{"ports": [{"protocol": "TCP", "port": 4318}]}]


def test_an_overlay_that_makes_the_tracing_config_points_every_workload_at_it(
    tmp_path: Path,
) -> None:
    overlay = combination_kustomization(tmp_path / "traced", ())
    kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
    kustomization["configMapGenerator"] = [
        {
            "name": "mentorship-tracing",
            "literals": ["OTEL_EXPORTER_OTLP_ENDPOINT=http://collector.monitoring:4318"],
        }
    ]
    (overlay / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    documents = render(overlay)
    [config] = [
        doc
        for doc in documents
        if doc["kind"] == "ConfigMap" and doc["metadata"]["name"].startswith("mentorship-tracing")
    ]
    assert config["data"] == {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector.monitoring:4318"}
    for name in (*SERVICES, "gateway"):
        (container,) = of_kind(documents, "Deployment")[name]["spec"]["template"]["spec"][
            "containers"
        ]
        assert tracing_config(container) == [
            {"name": config["metadata"]["name"], "optional": True}
        ], name
        validate_strictly(of_kind(documents, "Deployment")[name])
