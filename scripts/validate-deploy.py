"""Validates the deployment files without Docker, Kubernetes or a helm binary.

- helm/apex: linted (strict) and rendered with Helm's own library (PyPI helm-python-sdk)
  for the default values and production-like values; values checked against
  values.schema.json; every rendered manifest validated against the Kubernetes schemas
  (PyPI kubernetes-validate). KEDA's ScaledObject is a CRD with no offline schema: only its
  shape is checked.
- docker-compose.yml: parsed; services, one-shot jobs and env files checked.

Prints a JSON report (the env vars each artefact sets) and exits non-zero on any problem.
"""
import json
import sys
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "apex"
K8S_VERSION = "1.30"

PRODUCTION = {
    "image": {"repository": "registry.example.com/apex-orchestrator", "tag": "1.2.3", "pullPolicy": "Always"},
    "config": {
        "kafkaBrokers": "b-1.kafka:9096,b-2.kafka:9096",
        "topicPrefix": "prod.apex.",
        "processingGuarantee": "exactly_once",
        "partitions": 24,
        "replicationFactor": 3,
        "outputFormat": "avro",
        "schemaRegistryUrl": "http://schema-registry:8081",
        "region": "eu-west-1",
        "redisUrl": "rediss://redis:6380",
        "kafkaProperties": {"security.protocol": "SASL_SSL", "sasl.mechanisms": "SCRAM-SHA-512"},
        "planner": {"embedder": "openai", "embeddingsBaseUrl": "http://litellm:4000/v1", "embeddingsModel": "text-embedding-3-small",
                    "llmBaseUrl": "http://litellm:4000/v1", "llmModel": "gpt-4o-mini", "llmTimeoutMs": 20000,
                    "llmMaxAttempts": 3, "cache": "on", "cacheThreshold": "0.92", "cacheTtlSecs": 86400},
    },
    "existingSecret": "apex-secrets",
    "toolsCatalog": "tools:\n  - name: send_email\n    kind: builtin\n",
    "roles": {
        "processor": {"enabled": True, "replicas": 6, "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}},
        "planner": {"enabled": True, "replicas": 3},
        "executor": {"enabled": True, "replicas": 4},
    },
    "keda": {"enabled": True, "lagThreshold": "10000", "minReplicas": 2, "maxReplicas": 48},
    "ingress": {"enabled": True, "className": "nginx", "host": "apex.example.com",
                "tls": [{"hosts": ["apex.example.com"], "secretName": "apex-tls"}]},
    "serviceMonitor": {"enabled": True, "interval": "15s"},
    "podDisruptionBudget": {"enabled": True, "maxUnavailable": 1},
}


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def check_chart(name, overrides):
    lint = helm.lint(str(CHART), overrides, strict=True)
    problems = [m for m in lint.get("messages", []) if m.get("severity", 0) >= 2] + lint.get("errors", [])
    if problems:
        fail(f"{name}: helm lint: {problems}")
    chart = helm.Chart.load(str(CHART))
    chart.validate_schema(overrides)
    rendered = chart.render(overrides, name="apex", namespace="apex", is_install=True)
    kinds, env = [], set()
    for path, text in sorted(rendered.items()):
        for doc in yaml.safe_load_all(text):
            if not doc:
                continue
            kinds.append(doc["kind"])
            if doc["apiVersion"].startswith("monitoring.coreos.com/"):
                if doc["spec"]["endpoints"][0]["path"] != "/metrics":
                    fail(f"{name}: {path}: ServiceMonitor does not scrape /metrics")
                continue
            if doc["apiVersion"].startswith("keda.sh/"):
                if not doc["spec"]["triggers"] or doc["spec"]["triggers"][0]["type"] != "kafka":
                    fail(f"{name}: {path}: ScaledObject without a kafka trigger")
                continue
            try:
                kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
            except Exception as e:  # the library raises several types; all are findings
                fail(f"{name}: {path}: {doc['kind']} {doc['metadata']['name']}: {e}")
            if doc["kind"] == "ConfigMap":
                env |= set(doc["data"])
            if doc["kind"] == "Deployment":
                for c in doc["spec"]["template"]["spec"]["containers"]:
                    if c["name"] == "api" and (c["livenessProbe"]["httpGet"]["path"], c["readinessProbe"]["httpGet"]["path"]) != ("/healthz", "/readyz"):
                        fail(f"{name}: {path}: the api's probes are not /healthz and /readyz")
                    env |= {e["name"] for e in c.get("env", [])}
                    sc = c.get("securityContext", {})
                    if not (sc.get("readOnlyRootFilesystem") and sc.get("runAsNonRoot")):
                        fail(f"{name}: {path}: container {c['name']} is not non-root with a read-only root fs")
    try:
        chart.validate_schema({"config": {"processingGuarantee": "sometimes"}})
        fail(f"{name}: values.schema.json accepted a bad processingGuarantee")
    except helm.HelmError:
        pass
    return {"kinds": sorted(kinds), "env": sorted(env)}


def check_compose():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for needed in ["kafka", "schema-registry", "redis", "postgres", "topics", "migrate", "processor", "planner", "executor",
                   "projector", "api"]:
        if needed not in services:
            fail(f"docker-compose.yml: no service {needed}")
    roles = {"processor", "planner", "executor", "projector", "api", "topics", "migrate"}
    for name in roles:
        svc = services[name]
        if svc.get("env_file") != ".env.example":
            fail(f"docker-compose.yml: {name} does not read .env.example")
    for one_shot in ["topics", "migrate"]:
        if services[one_shot].get("restart") != "no":
            fail(f"docker-compose.yml: {one_shot} must be a one-shot service")
    env = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            env.add(line.split("=", 1)[0])
    return {"services": sorted(services), "env": sorted(env)}


def main():
    report = {"ok": True, "helm": helm.helm_sdk_version(), "default": check_chart("default", None),
              "production": check_chart("production", PRODUCTION), "compose": check_compose()}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
