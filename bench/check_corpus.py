#!/usr/bin/env python3
"""Check that a generated corpus is valid YAML and matches its summary.

Usage:
    python3 bench/check_corpus.py /tmp/corpus-10k

Needs PyYAML (`pip install pyyaml`; the benchmark venv has it:
/work/bench-venv/bin/python bench/check_corpus.py DIR). Every *.yaml / *.yml
file is loaded with yaml.safe_load_all; every document must be a mapping with
apiVersion, kind and metadata.name. Document and per-kind counts are compared
with <DIR>.info.json when that file exists. Also prints lines per object by kind.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is missing: run with /work/bench-venv/bin/python or pip install pyyaml")

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = argv[0].rstrip("/")
    kinds: Counter = Counter()
    kind_lines: Counter = Counter()
    files = docs = 0
    errors: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, fn)
            files += 1
            with open(path) as fh:
                text = fh.read()
            try:
                loaded = [d for d in yaml.load_all(text, Loader=Loader) if d is not None]
            except yaml.YAMLError as e:
                errors.append(f"{path}: {e}")
                continue
            # rough lines per document: split on document separators
            chunks = [c for c in text.split("\n---\n") if c.strip() not in ("", "---")]
            for i, d in enumerate(loaded):
                docs += 1
                if not isinstance(d, dict) or not d.get("apiVersion") or not d.get("kind") \
                        or not (d.get("metadata") or {}).get("name"):
                    errors.append(f"{path}: document {i} is not a Kubernetes object")
                    continue
                kinds[d["kind"]] += 1
                if len(chunks) == len(loaded):
                    kind_lines[d["kind"]] += chunks[i].count("\n") + 1
    print(f"files={files} documents={docs} errors={len(errors)}")
    for e in errors[:20]:
        print("  ERROR", e)
    print(f"{'kind':<26}{'count':>8}{'avg lines':>11}")
    for k, n in kinds.most_common():
        print(f"{k:<26}{n:>8}{kind_lines[k] / n:>11.1f}")
    info_path = root + ".info.json"
    if os.path.exists(info_path):
        with open(info_path) as fh:
            info = json.load(fh)
        ok = info["objects"] == docs and info["files"] == files and info["kinds"] == dict(kinds)
        print(f"matches {info_path}: {ok}")
        if not ok:
            errors.append("summary mismatch")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
