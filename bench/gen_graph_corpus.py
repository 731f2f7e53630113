#!/usr/bin/env python3
"""Generate the estate the attack-graph benchmark runs on (issue: attack paths at scale).

Usage:
    python3 bench/gen_graph_corpus.py --out /tmp/graph-corpus [--pods 10000] [--accounts 2000]
        [--bindings 5000] [--policies 2000] [--namespaces 100] [--seed 7]

Deterministic for the same arguments. Writes one file per namespace:
  <out>/<ns>.yaml: Namespace, ServiceAccounts, Roles/ClusterRoles, RoleBindings,
  ClusterRoleBindings, NetworkPolicies, Deployments (one pod each), Services
and prints counts. Realistic mix: most workloads hardened; a few privileged or with
host namespaces; some exposed by LoadBalancer Services; most namespaces under default
deny with a few allow rules; RBAC mostly read-only, a few risky grants (secrets,
pods/exec, create pods, serviceaccounts/token, one cluster-admin).
"""
import argparse
import os
import random

VERBS_SAFE = ["get", "list", "watch"]
RISKY_RULES = [
    "- {apiGroups: [''], resources: [secrets], verbs: [get, list]}",
    "- {apiGroups: [''], resources: [pods/exec], verbs: [create]}",
    "- {apiGroups: [''], resources: [pods], verbs: [create]}",
    "- {apiGroups: [''], resources: [serviceaccounts/token], verbs: [create]}",
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--pods", type=int, default=10000)
    p.add_argument("--accounts", type=int, default=2000)
    p.add_argument("--bindings", type=int, default=5000)
    p.add_argument("--policies", type=int, default=2000)
    p.add_argument("--namespaces", type=int, default=100)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    docs = {f"ns{n:03d}": [] for n in range(a.namespaces)}
    names = sorted(docs)
    counts = {"pods": 0, "accounts": 0, "bindings": 0, "policies": 0, "services": 0, "roles": 0}

    for ns in names:
        docs[ns].append(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{team: t{rng.randrange(10)}}}\n")
    accounts = []
    for i in range(a.accounts):
        ns = names[i % len(names)]
        name = f"sa{i}"
        accounts.append((ns, name))
        docs[ns].append(f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\n  namespace: {ns}\n")
        counts["accounts"] += 1
    # One Role per namespace with read rules, a few risky ones, and two ClusterRoles.
    for ns in names:
        rules = "- {apiGroups: [''], resources: [configmaps, pods], verbs: [get, list, watch]}"
        if rng.random() < 0.2:
            rules += "\n" + rng.choice(RISKY_RULES)
        docs[ns].append(f"apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\n  namespace: {ns}\nrules:\n{rules}\n")
        counts["roles"] += 1
    docs[names[0]].append("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n- {apiGroups: [''], resources: [pods, services], verbs: [get, list]}\n")
    docs[names[0]].append("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: secret-reader\nrules:\n- {apiGroups: [''], resources: [secrets], verbs: [get, list]}\n")
    counts["roles"] += 2
    for i in range(a.bindings):
        ns, sa = accounts[rng.randrange(len(accounts))]
        r = rng.random()
        if r < 0.9:
            docs[ns].append(
                f"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b{i}\n  namespace: {ns}\n"
                f"roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}}\nsubjects:\n- {{kind: ServiceAccount, name: {sa}, namespace: {ns}}}\n")
        else:
            role = "cluster-admin" if i == a.bindings - 1 else ("secret-reader" if r > 0.995 else "reader")
            docs[ns].append(
                f"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: cb{i}\n"
                f"roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {role}}}\nsubjects:\n- {{kind: ServiceAccount, name: {sa}, namespace: {ns}}}\n")
        counts["bindings"] += 1
    i = -1
    while counts["policies"] < a.policies:
        i += 1
        ns = names[i % len(names)]
        if i < len(names):
            # Seven namespaces in ten deny by default; the rest are open.
            if i % 10 >= 7:
                continue
            spec = "podSelector: {}\n  policyTypes: [Ingress, Egress]"
        else:
            app = rng.randrange(max(1, a.pods // len(names)))
            spec = (f"podSelector: {{matchLabels: {{app: app{app}}}}}\n  ingress:\n  - from:\n    - podSelector: {{matchLabels: {{tier: front}}}}\n"
                    f"    - namespaceSelector: {{matchLabels: {{team: t{rng.randrange(10)}}}}}\n    ports: [{{port: 8080}}]\n"
                    f"  - from: [{{ipBlock: {{cidr: 0.0.0.0/0}}}}]\n  egress:\n  - to: [{{podSelector: {{}}}}]")
        docs[ns].append(f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np{i}\n  namespace: {ns}\nspec:\n  {spec}\n")
        counts["policies"] += 1
    for i in range(a.pods):
        ns = names[i % len(names)]
        local = i // len(names)
        sa = accounts[rng.randrange(len(accounts))]
        sa = sa[1] if sa[0] == ns else "default"
        tier = "front" if rng.random() < 0.2 else "back"
        r = rng.random()
        context = "{allowPrivilegeEscalation: false, runAsNonRoot: true}"
        extra = ""
        if r < 0.01:
            context = "{privileged: true}"
        elif r < 0.02:
            extra = "      hostPID: true\n"
        elif r < 0.03:
            extra = "      hostNetwork: true\n"
        secret = f"        envFrom: [{{secretRef: {{name: app{local}-env}}}}]\n" if rng.random() < 0.3 else ""
        docs[ns].append(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{local}\n  namespace: {ns}\nspec:\n  replicas: 1\n"
            f"  selector: {{matchLabels: {{app: app{local}}}}}\n  template:\n    metadata:\n      labels: {{app: app{local}, tier: {tier}}}\n"
            f"    spec:\n      serviceAccountName: {sa}\n{extra}      containers:\n      - name: main\n        image: registry.example.com/app:{local}\n"
            f"        ports: [{{containerPort: 8080}}]\n{secret}        securityContext: {context}\n")
        counts["pods"] += 1
        if tier == "front" and rng.random() < 0.25:
            docs[ns].append(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: app{local}\n  namespace: {ns}\nspec:\n  type: LoadBalancer\n  selector: {{app: app{local}}}\n  ports: [{{port: 80, targetPort: 8080}}]\n")
            counts["services"] += 1
    for ns in names:
        with open(os.path.join(a.out, f"{ns}.yaml"), "w") as f:
            f.write("---\n".join(docs[ns]))
    print(counts)


if __name__ == "__main__":
    main()
