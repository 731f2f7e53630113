#!/usr/bin/env python3
"""Generate a synthetic but realistic Kubernetes manifest corpus for benchmarks.

Usage:
    python3 bench/gen_corpus.py --objects 10000 --out /tmp/corpus-10k [--seed 42]

The corpus is deterministic: the same --objects and --seed always produce the
same bytes. Apps are generated one after another, each from its own seeded RNG,
so a smaller corpus is (up to the last, trimmed app) a prefix of a larger one.

"Objects" are Kubernetes documents: every YAML document written is one object.

Layout:  <out>/<namespace>/<app>/[k8s/]<file>.yaml|.yml
Each app has a primary workload plus the usual companions (Service,
ServiceAccount, RBAC, ConfigMaps, Secret, NetworkPolicies, Ingress, HPA, PDB,
CronJobs/Jobs, the odd debug Pod), ~8 objects per app. Half the apps ship a
single multi-document bundle, most others a few grouped files (deployment.yaml,
rbac.yaml, config.yaml, network-policies.yaml), a few one object per file, so
files hold ~3.5 documents on average. YAML style varies per file: kubectl- or
Helm-style sequence indentation, some flow lists, leading `---`, comments.

Most workloads are hardened; about a quarter miss some hardening and about
15% carry deliberate weaknesses (privileged, hostNetwork/hostPID/hostIPC,
hostPath, runAsUser 0, allowPrivilegeEscalation, :latest / untagged images,
added capabilities, docker socket mounts, literal secrets in env, ...).
RBAC, Services and Ingresses have a similar share of risky variants.

A summary (counts per kind, files, weaknesses) is written next to the corpus
as <out>.info.json (outside the scanned folder, so no scanner sees it) and
printed on stdout.

Only the Python standard library is used; YAML is emitted by a small writer
here (PyYAML's dumper is too slow for 100k objects).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import re
import shutil
import sys
import time
from collections import Counter

GENERATOR_VERSION = 1

# --------------------------------------------------------------------------
# Minimal YAML writer (block style, deterministic key order)
# --------------------------------------------------------------------------

_PLAIN_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./@=+-]+)*(?:@[A-Za-z0-9:]+)?"  # names, images
    r"|/[A-Za-z0-9_./-]*"                                                    # paths
    r"|[0-9]+(?:m|Mi|Gi|Ki|s|h)")                                            # quantities, durations
_RESERVED = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
}


def scalar(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if s and _PLAIN_RE.fullmatch(s) and s.lower() not in _RESERVED:
        return s
    return json.dumps(s)  # a JSON string is a valid YAML double-quoted scalar


def _block(s: str, pad: str) -> list[str]:
    body = s.rstrip("\n")
    head = "|" if s.endswith("\n") else "|-"
    out = [head]
    for ln in body.split("\n"):
        out.append(pad + ln if ln else "")
    return out


def emit(node: dict, lines: list[str], indent: int, seq_indent: int, flow: bool = False) -> None:
    """Append the block-style YAML of mapping `node` to `lines`.

    seq_indent: 0 for kubectl-style sequences, 2 for Helm-style.
    flow: write short lists of plain scalars in flow style ([a, b]).
    """
    pad = " " * indent
    for k, v in node.items():
        key = scalar(k)
        if isinstance(v, dict):
            if not v:
                lines.append(f"{pad}{key}: {{}}")
            else:
                lines.append(f"{pad}{key}:")
                emit(v, lines, indent + 2, seq_indent, flow)
        elif isinstance(v, list):
            if not v:
                lines.append(f"{pad}{key}: []")
            elif flow and len(v) <= 4 and all(isinstance(x, (str, int)) and "\n" not in str(x) for x in v):
                lines.append(f"{pad}{key}: [" + ", ".join(scalar(x) for x in v) + "]")
            else:
                lines.append(f"{pad}{key}:")
                emit_seq(v, lines, indent + seq_indent, seq_indent, flow)
        elif isinstance(v, str) and "\n" in v:
            blk = _block(v, pad + "  ")
            lines.append(f"{pad}{key}: {blk[0]}")
            lines.extend(blk[1:])
        else:
            lines.append(f"{pad}{key}: {scalar(v)}")


def emit_seq(seq: list, lines: list[str], indent: int, seq_indent: int, flow: bool = False) -> None:
    pad = " " * indent
    for item in seq:
        if isinstance(item, dict) and item:
            start = len(lines)
            emit(item, lines, indent + 2, seq_indent, flow)
            lines[start] = pad + "- " + lines[start][indent + 2:]
        elif isinstance(item, list):
            lines.append(f"{pad}-")
            emit_seq(item, lines, indent + 2, seq_indent, flow)
        elif isinstance(item, dict):
            lines.append(f"{pad}- {{}}")
        else:
            lines.append(f"{pad}- {scalar(item)}")


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

TEAMS = [
    "payments", "checkout", "search", "identity", "platform", "data", "ml",
    "billing", "notifications", "analytics", "catalog", "shipping", "orders",
    "inventory", "auth", "media", "messaging", "observability", "security",
    "growth", "ads", "recommendations", "pricing", "fraud", "support",
    "reporting", "edge", "storage", "infra", "mobile",
]
ENVS = ["prod", "staging", "dev", "qa", "sandbox"]
APP_WORDS = [
    "ledger", "cart", "gateway", "profile", "session", "token", "invoice",
    "mailer", "indexer", "crawler", "ranker", "feed", "router", "proxy",
    "scheduler", "ingest", "exporter", "collector", "renderer", "thumbnailer",
    "resolver", "broker", "relay", "tracker", "planner", "quoter", "refund",
    "wallet", "audit", "signer", "vault", "keeper", "compactor", "replicator",
    "balancer", "notifier", "dispatcher", "aggregator", "reconciler", "sync",
    "catalog", "pricing", "stock", "review", "rating", "coupon", "loyalty",
    "geo", "tiles", "sms", "push", "email", "webhook", "billing", "metering",
]
APP_SUFFIX = [
    "api", "worker", "service", "frontend", "backend", "consumer", "producer",
    "cron", "svc", "server", "daemon", "web", "grpc", "processor", "handler",
]
LANG_IMAGES = {
    "go": ("golang", ["/app/server"], 8080),
    "java": ("eclipse-temurin", ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"], 8080),
    "python": ("python", ["gunicorn", "app.wsgi:application", "--bind", "0.0.0.0:8000"], 8000),
    "node": ("node", ["node", "dist/index.js"], 3000),
    "rust": ("rust", ["/usr/local/bin/app"], 8080),
}
REGISTRIES = ["registry.example.com", "images.corp.example", "cr.internal.example:5000"]
PUBLIC_IMAGES = [
    ("nginx", "1.25.3"), ("redis", "7.2.4"), ("postgres", "16.1"),
    ("busybox", "1.36.1"), ("alpine", "3.19.1"), ("envoyproxy/envoy", "v1.29.1"),
    ("fluent/fluent-bit", "2.2.2"), ("memcached", "1.6.23"), ("rabbitmq", "3.12.12"),
    ("prom/node-exporter", "v1.7.0"), ("grafana/promtail", "2.9.4"),
    ("bitnami/kafka", "3.6.1"), ("mongo", "7.0.5"), ("haproxy", "2.9.4"),
]
SIDECARS = [
    ("envoy", "envoyproxy/envoy", "v1.29.1", 9901),
    ("log-shipper", "fluent/fluent-bit", "2.2.2", 2020),
    ("metrics", "prom/statsd-exporter", "v0.26.0", 9102),
    ("oauth-proxy", "oauth2-proxy/oauth2-proxy", "v7.5.1", 4180),
]
CONTAINER_WEAKNESSES = [
    "privileged", "run_as_root", "allow_priv_esc", "latest_tag", "untagged",
    "caps_add", "no_resources", "no_security_context", "writable_rootfs",
    "env_secret", "host_port", "seccomp_unconfined", "no_probes",
]
POD_WEAKNESSES = [
    "host_network", "host_pid", "host_ipc", "host_path", "docker_socket",
    "automount_token", "default_sa",
]


def _digest(rng: random.Random) -> str:
    return "sha256:" + "%064x" % rng.getrandbits(256)


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def _rand_secret(rng: random.Random, n: int = 24) -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


# --------------------------------------------------------------------------
# Object builders
# --------------------------------------------------------------------------

class App:
    """Everything needed to render one application's manifests."""

    def __init__(self, rng: random.Random, index: int, namespace: str, team: str, name: str):
        self.rng = rng
        self.index = index
        self.ns = namespace
        self.team = team
        self.name = name
        self.lang = rng.choice(list(LANG_IMAGES))
        self.version = f"{rng.randint(0, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"
        self.port = LANG_IMAGES[self.lang][2]
        self.sa = f"{name}"
        r = rng.random()
        # posture: hardened / partial / weak
        self.posture = "hardened" if r < 0.60 else ("partial" if r < 0.85 else "weak")
        self.weaknesses: list[str] = []
        if self.posture == "weak":
            k = rng.choice([1, 1, 2, 2, 3])
            pool = CONTAINER_WEAKNESSES + POD_WEAKNESSES
            self.weaknesses = rng.sample(pool, k)

    # -- common pieces -----------------------------------------------------

    def labels(self, component: str | None = None, extra: bool = True) -> dict:
        lb = {
            "app.kubernetes.io/name": self.name,
            "app.kubernetes.io/instance": f"{self.name}-{self.ns}",
        }
        if extra:
            lb["app.kubernetes.io/version"] = self.version
            lb["app.kubernetes.io/component"] = component or "server"
            lb["app.kubernetes.io/part-of"] = self.team
            lb["app.kubernetes.io/managed-by"] = self.rng.choice(["Helm", "kustomize", "argocd"])
            lb["team"] = self.team
        return lb

    def selector(self) -> dict:
        return {"app.kubernetes.io/name": self.name, "app.kubernetes.io/instance": f"{self.name}-{self.ns}"}

    def meta(self, name: str, component: str | None = None, annotations: dict | None = None,
             namespaced: bool = True) -> dict:
        m = {"name": name}
        if namespaced:
            m["namespace"] = self.ns
        m["labels"] = self.labels(component)
        if annotations:
            m["annotations"] = annotations
        return m

    def image(self, weak: bool) -> str:
        rng = self.rng
        base = f"{rng.choice(REGISTRIES)}/{self.team}/{self.name}"
        if weak and "latest_tag" in self.weaknesses:
            return base + ":latest"
        if weak and "untagged" in self.weaknesses:
            return base
        if self.posture == "hardened" and rng.random() < 0.35:
            return f"{base}:{self.version}@{_digest(rng)}"
        return f"{base}:{self.version}"

    def env(self, weak: bool) -> list:
        rng = self.rng
        up = self.name.upper().replace("-", "_")
        env = [
            {"name": "APP_NAME", "value": self.name},
            {"name": "APP_ENV", "value": rng.choice(ENVS)},
            {"name": "LOG_LEVEL", "value": rng.choice(["info", "debug", "warn"])},
            {"name": "PORT", "value": str(self.port)},
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
        ]
        if rng.random() < 0.7:
            env.append({"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {
                "name": f"{self.name}-db", "key": "url"}}})
        if rng.random() < 0.5:
            env.append({"name": f"{up}_CACHE_TTL", "valueFrom": {"configMapKeyRef": {
                "name": f"{self.name}-config", "key": "cache.ttl"}}})
        if rng.random() < 0.4:
            env.append({"name": "GOMAXPROCS" if self.lang == "go" else "WORKERS",
                        "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1"}}})
        if rng.random() < 0.3:
            env.append({"name": "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "value": "http://otel-collector.observability.svc:4317"})
        if weak and "env_secret" in self.weaknesses:
            env.append({"name": "DB_PASSWORD", "value": _rand_secret(rng, 16)})
            env.append({"name": "AWS_SECRET_ACCESS_KEY", "value": _rand_secret(rng, 40)})
        return env

    def resources(self, small: bool = False) -> dict:
        rng = self.rng
        cpu_req = rng.choice([50, 100, 200, 250, 500]) if not small else 10
        mem_req = rng.choice([64, 128, 256, 512, 1024]) if not small else 32
        res = {"requests": {"cpu": f"{cpu_req}m", "memory": f"{mem_req}Mi"}}
        if self.posture != "partial" or rng.random() < 0.5:
            res["limits"] = {"cpu": f"{cpu_req * rng.choice([2, 4])}m", "memory": f"{mem_req * 2}Mi"}
        return res

    def probe(self, path: str, delay: int) -> dict:
        rng = self.rng
        if rng.random() < 0.8:
            p = {"httpGet": {"path": path, "port": "http"}}
        elif rng.random() < 0.5:
            p = {"tcpSocket": {"port": self.port}}
        else:
            p = {"exec": {"command": ["/bin/sh", "-c", f"wget -qO- localhost:{self.port}{path}"]}}
        p.update({"initialDelaySeconds": delay, "periodSeconds": rng.choice([5, 10, 15]),
                  "timeoutSeconds": rng.choice([1, 2, 3]), "failureThreshold": rng.choice([3, 5, 6])})
        return p

    def container_sc(self, weak: bool) -> dict | None:
        rng = self.rng
        w = self.weaknesses if weak else []
        if "no_security_context" in w:
            return None
        sc: dict = {}
        if self.posture == "partial":
            sc["allowPrivilegeEscalation"] = False
            if rng.random() < 0.5:
                sc["runAsNonRoot"] = True
            if rng.random() < 0.4:
                sc["readOnlyRootFilesystem"] = True
            return sc
        sc["allowPrivilegeEscalation"] = "allow_priv_esc" in w
        if "privileged" in w:
            sc["privileged"] = True
        sc["readOnlyRootFilesystem"] = "writable_rootfs" not in w
        if "run_as_root" in w:
            sc["runAsUser"] = 0
            sc["runAsNonRoot"] = False
        else:
            sc["runAsNonRoot"] = True
            sc["runAsUser"] = 10001
            sc["runAsGroup"] = 10001
        caps: dict = {"drop": ["ALL"]}
        if "caps_add" in w:
            caps = {"add": rng.sample(["SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE", "ALL"], 2)}
        elif rng.random() < 0.1:
            caps["add"] = ["NET_BIND_SERVICE"]
        sc["capabilities"] = caps
        if "seccomp_unconfined" in w:
            sc["seccompProfile"] = {"type": "Unconfined"}
        elif rng.random() < 0.4:
            sc["seccompProfile"] = {"type": "RuntimeDefault"}
        return sc

    def main_container(self, weak: bool, kind: str) -> dict:
        rng = self.rng
        w = self.weaknesses if weak else []
        c: dict = {"name": self.name if rng.random() < 0.5 else "app",
                   "image": self.image(weak)}
        c["imagePullPolicy"] = "Always" if ("latest_tag" in w or rng.random() < 0.3) else "IfNotPresent"
        cmd = LANG_IMAGES[self.lang][1]
        if rng.random() < 0.5:
            c["command"] = cmd[:1]
            if len(cmd) > 1:
                c["args"] = cmd[1:]
        else:
            c["args"] = ["--config=/etc/app/config.yaml", f"--port={self.port}"]
        if kind not in ("Job", "CronJob"):
            ports = [{"name": "http", "containerPort": self.port, "protocol": "TCP"}]
            if rng.random() < 0.5:
                ports.append({"name": "metrics", "containerPort": 9090, "protocol": "TCP"})
            if "host_port" in w:
                ports[0]["hostPort"] = self.port
            c["ports"] = ports
        c["env"] = self.env(weak)
        if rng.random() < 0.35:
            c["envFrom"] = [{"configMapRef": {"name": f"{self.name}-env"}}]
        if "no_resources" not in w:
            c["resources"] = self.resources()
        if kind not in ("Job", "CronJob") and "no_probes" not in w and (self.posture != "partial" or rng.random() < 0.6):
            c["livenessProbe"] = self.probe("/healthz", rng.choice([10, 15, 30]))
            c["readinessProbe"] = self.probe("/ready", rng.choice([5, 10]))
            if self.lang == "java" and rng.random() < 0.6:
                c["startupProbe"] = self.probe("/healthz", 0)
        sc = self.container_sc(weak)
        if sc is not None:
            c["securityContext"] = sc
        mounts = [{"name": "config", "mountPath": "/etc/app", "readOnly": True},
                  {"name": "tmp", "mountPath": "/tmp"}]
        if rng.random() < 0.4:
            mounts.append({"name": "tls", "mountPath": "/etc/tls", "readOnly": True})
        if kind == "StatefulSet":
            mounts.append({"name": "data", "mountPath": "/var/lib/app"})
        if "host_path" in w:
            mounts.append({"name": "host-root", "mountPath": "/host", "readOnly": rng.random() < 0.5})
        if "docker_socket" in w:
            mounts.append({"name": "docker-sock", "mountPath": "/var/run/docker.sock"})
        c["volumeMounts"] = mounts
        return c

    def sidecar(self) -> dict:
        rng = self.rng
        name, img, tag, port = rng.choice(SIDECARS)
        c = {"name": name, "image": f"{img}:{tag}", "imagePullPolicy": "IfNotPresent",
             "ports": [{"name": name[:10] + "-p", "containerPort": port}],
             "resources": self.resources(small=True)}
        if self.posture != "weak" or rng.random() < 0.5:
            c["securityContext"] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                    "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
        c["volumeMounts"] = [{"name": "tmp", "mountPath": "/tmp"}]
        return c

    def init_container(self) -> dict:
        return {"name": "wait-for-db", "image": "busybox:1.36.1",
                "command": ["sh", "-c", f"until nc -z {self.name}-db 5432; do echo waiting; sleep 2; done"],
                "resources": {"requests": {"cpu": "10m", "memory": "16Mi"},
                              "limits": {"cpu": "50m", "memory": "32Mi"}},
                "securityContext": {"allowPrivilegeEscalation": False, "runAsNonRoot": True,
                                    "runAsUser": 65534, "readOnlyRootFilesystem": True}}

    def pod_spec(self, kind: str, weak: bool = True) -> dict:
        rng = self.rng
        w = self.weaknesses if weak else []
        spec: dict = {}
        if "default_sa" not in w:
            spec["serviceAccountName"] = self.sa
        if "automount_token" in w:
            spec["automountServiceAccountToken"] = True
        elif self.posture == "hardened" or rng.random() < 0.3:
            spec["automountServiceAccountToken"] = False
        if "host_network" in w:
            spec["hostNetwork"] = True
            spec["dnsPolicy"] = "ClusterFirstWithHostNet"
        if "host_pid" in w:
            spec["hostPID"] = True
        if "host_ipc" in w:
            spec["hostIPC"] = True
        if kind in ("Job", "CronJob"):
            spec["restartPolicy"] = rng.choice(["OnFailure", "Never"])
        if self.posture != "weak" or rng.random() < 0.5:
            psc = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001}
            if self.posture == "hardened":
                psc["seccompProfile"] = {"type": "RuntimeDefault"}
            if "run_as_root" in w:
                psc = {"runAsUser": 0, "fsGroup": 0}
            spec["securityContext"] = psc
        if rng.random() < 0.25:
            spec["priorityClassName"] = rng.choice(["high-priority", "standard", "batch-low"])
        if rng.random() < 0.3:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux",
                                    "node.kubernetes.io/pool": rng.choice(["general", "compute", "memory"])}
        if kind in ("Deployment", "StatefulSet") and rng.random() < 0.4:
            spec["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 100, "podAffinityTerm": {
                    "labelSelector": {"matchLabels": self.selector()},
                    "topologyKey": "kubernetes.io/hostname"}}]}}
        if kind == "Deployment" and rng.random() < 0.25:
            spec["topologySpreadConstraints"] = [{
                "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": self.selector()}}]
        if kind == "DaemonSet" or rng.random() < 0.15:
            spec["tolerations"] = [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                                    "effect": "NoSchedule"}]
        if rng.random() < 0.5:
            spec["terminationGracePeriodSeconds"] = rng.choice([30, 45, 60, 120])
        if rng.random() < 0.2:
            spec["imagePullSecrets"] = [{"name": "registry-credentials"}]
        if rng.random() < 0.2 and kind not in ("Job", "CronJob"):
            spec["initContainers"] = [self.init_container()]
        containers = [self.main_container(weak, kind)]
        if kind in ("Deployment", "StatefulSet") and rng.random() < 0.3:
            containers.append(self.sidecar())
        spec["containers"] = containers
        vols: list = [{"name": "config", "configMap": {"name": f"{self.name}-config", "defaultMode": 420}},
                      {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}
                       if rng.random() < 0.3 else {}}]
        if any(m["name"] == "tls" for m in containers[0]["volumeMounts"]):
            vols.append({"name": "tls", "secret": {"secretName": f"{self.name}-tls", "defaultMode": 288}})
        if "host_path" in w:
            vols.append({"name": "host-root", "hostPath": {"path": rng.choice(["/", "/etc", "/var/lib/kubelet", "/proc"]),
                                                          "type": "Directory"}})
        if "docker_socket" in w:
            vols.append({"name": "docker-sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}})
        spec["volumes"] = vols
        return spec

    def template(self, kind: str, weak: bool = True) -> dict:
        rng = self.rng
        ann = {}
        if rng.random() < 0.6:
            ann["prometheus.io/scrape"] = "true"
            ann["prometheus.io/port"] = "9090"
        if rng.random() < 0.4:
            ann["checksum/config"] = hashlib.sha256(f"{self.name}{rng.random()}".encode()).hexdigest()
        md: dict = {"labels": self.labels("server")}
        if ann:
            md["annotations"] = ann
        return {"metadata": md, "spec": self.pod_spec(kind, weak)}

    def last_applied(self, obj: dict) -> dict:
        return {"kubectl.kubernetes.io/last-applied-configuration":
                json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n"}

    # -- kinds --------------------------------------------------------------

    def deployment(self) -> dict:
        rng = self.rng
        ann = {"deployment.kubernetes.io/revision": str(rng.randint(1, 40))} if rng.random() < 0.3 else None
        obj = {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": self.meta(self.name, "server", ann),
               "spec": {"replicas": rng.choice([1, 2, 3, 3, 4, 6]),
                        "revisionHistoryLimit": rng.choice([3, 5, 10]),
                        "selector": {"matchLabels": self.selector()},
                        "strategy": {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                        "template": self.template("Deployment")}}
        if rng.random() < 0.03:
            obj["metadata"].setdefault("annotations", {}).update(self.last_applied(
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": self.name, "namespace": self.ns}, "spec": {"replicas": 2}}))
        return obj

    def statefulset(self) -> dict:
        rng = self.rng
        return {"apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": self.meta(self.name, "database"),
                "spec": {"serviceName": f"{self.name}-headless",
                         "replicas": rng.choice([1, 3, 3, 5]),
                         "podManagementPolicy": rng.choice(["OrderedReady", "Parallel"]),
                         "selector": {"matchLabels": self.selector()},
                         "updateStrategy": {"type": "RollingUpdate"},
                         "template": self.template("StatefulSet"),
                         "volumeClaimTemplates": [{
                             "metadata": {"name": "data"},
                             "spec": {"accessModes": ["ReadWriteOnce"],
                                      "storageClassName": rng.choice(["gp3", "standard", "fast-ssd"]),
                                      "resources": {"requests": {"storage": f"{rng.choice([5, 10, 20, 50, 100])}Gi"}}}}]}}

    def daemonset(self) -> dict:
        rng = self.rng
        return {"apiVersion": "apps/v1", "kind": "DaemonSet",
                "metadata": self.meta(self.name, "agent"),
                "spec": {"selector": {"matchLabels": self.selector()},
                         "updateStrategy": {"type": "RollingUpdate",
                                            "rollingUpdate": {"maxUnavailable": rng.choice([1, "10%"])}},
                         "template": self.template("DaemonSet")}}

    def job_spec(self, suffix: str) -> dict:
        rng = self.rng
        return {"backoffLimit": rng.choice([0, 2, 4, 6]),
                "activeDeadlineSeconds": rng.choice([600, 1800, 3600]),
                "ttlSecondsAfterFinished": rng.choice([300, 3600, 86400]),
                "template": self.template("Job", weak=rng.random() < 0.5)}

    def job(self) -> dict:
        return {"apiVersion": "batch/v1", "kind": "Job",
                "metadata": self.meta(f"{self.name}-migrate-{self.version.replace('.', '-')}", "migration",
                                      {"argocd.argoproj.io/hook": "PreSync"}),
                "spec": self.job_spec("migrate")}

    def cronjob(self, n: int) -> dict:
        rng = self.rng
        task = rng.choice(["cleanup", "report", "backup", "reindex", "sync", "rotate"])
        return {"apiVersion": "batch/v1", "kind": "CronJob",
                "metadata": self.meta(f"{self.name}-{task}" + (f"-{n}" if n else ""), "cron"),
                "spec": {"schedule": f"{rng.randint(0, 59)} {rng.choice(['*', '*/6', '2', '3'])} * * *",
                         "concurrencyPolicy": rng.choice(["Forbid", "Replace", "Allow"]),
                         "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                         "startingDeadlineSeconds": 300,
                         "jobTemplate": {"spec": self.job_spec(task)}}}

    def pod(self) -> dict:
        # debug pods are typically the least hardened objects in a repo
        saved = self.weaknesses
        if self.rng.random() < 0.5:
            self.weaknesses = list(set(saved) | {"run_as_root", "latest_tag"})
        spec = self.pod_spec("Pod", weak=True)
        spec["restartPolicy"] = "Never"
        self.weaknesses = saved
        return {"apiVersion": "v1", "kind": "Pod",
                "metadata": self.meta(f"{self.name}-debug", "debug"),
                "spec": spec}

    def service(self, headless: bool = False) -> dict:
        rng = self.rng
        ann = {}
        typ = "ClusterIP"
        if not headless:
            r = rng.random()
            if r < 0.08:
                typ = "LoadBalancer"
                ann["service.beta.kubernetes.io/aws-load-balancer-type"] = "nlb"
                if rng.random() < 0.5:
                    ann["service.beta.kubernetes.io/aws-load-balancer-internal"] = "true"
            elif r < 0.13:
                typ = "NodePort"
        spec: dict = {"type": typ}
        if headless:
            spec["clusterIP"] = "None"
            spec["publishNotReadyAddresses"] = True
        spec["selector"] = self.selector()
        ports = [{"name": "http", "port": 80 if not headless else self.port,
                  "targetPort": "http", "protocol": "TCP"}]
        if typ == "NodePort":
            ports[0]["nodePort"] = rng.randint(30000, 32767)
        if rng.random() < 0.5:
            ports.append({"name": "metrics", "port": 9090, "targetPort": 9090, "protocol": "TCP"})
        spec["ports"] = ports
        if rng.random() < 0.2 and not headless:
            spec["sessionAffinity"] = "ClientIP"
        if typ == "LoadBalancer" and rng.random() < 0.5:
            spec["loadBalancerSourceRanges"] = ["10.0.0.0/8"] if rng.random() < 0.5 else ["0.0.0.0/0"]
        return {"apiVersion": "v1", "kind": "Service",
                "metadata": self.meta(f"{self.name}-headless" if headless else self.name, "server", ann or None),
                "spec": spec}

    def serviceaccount(self) -> dict:
        rng = self.rng
        ann = None
        if rng.random() < 0.4:
            ann = {"eks.amazonaws.com/role-arn": f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:role/{self.ns}-{self.name}"}
        obj = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": self.meta(self.sa, "server", ann)}
        if self.posture == "hardened" or rng.random() < 0.3:
            obj["automountServiceAccountToken"] = False
        if rng.random() < 0.2:
            obj["imagePullSecrets"] = [{"name": "registry-credentials"}]
        return obj

    def rules(self, cluster: bool) -> list:
        rng = self.rng
        rules = [
            {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]},
        ]
        if rng.random() < 0.4:
            rules.append({"apiGroups": ["coordination.k8s.io"], "resources": ["leases"],
                          "verbs": ["get", "create", "update"]})
        if rng.random() < 0.3:
            rules.append({"apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch"]})
        if rng.random() < 0.25:
            rules.append({"apiGroups": ["apps"], "resources": ["deployments", "statefulsets"],
                          "verbs": ["get", "list", "watch", "patch"]})
        if self.posture == "weak" and rng.random() < 0.6 or rng.random() < 0.05:
            rules.append(rng.choice([
                {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]},
                {"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]},
                {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles", "rolebindings"],
                 "verbs": ["bind", "escalate"]},
                {"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]},
                {"apiGroups": ["", "apps"], "resources": ["pods", "deployments"], "verbs": ["*"]},
            ]))
        return rules

    def role(self, cluster: bool = False) -> dict:
        kind = "ClusterRole" if cluster else "Role"
        name = f"{self.ns}-{self.name}" if cluster else self.name
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": self.meta(name, "rbac", namespaced=not cluster),
                "rules": self.rules(cluster)}

    def binding(self, cluster: bool = False) -> dict:
        rng = self.rng
        kind = "ClusterRoleBinding" if cluster else "RoleBinding"
        name = f"{self.ns}-{self.name}" if cluster else self.name
        role_kind = "ClusterRole" if cluster else "Role"
        role_name = name
        if cluster and self.posture == "weak" and rng.random() < 0.5:
            role_name = "cluster-admin"
        elif not cluster and rng.random() < 0.15:
            role_kind, role_name = "ClusterRole", rng.choice(["view", "edit"])
        subjects = [{"kind": "ServiceAccount", "name": self.sa, "namespace": self.ns}]
        if rng.random() < 0.1:
            subjects.append({"kind": "Group", "name": f"{self.team}-oncall",
                             "apiGroup": "rbac.authorization.k8s.io"})
        return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                "metadata": self.meta(name, "rbac", namespaced=not cluster),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
                "subjects": subjects}

    def config_file(self) -> str:
        rng = self.rng
        lines = ["server:", f"  port: {self.port}", "  shutdownTimeout: 30s",
                 f"  readTimeout: {rng.choice([5, 10, 30])}s", "logging:",
                 f"  level: {rng.choice(['info', 'debug', 'warn'])}", "  format: json", "database:",
                 f"  host: {self.name}-db.{self.ns}.svc.cluster.local", "  port: 5432",
                 f"  name: {self.name.replace('-', '_')}", f"  maxOpenConns: {rng.choice([10, 20, 50])}",
                 "  maxIdleConns: 5", "cache:", f"  ttl: {rng.choice([30, 60, 300])}s",
                 f"  size: {rng.choice([1000, 10000])}", "features:"]
        for i in range(rng.randint(3, 12)):
            lines.append(f"  {rng.choice(APP_WORDS)}{i}: {rng.choice(['true', 'false'])}")
        lines += ["upstreams:"]
        for i in range(rng.randint(1, 5)):
            up = rng.choice(APP_WORDS)
            lines += [f"  - name: {up}", f"    url: http://{up}-api.{rng.choice(TEAMS)}.svc:8080",
                      f"    timeout: {rng.choice([1, 2, 5])}s", "    retries: 3"]
        return "\n".join(lines) + "\n"

    def configmap(self, second: bool = False) -> dict:
        rng = self.rng
        if second:
            data = {k: v for k, v in [
                ("APP_FEATURE_FLAGS", ",".join(rng.sample(APP_WORDS, 3))),
                ("HTTP_TIMEOUT", f"{rng.choice([5, 10, 30])}s"),
                ("MAX_BODY_SIZE", "10m"), ("REGION", rng.choice(["eu-west-1", "us-east-1", "ap-south-1"])),
                ("ENABLE_TRACING", rng.choice(["true", "false"])),
                ("CACHE_SIZE", str(rng.choice([128, 256, 1024]))),
            ]}
            return {"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": self.meta(f"{self.name}-env", "config"), "data": data}
        data = {"config.yaml": self.config_file(), "cache.ttl": f"{rng.choice([30, 60, 300])}s"}
        if rng.random() < 0.3:
            data["nginx.conf"] = (
                "worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n"
                "  server {\n    listen 8080;\n    location / {\n"
                f"      proxy_pass http://127.0.0.1:{self.port};\n      proxy_set_header Host $host;\n"
                "    }\n    location /healthz { return 200 'ok'; }\n  }\n}\n")
        return {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": self.meta(f"{self.name}-config", "config"), "data": data}

    def secret(self) -> dict:
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            cert = "-----BEGIN CERTIFICATE-----\n" + "\n".join(
                _b64(_rand_secret(rng, 48))[:64] for _ in range(6)) + "\n-----END CERTIFICATE-----\n"
            key = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(
                _b64(_rand_secret(rng, 48))[:64] for _ in range(4)) + "\n-----END PRIVATE KEY-----\n"
            return {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                    "metadata": self.meta(f"{self.name}-tls", "tls"),
                    "data": {"tls.crt": _b64(cert), "tls.key": _b64(key)}}
        if r < 0.4:
            return {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                    "metadata": self.meta(f"{self.name}-db", "database"),
                    "stringData": {"username": self.name.replace("-", "_"),
                                   "password": _rand_secret(rng),
                                   "url": f"postgres://{self.name}:{_rand_secret(rng, 12)}@{self.name}-db:5432/app"}}
        return {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": self.meta(f"{self.name}-db", "database"),
                "data": {"username": _b64(self.name), "password": _b64(_rand_secret(rng)),
                         "url": _b64(f"postgres://{self.name}:{_rand_secret(rng, 12)}@{self.name}-db:5432/app"),
                         "api-key": _b64(_rand_secret(rng, 32))}}

    def networkpolicy(self, deny_all: bool = False) -> dict:
        rng = self.rng
        if deny_all:
            return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                    "metadata": self.meta(f"{self.name}-default-deny", "network"),
                    "spec": {"podSelector": {"matchLabels": self.selector()},
                             "policyTypes": ["Ingress", "Egress"]}}
        ingress_from = [{"namespaceSelector": {"matchLabels": {
                            "kubernetes.io/metadata.name": rng.choice(["ingress-nginx", "istio-system", "gateway"])}}},
                        {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": self.team}}}]
        if self.posture == "weak" and rng.random() < 0.4:
            ingress_from = [{"ipBlock": {"cidr": "0.0.0.0/0"}}]
        return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": self.meta(f"{self.name}-allow", "network"),
                "spec": {"podSelector": {"matchLabels": self.selector()},
                         "policyTypes": ["Ingress", "Egress"],
                         "ingress": [{"from": ingress_from,
                                      "ports": [{"protocol": "TCP", "port": self.port}]}],
                         "egress": [
                             {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                                      "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
                              "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]},
                             {"to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": f"{self.name}-db"}}}],
                              "ports": [{"protocol": "TCP", "port": 5432}]}]}}

    def ingress(self) -> dict:
        rng = self.rng
        host = f"{self.name}.{self.team}.{rng.choice(['example.com', 'corp.example', 'internal.example'])}"
        ann = {"nginx.ingress.kubernetes.io/proxy-body-size": "10m",
               "nginx.ingress.kubernetes.io/ssl-redirect": "true"}
        tls = True
        if self.posture == "weak" and rng.random() < 0.5:
            tls = False
            ann["nginx.ingress.kubernetes.io/ssl-redirect"] = "false"
            if rng.random() < 0.5:
                ann["nginx.ingress.kubernetes.io/configuration-snippet"] = (
                    "more_set_headers \"X-Debug: on\";\nproxy_set_header X-Forwarded-Proto $scheme;\n")
        if rng.random() < 0.4:
            ann["cert-manager.io/cluster-issuer"] = "letsencrypt-prod"
        spec: dict = {"ingressClassName": rng.choice(["nginx", "internal", "alb"])}
        if tls:
            spec["tls"] = [{"hosts": [host], "secretName": f"{self.name}-tls"}]
        spec["rules"] = [{"host": host, "http": {"paths": [
            {"path": "/", "pathType": "Prefix",
             "backend": {"service": {"name": self.name, "port": {"name": "http"}}}}]}}]
        if rng.random() < 0.3:
            spec["rules"][0]["http"]["paths"].append(
                {"path": "/api", "pathType": "Prefix",
                 "backend": {"service": {"name": self.name, "port": {"number": 80}}}})
        return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": self.meta(self.name, "ingress", ann), "spec": spec}

    def hpa(self, target_kind: str) -> dict:
        rng = self.rng
        return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": self.meta(self.name, "server"),
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": target_kind, "name": self.name},
                         "minReplicas": rng.choice([2, 3]), "maxReplicas": rng.choice([10, 20, 50]),
                         "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                             "type": "Utilization", "averageUtilization": rng.choice([60, 70, 80])}}}]}}

    def pdb(self) -> dict:
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                "metadata": self.meta(self.name, "server"),
                "spec": {"minAvailable": 1, "selector": {"matchLabels": self.selector()}}}

    # -- plan ---------------------------------------------------------------

    def build(self) -> list[tuple[str, dict]]:
        """Return [(group, object)] where group is the file group name."""
        rng = self.rng
        r = rng.random()
        primary = "Deployment" if r < 0.74 else ("StatefulSet" if r < 0.90 else "DaemonSet")
        objs: list[tuple[str, dict]] = []
        wl = {"Deployment": self.deployment, "StatefulSet": self.statefulset,
              "DaemonSet": self.daemonset}[primary]()
        objs.append(("workload", wl))
        if primary != "DaemonSet" or rng.random() < 0.3:
            objs.append(("service", self.service()))
        if primary == "StatefulSet":
            objs.append(("service", self.service(headless=True)))
        if primary == "Deployment":
            if rng.random() < 0.2:
                objs.append(("workload", self.hpa(primary)))
            if rng.random() < 0.2:
                objs.append(("workload", self.pdb()))
        objs.append(("rbac", self.serviceaccount()))
        if rng.random() < 0.55:
            objs.append(("rbac", self.role()))
            objs.append(("rbac", self.binding()))
        if rng.random() < (0.35 if primary == "DaemonSet" else 0.06):
            objs.append(("rbac", self.role(cluster=True)))
            objs.append(("rbac", self.binding(cluster=True)))
        if rng.random() < 0.85:
            objs.append(("config", self.configmap()))
        if rng.random() < 0.25:
            objs.append(("config", self.configmap(second=True)))
        if rng.random() < 0.6:
            objs.append(("secret", self.secret()))
        if rng.random() < 0.65:
            objs.append(("network", self.networkpolicy()))
            if rng.random() < 0.3:
                objs.append(("network", self.networkpolicy(deny_all=True)))
        if primary == "Deployment" and rng.random() < 0.4:
            objs.append(("ingress", self.ingress()))
        n_cron = 0
        while rng.random() < (0.22 if n_cron == 0 else 0.25):
            objs.append(("jobs", self.cronjob(n_cron)))
            n_cron += 1
        if rng.random() < 0.1:
            objs.append(("jobs", self.job()))
        if rng.random() < 0.04:
            objs.append(("debug", self.pod()))
        return objs


# --------------------------------------------------------------------------
# Corpus writer
# --------------------------------------------------------------------------

GROUP_FILES = {"workload": "{kind}", "rbac": "rbac", "config": "config", "network": "network-policies"}


def render_file(docs: list[dict], rng: random.Random, source: str) -> tuple[str, int]:
    seq_indent = 0 if rng.random() < 0.6 else 2
    flow = rng.random() < 0.25
    lines: list[str] = []
    if rng.random() < 0.3:
        lines.append("---")
    for i, d in enumerate(docs):
        if i:
            lines.append("---")
        if rng.random() < 0.15:
            lines.append(f"# Source: {source}")
        emit(d, lines, 0, seq_indent, flow)
    return "\n".join(lines) + "\n", len(lines)


def layout(app: App, objs: list[tuple[str, dict]]) -> list[tuple[str, list[dict]]]:
    """Group an app's objects into files: [(relative file name, [docs])].

    ~50% of apps ship one bundle file, ~44% a few grouped files
    (workload / rbac / config / network), ~6% one object per file.
    """
    rng = app.rng
    ext = ".yaml" if rng.random() < 0.85 else ".yml"
    r = rng.random()
    if r < 0.06:      # one object per file (kustomize-style base)
        files = []
        seen: Counter = Counter()
        for _, o in objs:
            base = o["kind"].lower()
            seen[base] += 1
            name = base if seen[base] == 1 else f"{base}-{seen[base]}"
            files.append((name + ext, [o]))
        return files
    if r < 0.56:      # single bundle
        return [(rng.choice(["manifests", "all", "resources", app.name]) + ext, [o for _, o in objs])]
    merge = {"service": "workload", "ingress": "workload", "jobs": "workload", "debug": "workload",
             "secret": "config"}
    if rng.random() < 0.5:
        merge["network"] = "workload" if rng.random() < 0.5 else "rbac"
    groups: dict[str, list[dict]] = {}
    for g, o in objs:
        groups.setdefault(merge.get(g, g), []).append(o)
    files = []
    for g, docs in groups.items():
        base = GROUP_FILES[g].format(kind=docs[0]["kind"].lower())
        files.append((base + ext, docs))
    return files


def generate(objects: int, out: str, seed: int = 42, quiet: bool = False) -> dict:
    t0 = time.time()
    if os.path.exists(out):
        info_path = out.rstrip("/") + ".info.json"
        if os.listdir(out) and not os.path.exists(info_path):
            raise SystemExit(f"refusing to overwrite non-empty {out} that is not a generated corpus")
        shutil.rmtree(out)
    tmp = out.rstrip("/") + f".tmp-{os.getpid()}"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)

    kinds: Counter = Counter()
    postures: Counter = Counter()
    weak_counter: Counter = Counter()
    total = files = lines_total = bytes_total = apps = 0
    used_names: set = set()
    ns_rng = random.Random(f"{seed}-namespaces")
    ns_name, ns_team, ns_left = "", "", 0
    ns_index = 0
    app_index = 0
    while total < objects:
        if ns_left <= 0:
            ns_team = TEAMS[ns_index % len(TEAMS)]
            env = ENVS[(ns_index // len(TEAMS)) % len(ENVS)]
            gen = ns_index // (len(TEAMS) * len(ENVS))
            ns_name = f"{ns_team}-{env}" + (f"-{gen + 1}" if gen else "")
            ns_left = ns_rng.randint(4, 24)
            ns_index += 1
        ns_left -= 1
        rng = random.Random(seed * 1_000_003 + app_index)
        base = f"{rng.choice(APP_WORDS)}-{rng.choice(APP_SUFFIX)}"
        name, k = base, 2
        while (ns_name, name) in used_names:
            name, k = f"{base}-{k}", k + 1
        used_names.add((ns_name, name))
        app = App(rng, app_index, ns_name, ns_team, name)
        objs = app.build()
        objs = objs[: objects - total]
        total += len(objs)
        app_index += 1
        apps += 1
        postures[app.posture] += 1
        for w in app.weaknesses:
            weak_counter[w] += 1
        app_dir = os.path.join(tmp, ns_name, name)
        if rng.random() < 0.2:
            app_dir = os.path.join(app_dir, "k8s")
        os.makedirs(app_dir, exist_ok=True)
        for fname, docs in layout(app, objs):
            text, nlines = render_file(docs, rng, f"{name}/templates/{fname}")
            with open(os.path.join(app_dir, fname), "w") as fh:
                fh.write(text)
            files += 1
            lines_total += nlines
            bytes_total += len(text)
            for d in docs:
                kinds[d["kind"]] += 1
    os.rename(tmp, out)
    info = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "objects": total, "files": files,
        "apps": apps, "namespaces": ns_index, "lines": lines_total, "bytes": bytes_total,
        "avg_lines_per_object": round(lines_total / max(total, 1), 1),
        "avg_objects_per_file": round(total / max(files, 1), 2),
        "kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        "app_postures": dict(postures), "weak_app_weaknesses": dict(weak_counter),
        "seconds": round(time.time() - t0, 2),
    }
    with open(out.rstrip("/") + ".info.json", "w") as fh:
        json.dump(info, fh, indent=2)
        fh.write("\n")
    if not quiet:
        print(json.dumps(info, indent=2))
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--objects", type=int, required=True, help="number of Kubernetes documents to write")
    ap.add_argument("--out", required=True, help="target folder (replaced if it is a previously generated corpus)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.objects < 1:
        ap.error("--objects must be >= 1")
    generate(a.objects, a.out, a.seed, a.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
