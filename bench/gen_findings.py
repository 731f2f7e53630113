#!/usr/bin/env python3
"""Generate manifests that give very many findings, to measure the reports.

Usage:
    python3 bench/gen_findings.py pod  --containers 75000 --out /tmp/many/pod.yaml
    python3 bench/gen_findings.py list --pods 300000 --out /tmp/many/list.yaml

pod:  one Pod with N containers. Every container is privileged (which also
      allows privilege escalation, reported once as privileged), runs as uid 0,
      uses a :latest image and mounts a hostPath volume of its own, so each
      container gives 4 findings (4N in all: 75,000 containers, 300,000 findings).
list: one `kind: List` of N Pods, each with one container that is privileged,
      runs as uid 0 and uses a :latest image: 3 findings per pod (3N in all).

The output is deterministic and written in a streaming way (constant memory).
Only the Python standard library is used.
"""
from __future__ import annotations

import argparse
import os
import sys


def write_pod(out, n: int) -> None:
    w = out.write
    w("apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\n  namespace: bench\nspec:\n  containers:\n")
    for i in range(n):
        w(
            f"    - name: c{i}\n"
            f"      image: registry.example.com/app{i % 97}:latest\n"
            f"      securityContext:\n"
            f"        privileged: true\n"
            f"        allowPrivilegeEscalation: true\n"
            f"        runAsUser: 0\n"
            f"      volumeMounts:\n"
            f"        - name: host{i}\n"
            f"          mountPath: /host\n"
        )
    w("  volumes:\n")
    for i in range(n):
        w(f"    - name: host{i}\n      hostPath:\n        path: /var/lib/h{i}\n")


def write_list(out, n: int) -> None:
    w = out.write
    w("apiVersion: v1\nkind: List\nitems:\n")
    for i in range(n):
        w(
            f"  - apiVersion: v1\n"
            f"    kind: Pod\n"
            f"    metadata:\n"
            f"      name: pod{i}\n"
            f"      namespace: ns{i % 50}\n"
            f"    spec:\n"
            f"      containers:\n"
            f"        - name: app\n"
            f"          image: registry.example.com/app{i % 97}:latest\n"
            f"          securityContext:\n"
            f"            privileged: true\n"
            f"            runAsUser: 0\n"
        )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("shape", choices=["pod", "list"])
    p.add_argument("--containers", type=int, default=75000, help="containers of the one pod (pod)")
    p.add_argument("--pods", type=int, default=300000, help="pods in the List (list)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8", buffering=1 << 20) as out:
        if a.shape == "pod":
            write_pod(out, a.containers)
        else:
            write_list(out, a.pods)
    size = os.path.getsize(a.out)
    print(f"{a.out}: {size / (1 << 20):.1f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
