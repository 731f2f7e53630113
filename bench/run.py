#!/usr/bin/env python3
"""Time palisade against checkov and trivy on the same synthetic Kubernetes (or Terraform) corpus.

Usage:
    python3 bench/run.py --objects 10000 [--palisade PATH | --no-palisade]
                         [--no-checkov] [--no-trivy] [--checkov PATH] [--trivy PATH]
                         [--corpus DIR] [--repeat N] [--timeout SEC] [--json FILE]

The corpus is generated with bench/gen_corpus.py (--kind terraform: bench/gen_tf_corpus.py,
N resources across root modules that call local modules) and cached as
/tmp/palisade-bench/corpus-N (tf-corpus-N) (regenerated when its seed or generator version
changes). Every tool scans the same folder in the same run; with --repeat N the
tools take turns (round robin) and the median of each metric is reported.

Commands (all offline):
  palisade scan DIR --format json --output OUT --quiet --fail-on critical
  checkov  -d DIR --framework kubernetes --quiet --compact -o json --skip-download   (env BC_SKIP_MAPPING=TRUE)
  trivy    config --disable-telemetry --skip-check-update --skip-version-check
           --misconfig-scanners kubernetes --cache-dir EMPTY_DIR --quiet --format json --output OUT DIR
OUT is a file under /tmp/palisade-bench/out so findings can be counted
(--discard-output sends every report to /dev/null instead). Success is exit
code 0 or 1 for palisade and checkov (1 = findings), 0 for trivy.

Measurements, per run:
  wall     time.perf_counter() around fork .. reap, in the launcher (below).
  cpu      user+sys from os.wait4() rusage.
  peak RSS ru_maxrss from wait4() on the tool's process. On Linux wait4
           reports RUSAGE_BOTH for the reaped child: the child itself and every
           descendant it waited for. ru_maxrss is a max, not a sum, so this is
           the peak of the single largest process in the tool's tree (checkov
           forks worker processes; their peaks are included, not added).
           Linux carries ru_maxrss across exec: a child forked (or vforked)
           from this script starts with this script's resident size as its
           peak, which after counting a large report is hundreds of MiB. So
           every tool is started by a small launcher (LAUNCHER below, a fresh
           `python3 -S`, about 9 MiB), which forks and execs the tool, and
           times and wait4s it itself: a tool's peak is then exact whenever it
           exceeds the launcher's size, which every tool here does.
  tree PSS the peak of the summed PSS (/proc/PID/smaps_rollup) of the tool's
           whole process tree, sampled every --sample-interval seconds (0.05
           by default). PSS splits shared copy-on-write pages between forked
           workers, so the sum is the tree's real footprint. Sampling can miss
           peaks shorter than the interval, so runs of a few hundred ms may read
           low; "peak MiB" in the summary is max(peak RSS, tree PSS).
Ratios are competitor / palisade for median wall time and peak MiB.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
import gen_corpus  # noqa: E402
import gen_tf_corpus  # noqa: E402

# The framework each competitor is told to scan: kubernetes, or terraform (--kind).
KIND = "kubernetes"

WORK = "/tmp/palisade-bench"
VENV_BIN = os.environ.get("BENCH_VENV", "/work/bench-venv") + "/bin"
PALISADE_ARGS = "scan {corpus} --format json --output {output} --quiet --fail-on critical"


# --------------------------------------------------------------------------
# process tree memory sampling
# --------------------------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # field 4 (ppid) comes after the ")" that closes the command name
        rest = stat[stat.rfind(b")") + 2:].split()
        kids.setdefault(int(rest[1]), []).append(int(name))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:  # fallback: resident pages from statm
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)[1:]  # the tool's tree, not the launcher
            total = sum(_pss_kib(p) for p in pids)
            self.peak_kib = max(self.peak_kib, total)
            self.peak_procs = max(self.peak_procs, len(pids))
            self.stop.wait(self.interval)


# --------------------------------------------------------------------------
# running one measured command
# --------------------------------------------------------------------------

# Forks and execs the tool (argv[2:]), waits for it and writes its wall time, CPU time, peak
# RSS (KiB) and exit status as JSON to the descriptor numbered argv[1]. A process of its own so that the tool's ru_maxrss
# starts from this small process's size, not the benchmark script's (see "peak RSS" above).
LAUNCHER = r"""
import json, os, sys, time
t0 = time.perf_counter()
report, argv = int(sys.argv[1]), sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
os.write(report, json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss": ru.ru_maxrss,
                        "exit": os.waitstatus_to_exitcode(status)}).encode())
"""


def run_measured(cmd: list[str], stdout_path: str, stderr_path: str, timeout: float,
                 env: dict | None, interval: float) -> dict:
    read_end, write_end = os.pipe()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        p = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(write_end), *cmd], stdout=out, stderr=err,
                             stdin=subprocess.DEVNULL, env=env, start_new_session=True, cwd=WORK,
                             pass_fds=(write_end,))
        os.close(write_end)
        sampler = TreeSampler(p.pid, interval) if interval > 0 else None
        if sampler:
            sampler.start()
        timed_out = threading.Event()

        def _kill() -> None:
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)  # the tool's own process group only
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, _kill)
        timer.start()
        try:
            with os.fdopen(read_end, "rb") as report:
                measured = report.read()
            p.wait()
        finally:
            timer.cancel()
        if sampler:
            sampler.stop.set()
            sampler.join()
    m = json.loads(measured) if measured else {"wall": float(timeout), "cpu": 0.0, "maxrss": 0, "exit": -9}
    return {
        "wall_s": m["wall"],
        "cpu_s": m["cpu"],
        "peak_rss_mib": m["maxrss"] / 1024.0,  # Linux: KiB
        "tree_pss_mib": (sampler.peak_kib / 1024.0) if sampler else None,
        "max_procs": sampler.peak_procs if sampler else None,
        "exit": m["exit"],
        "timed_out": timed_out.is_set(),
    }


# --------------------------------------------------------------------------
# tools
# --------------------------------------------------------------------------

def find_tool(name: str, override: str | None) -> str | None:
    if override:
        path = shutil.which(override) or override
        if not os.access(path, os.X_OK):
            sys.exit(f"{name}: {override} is not an executable")
        return os.path.abspath(path)
    found = shutil.which(name)
    if found:
        return found
    cand = os.path.join(VENV_BIN, name)
    return cand if os.access(cand, os.X_OK) else None


def tool_version(argv: list[str]) -> str:
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=WORK)
        text = (r.stdout or r.stderr).strip().splitlines()
        return text[0].replace("Version:", "").strip() if text else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def count_palisade(path: str):
    with open(path) as fh:
        d = json.load(fh)
    if isinstance(d, list):
        return len(d)
    if isinstance(d, dict):
        if isinstance(d.get("findings"), list):
            return len(d["findings"])
        s = d.get("summary")
        if isinstance(s, dict):
            for k in ("findings", "total", "failed", "total_findings"):
                if isinstance(s.get(k), int):
                    return s[k]
        if isinstance(d.get("results"), list):
            return sum(len(r.get("findings", [])) for r in d["results"] if isinstance(r, dict))
    return None


def count_checkov(path: str):
    with open(path) as fh:
        d = json.load(fh)
    reports = d if isinstance(d, list) else [d]
    failed = passed = 0
    for r in reports:
        s = r.get("summary", r)
        failed += int(s.get("failed", 0))
        passed += int(s.get("passed", 0))
    return failed, passed


def count_trivy(path: str):
    with open(path) as fh:
        d = json.load(fh)
    failed = passed = 0
    for r in d.get("Results") or []:
        s = r.get("MisconfSummary") or {}
        failed += s.get("Failures", len(r.get("Misconfigurations") or []))
        passed += s.get("Successes", 0)
    return failed, passed


class Tool:
    def __init__(self, name: str, path: str, ok_codes: set[int]):
        self.name, self.path, self.ok_codes = name, path, ok_codes
        self.version = "?"
        self.runs: list[dict] = []

    def command(self, corpus: str, output: str) -> tuple[list[str], str | None, dict]:
        """argv, file the tool writes its report to (None: stdout), extra env."""
        raise NotImplementedError

    def count(self, report: str):
        return None, None


class Palisade(Tool):
    def __init__(self, path: str, args_template: str):
        super().__init__("palisade", path, {0, 1})
        self.template = args_template

    def command(self, corpus, output):
        return [self.path] + [a.format(corpus=corpus, output=output) for a in self.template.split()], output, {}

    def count(self, report):
        return count_palisade(report), None


class Checkov(Tool):
    def __init__(self, path: str):
        super().__init__("checkov", path, {0, 1})

    def command(self, corpus, output):
        return ([self.path, "-d", corpus, "--framework", KIND, "--quiet", "--compact",
                 "-o", "json", "--skip-download"], None, {"BC_SKIP_MAPPING": "TRUE"})

    def count(self, report):
        return count_checkov(report)


class Trivy(Tool):
    def __init__(self, path: str):
        super().__init__("trivy", path, {0})

    def command(self, corpus, output):
        cache = os.path.join(WORK, "trivy-cache")  # empty: always the checks embedded in the binary
        return ([self.path, "config", "--disable-telemetry", "--skip-check-update", "--skip-version-check",
                 "--misconfig-scanners", KIND, "--cache-dir", cache, "--quiet",
                 "--format", "json", "--output", output, corpus], output, {})

    def count(self, report):
        return count_trivy(report)


# --------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------

def ensure_corpus(objects: int, seed: int) -> str:
    generator = gen_tf_corpus if KIND == "terraform" else gen_corpus
    prefix = "tf-corpus" if KIND == "terraform" else "corpus"
    path = os.path.join(WORK, f"{prefix}-{objects}" + (f"-s{seed}" if seed != 42 else ""))
    info_path = path + ".info.json"
    if os.path.isdir(path) and os.path.exists(info_path):
        with open(info_path) as fh:
            info = json.load(fh)
        if info.get("generator_version") == generator.GENERATOR_VERSION and info.get("seed") == seed \
                and info.get("resources" if KIND == "terraform" else "objects") == objects:
            return path
    print(f"generating corpus: {objects} objects -> {path}", flush=True)
    generator.generate(objects, path, seed, quiet=True)
    return path


def corpus_stats(path: str) -> dict:
    info_path = path.rstrip("/") + ".info.json"
    if os.path.exists(info_path):
        with open(info_path) as fh:
            info = json.load(fh)
        return {"objects": info["objects"], "files": info["files"], "mib": info["bytes"] / 2**20}
    files = size = 0
    for dp, _, fns in os.walk(path):
        for fn in fns:
            if fn.endswith((".yaml", ".yml", ".json", ".tf")):
                files += 1
                size += os.path.getsize(os.path.join(dp, fn))
    return {"objects": None, "files": files, "mib": size / 2**20}


def prewarm(path: str) -> None:
    """Read every file once so no tool pays for a cold page cache."""
    for dp, _, fns in os.walk(path):
        for fn in fns:
            with open(os.path.join(dp, fn), "rb") as fh:
                while fh.read(1 << 20):
                    pass


# --------------------------------------------------------------------------
# reporting
# --------------------------------------------------------------------------

def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def summarize(tool: Tool) -> dict:
    ok = [r for r in tool.runs if r["ok"]]
    runs = ok or tool.runs
    s = {
        "tool": tool.name, "version": tool.version, "path": tool.path, "runs": len(tool.runs),
        "ok_runs": len(ok),
        "wall_s": med(r["wall_s"] for r in runs),
        "wall_min_s": min(r["wall_s"] for r in runs),
        "cpu_s": med(r["cpu_s"] for r in runs),
        "peak_rss_mib": med(r["peak_rss_mib"] for r in runs),
        "tree_pss_mib": med(r["tree_pss_mib"] for r in runs),
        "max_procs": max((r["max_procs"] or 0) for r in runs),
        "exit": runs[-1]["exit"],
        "findings": runs[-1].get("findings"),
        "passed": runs[-1].get("passed"),
    }
    s["peak_mib"] = max(s["peak_rss_mib"] or 0, s["tree_pss_mib"] or 0)
    return s


def ratio(a, b) -> str:
    return f"{a / b:.1f}x" if a and b else "n/a"


def fmt(v, nd=2):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def markdown(summaries: list[dict], corpus: dict, repeat: int) -> str:
    cores = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    what = "Terraform resources" if KIND == "terraform" else "Kubernetes objects"
    lines = [
        f"Corpus: {fmt(corpus['objects'])} {what} in {corpus['files']} files "
        f"({corpus['mib']:.1f} MiB); machine: {cores} cores, {mem:.0f} GiB, {platform.system()} "
        f"{platform.machine()}; median of {repeat} run(s).",
        "",
        "| Tool | Version | Wall time (s) | CPU time (s) | Peak RSS (MiB) | Tree PSS (MiB) | Findings | Exit |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in summaries:
        wall = fmt(s["wall_s"]) + (f" (min {fmt(s['wall_min_s'])})" if s["runs"] > 1 else "")
        lines.append(f"| {s['tool']} | {s['version']} | {wall} | {fmt(s['cpu_s'])} | "
                     f"{fmt(s['peak_rss_mib'], 0)} | {fmt(s['tree_pss_mib'], 0)} | {fmt(s['findings'])} | "
                     f"{s['exit']}{'' if s['ok_runs'] == s['runs'] else ' (failed)'} |")
    base = next((s for s in summaries if s["tool"] == "palisade" and s["ok_runs"]), None)
    if base and len(summaries) > 1:
        lines += ["", "| Ratio vs palisade | Time | Peak memory |", "| --- | ---: | ---: |"]
        for s in summaries:
            if s is base:
                continue
            lines.append(f"| {s['tool']} / palisade | {ratio(s['wall_s'], base['wall_s'])} | "
                         f"{ratio(s['peak_mib'], base['peak_mib'])} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See bench/README.md.")
    ap.add_argument("--objects", type=int, default=10000, help="corpus size in Kubernetes documents (default 10000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--kind", choices=["kubernetes", "terraform"], default="kubernetes",
                    help="what the corpus holds and what checkov and trivy are told to scan (default kubernetes)")
    ap.add_argument("--corpus", help="scan this folder instead of a generated corpus")
    ap.add_argument("--palisade", help="palisade binary (default: .build/release/palisade)")
    ap.add_argument("--palisade-args", default=PALISADE_ARGS,
                    help=f"argument template, {{corpus}} and {{output}} are filled in (default: {PALISADE_ARGS!r})")
    ap.add_argument("--no-palisade", action="store_true")
    ap.add_argument("--checkov", help="checkov executable (default: PATH, then $BENCH_VENV/bin)")
    ap.add_argument("--no-checkov", action="store_true")
    ap.add_argument("--trivy", help="trivy executable (default: PATH, then $BENCH_VENV/bin)")
    ap.add_argument("--no-trivy", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; medians are reported")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a run is killed (default 3600)")
    ap.add_argument("--sample-interval", type=float, default=0.05,
                    help="seconds between process-tree PSS samples, 0 disables (default 0.05)")
    ap.add_argument("--discard-output", action="store_true",
                    help="send every report to /dev/null (findings are then not counted)")
    ap.add_argument("--no-prewarm", action="store_true", help="do not read the corpus into the page cache first")
    ap.add_argument("--keep-output", action="store_true", help=f"keep reports under {WORK}/out")
    ap.add_argument("--json", help="also write all runs and summaries to this JSON file")
    a = ap.parse_args(argv)
    global KIND
    KIND = a.kind

    os.makedirs(os.path.join(WORK, "out"), exist_ok=True)
    os.makedirs(os.path.join(WORK, "trivy-cache"), exist_ok=True)

    tools: list[Tool] = []
    if not a.no_palisade:
        path = a.palisade or os.path.join(REPO, ".build", "release", "palisade")
        if not os.access(path, os.X_OK):
            sys.exit(f"palisade binary not found at {path}: build it with `swift build -c release`, "
                     "pass --palisade PATH, or use --no-palisade")
        tools.append(Palisade(os.path.abspath(path), a.palisade_args))
    if not a.no_checkov:
        p = find_tool("checkov", a.checkov)
        if p:
            tools.append(Checkov(p))
        else:
            print("checkov not found (bench/install-competitors.sh installs it); skipped", file=sys.stderr)
    if not a.no_trivy:
        p = find_tool("trivy", a.trivy)
        if p:
            tools.append(Trivy(p))
        else:
            print("trivy not found (bench/install-competitors.sh installs it); skipped", file=sys.stderr)
    if not tools:
        sys.exit("no tools to run")

    corpus = os.path.abspath(a.corpus) if a.corpus else ensure_corpus(a.objects, a.seed)
    if not os.path.isdir(corpus):
        sys.exit(f"corpus {corpus} is not a folder")
    cstats = corpus_stats(corpus)
    print(f"corpus: {corpus} ({fmt(cstats['objects'])} objects, {cstats['files']} files, "
          f"{cstats['mib']:.1f} MiB)", flush=True)
    if not a.no_prewarm:
        prewarm(corpus)
    load = os.getloadavg()[0]
    if load > 0.7:
        print(f"warning: 1-minute load average is {load:.2f} before the first run; other work on this "
              f"{os.cpu_count()}-core machine will inflate the timings", file=sys.stderr, flush=True)

    for t in tools:
        t.version = tool_version([t.path, "--version"])
        print(f"{t.name}: {t.path} ({t.version})", flush=True)

    tag = os.path.basename(corpus.rstrip("/"))
    for rnd in range(a.repeat):
        for t in tools:
            base = os.path.join(WORK, "out", f"{t.name}-{tag}-{rnd}")
            report = "/dev/null" if a.discard_output else base + ".json"
            argv, report_file, extra_env = t.command(corpus, report)
            stdout_path = "/dev/null" if (a.discard_output and report_file is None) else base + ".stdout"
            env = dict(os.environ, **extra_env)
            print(f"[{rnd + 1}/{a.repeat}] {t.name}: {' '.join(argv)}", flush=True)
            load_before = os.getloadavg()[0]
            r = run_measured(argv, stdout_path, base + ".stderr", a.timeout, env, a.sample_interval)
            r["load_before"] = load_before
            r["ok"] = (r["exit"] in t.ok_codes) and not r["timed_out"]
            r["findings"] = r["passed"] = None
            if r["ok"] and not a.discard_output:
                try:
                    r["findings"], r["passed"] = t.count(report_file or stdout_path)
                except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
                    print(f"    could not count findings: {e}", file=sys.stderr)
            t.runs.append(r)
            status = "ok" if r["ok"] else ("TIMEOUT" if r["timed_out"] else "FAILED")
            print(f"    {status} exit={r['exit']} wall={r['wall_s']:.2f}s cpu={r['cpu_s']:.2f}s "
                  f"peak_rss={r['peak_rss_mib']:.0f}MiB tree_pss={fmt(r['tree_pss_mib'], 0)}MiB "
                  f"procs={r['max_procs']} findings={fmt(r['findings'])} load={load_before:.2f}", flush=True)
            if not r["ok"]:
                with open(base + ".stderr", errors="replace") as fh:
                    tail = fh.read()[-2000:]
                print("    stderr tail:\n" + "\n".join("      " + ln for ln in tail.splitlines()), flush=True)
            if not a.keep_output:
                for suffix in (".json", ".stdout", ".stderr"):
                    if os.path.exists(base + suffix) and (r["ok"] or suffix != ".stderr"):
                        os.remove(base + suffix)

    summaries = [summarize(t) for t in tools]
    print()
    print(f"{'tool':<10}{'wall s':>10}{'cpu s':>10}{'peak RSS MiB':>14}{'tree PSS MiB':>14}{'exit':>6}{'findings':>10}")
    for s in summaries:
        print(f"{s['tool']:<10}{fmt(s['wall_s']):>10}{fmt(s['cpu_s']):>10}{fmt(s['peak_rss_mib'], 0):>14}"
              f"{fmt(s['tree_pss_mib'], 0):>14}{s['exit']:>6}{fmt(s['findings']):>10}")
    base = next((s for s in summaries if s["tool"] == "palisade" and s["ok_runs"]), None)
    if base:
        print()
        for s in summaries:
            if s is not base:
                print(f"{s['tool']}/palisade: time {ratio(s['wall_s'], base['wall_s'])}, "
                      f"memory {ratio(s['peak_mib'], base['peak_mib'])} "
                      f"(peak RSS alone {ratio(s['peak_rss_mib'], base['peak_rss_mib'])})")
    print()
    print(markdown(summaries, cstats, a.repeat))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"corpus": corpus, "corpus_stats": cstats, "repeat": a.repeat,
                       "summaries": summaries, "runs": {t.name: t.runs for t in tools}}, fh, indent=2)
            fh.write("\n")
    return 0 if all(s["ok_runs"] for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
