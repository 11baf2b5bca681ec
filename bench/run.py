#!/usr/bin/env python3
"""whylint's benchmark suite: speed and memory next to the floor and next to the peers.

    python3 bench/run.py --repo PATH [--name git/git] [--runs 5] [--out bench/RESULTS.md]

PATH is any local clone of a large real history (git/git was used for bench/RESULTS.md); it is
only read: the suite clones it (hard links, no copy of the objects) into a temp dir and writes
a commit-graph into that copy for the "after gc" rows. Without --repo only the generated
history is measured.

What it measures, each program run in the same loop as the others so machine noise hits all
of them alike (pairwise interleaved), whole-process wall time (median) and peak RSS (GNU
time, /usr/bin/time, around a warm-up run):
  - hook latency: one commit-message file, next to a hello-world binary (`rustc -O`);
  - ranges of the real history (about 1,000 and 10,000 commits, `HEAD~N..HEAD`), with and
    without a commit-graph file, next to `git log --format=%B` over the same range;
  - ranges of a generated 100,000-commit history (1,000 / 10,000 / 99,999 commits);
  - `whylint report` over each whole history;
  - the peers on the same inputs: committed and cocogitto (crates.io), gitlint (PyPI),
    commitlint (npm). They are installed into bench/.peers/ on first use (needs the
    registries; `--no-peers` skips them). gitlint and commitlint take seconds to minutes per
    range: they run once per 1,000-commit range (marked "1 run") and not on larger ones; the
    table says "not run" where a peer was not measured.

The peers check different rules (committed and cocogitto: Conventional Commits; gitlint: its
defaults; commitlint: config-conventional) and whylint checks its own; only the time of a
complete run is compared. Exit codes are ignored: findings are expected on real histories.
"""

import argparse
import datetime
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MESSAGE = """feat(export): add CSV export for invoices

Finance staff copy invoices into spreadsheets by hand every month; the
export gives them one file per billing period.

Refs: #42
Metric: export-related support tickets drop from 40/week to under 5 within 30 days
"""

HELLO = 'fn main() { println!("hello"); }\n'

GENERATED_MESSAGES = [
    "Add CSV export\n\nRefs: #{n}\n",
    "feat: cache invoice totals\n\nRefs: PAY-{n}\nMetric: p95 invoice page load under 300 ms within 30 days\n",
    "Fix crash on empty invoice\n\nFinance staff lose their draft when the invoice has no lines.\n",
    "docs: explain export\n",
    "Tidy code\n",
    "Merge branch 'topic-{n}'\n",
    "perf: stream rows instead of buffering\n\nFixes #{n}\nMetric: memory per export drops from 800 MB to under 50 MB\n",
]

COMMITLINT_CONFIG = "module.exports = { extends: ['@commitlint/config-conventional'] };\n"


# ----------------------------------------------------------------------------- running things

def clean_env(home):
    """No user or system git config, no inherited GIT_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"})
    return env


GNU_TIME = "/usr/bin/time"


def run_once(argv, cwd, env, peak=False):
    """(wall seconds, peak RSS in KiB or None) of one run. The peak comes from GNU time wrapped
    around the program, so it is the program's own (a child's rusage from Python would include
    the memory of the Python process it was forked from)."""
    report = None
    if peak and os.path.exists(GNU_TIME):
        report = tempfile.NamedTemporaryFile(prefix="whylint-bench-time", delete=False)
        report.close()
        argv = [GNU_TIME, "-f", "%M", "-o", report.name] + argv
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    kib = None
    if report:
        with open(report.name) as f:
            lines = f.read().split()
        os.remove(report.name)
        kib = int(lines[-1]) if lines and lines[-1].isdigit() else None
    return elapsed, kib


def anonymous_peak(argv, cwd, env):
    """Peak anonymous memory in KiB (heap and stacks: what a program allocates, without the
    pack files it maps, which RSS counts), sampled from /proc every half millisecond; None
    where /proc is missing. A program that ends within a sample or two reads low."""
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status, peak = f"/proc/{process.pid}/status", None
    while process.poll() is None:
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        kib = int(line.split()[1])
                        peak = kib if peak is None else max(peak, kib)
        except (OSError, ValueError):
            pass
        time.sleep(0.0005)
    return peak


class Result:
    def __init__(self, times, peak, anonymous=None):
        self.median = statistics.median(times)
        self.peak = peak
        self.anonymous = anonymous
        self.runs = len(times)


def interleaved(programs, runs, cwd, env, anonymous=False):
    """Runs every program `runs` times, round-robin, after one warm-up each (which also takes
    its peak memory, under GNU time; the timed runs are not wrapped). With `anonymous`, one more
    untimed run each samples its anonymous memory."""
    peaks = {name: run_once(argv, cwd, env, peak=True)[1] for name, argv in programs.items()}
    anon = {name: anonymous_peak(argv, cwd, env) if anonymous else None
            for name, argv in programs.items()}
    times = {name: [] for name in programs}
    for _ in range(runs):
        for name, argv in programs.items():
            times[name].append(run_once(argv, cwd, env)[0])
    return {name: Result(times[name], peaks[name], anon[name]) for name in programs}


def output(argv, cwd=None, env=None):
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).strip()


# ----------------------------------------------------------------------------- the peers

class Peers:
    """The peer tools, installed into `root` from the registries on first use."""

    def __init__(self, root):
        self.root = root
        self.cargo_bin = os.path.join(root, "cargo", "bin")
        self.venv = os.path.join(root, "venv")
        self.npm = os.path.join(root, "npm")
        self.commitlint_config = os.path.join(self.npm, "commitlint.config.js")

    def install(self):
        os.makedirs(self.root, exist_ok=True)
        for crate, binary in (("committed", "committed"), ("cocogitto", "cog")):
            if not os.path.exists(os.path.join(self.cargo_bin, binary)):
                print(f"installing {crate} from crates.io (a few minutes)...", file=sys.stderr)
                subprocess.run(["cargo", "install", "--locked", "--quiet", crate, "--root",
                                os.path.join(self.root, "cargo")], check=True)
        if not os.path.exists(os.path.join(self.venv, "bin", "gitlint")):
            print("installing gitlint from PyPI...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", self.venv], check=True)
            subprocess.run([os.path.join(self.venv, "bin", "pip"), "install", "--quiet",
                            "--disable-pip-version-check", "gitlint"], check=True)
        if not os.path.exists(os.path.join(self.npm, "node_modules", ".bin", "commitlint")):
            print("installing commitlint from npm...", file=sys.stderr)
            subprocess.run(["npm", "install", "--silent", "--prefix", self.npm,
                            "@commitlint/cli", "@commitlint/config-conventional"], check=True)
        with open(self.commitlint_config, "w") as f:
            f.write(COMMITLINT_CONFIG)

    def committed(self):
        return os.path.join(self.cargo_bin, "committed")

    def cog(self):
        return os.path.join(self.cargo_bin, "cog")

    def gitlint(self):
        return os.path.join(self.venv, "bin", "gitlint")

    def commitlint(self):
        return os.path.join(self.npm, "node_modules", ".bin", "commitlint")

    def versions(self):
        return {
            "committed": output([self.committed(), "--version"]),
            "cocogitto": output([self.cog(), "--version"]),
            "gitlint": output([self.gitlint(), "--version"]),
            "commitlint": "commitlint " + output([self.commitlint(), "--version"]),
        }

    def hook_commands(self, message):
        return {
            "committed": [self.committed(), "--commit-file", message],
            "cocogitto": [self.cog(), "verify", "--file", message],
            "gitlint": [self.gitlint(), "--msg-filename", message],
            "commitlint": [self.commitlint(), "--config", self.commitlint_config, "--edit", message],
        }

    def range_commands(self, base, head, _slow_ok=False):
        return {
            "committed": [self.committed(), f"{base}..{head}"],
            "cocogitto": [self.cog(), "check", f"{base}..{head}"],
        }

    def slow_range_commands(self, base, head):
        return {
            "gitlint": [self.gitlint(), "--commits", f"{base}..{head}"],
            "commitlint": [self.commitlint(), "--config", self.commitlint_config,
                           "--from", base, "--to", head],
        }


# ----------------------------------------------------------------------------- histories

def generate(path, count, env):
    """A linear history of `count` commits with realistic messages, via git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True, env=env)
    rng = random.Random(7)
    chunks = []
    for i in range(1, count + 1):
        message = rng.choice(GENERATED_MESSAGES).format(n=i).encode()
        content = f"line {i}\n".encode()
        chunks.append(b"blob\nmark :%d\ndata %d\n%s\n" % (2 * i, len(content), content))
        chunks.append(b"commit refs/heads/main\nmark :%d\n" % (2 * i + 1))
        stamp = 1700000000 + i * 60
        chunks.append(b"author Ada <ada@example.com> %d +0000\n" % stamp)
        chunks.append(b"committer Ada <ada@example.com> %d +0000\n" % stamp)
        chunks.append(b"data %d\n%s\n" % (len(message), message))
        if i > 1:
            chunks.append(b"from :%d\n" % (2 * i - 1))
        chunks.append(b"M 100644 :%d file.txt\n\n" % (2 * i))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(chunks),
                   check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=path, check=True, env=env)


def copy_of(repo, path, env):
    """A clone of `repo` sharing its objects by hard links, with no files checked out (some
    peers refuse bare repositories)."""
    subprocess.run(["git", "clone", "-q", "--no-checkout", "--no-tags", repo, path], check=True,
                   env=env)
    # A local clone links the source's commit-graph too; start from none, as a fresh clone does.
    info = os.path.join(path, ".git", "objects", "info")
    for name in ("commit-graph", "commit-graphs"):
        target = os.path.join(info, name)
        if os.path.isdir(target):
            shutil.rmtree(target)
        elif os.path.exists(target):
            os.remove(target)


def write_graph(path, env):
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=path, check=True, env=env)


def count(path, rng, env):
    return int(output(["git", "rev-list", "--count", rng], cwd=path, env=env))


def first_parent_back(path, wanted, env):
    """The smallest N for which HEAD~N..HEAD holds at least `wanted` commits."""
    low, high = 1, wanted
    while low < high:
        mid = (low + high) // 2
        if count(path, f"HEAD~{mid}..HEAD", env) >= wanted:
            high = mid
        else:
            low = mid + 1
    return low


# ----------------------------------------------------------------------------- the suite

class Table:
    def __init__(self, title, note=""):
        self.title, self.note, self.rows = title, note, []

    def add(self, *cells):
        self.rows.append(cells)

    def markdown(self, header):
        lines = [f"### {self.title}", ""]
        if self.note:
            lines += [self.note, ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + " --- |" * len(header))
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:.1f} MiB"


def cell(result, floor):
    once = " (1 run)" if result.runs == 1 else ""
    return f"{ms(result.median)} ({result.median / floor.median:.2f}x){once}"


def hook_latency(binary, peers, tmp, env, runs, baseline=None):
    hello_src, hello = os.path.join(tmp, "hello.rs"), os.path.join(tmp, "hello")
    with open(hello_src, "w") as f:
        f.write(HELLO)
    subprocess.run(["rustc", "-O", "-o", hello, hello_src], check=True)
    repo = os.path.join(tmp, "hook-repo")
    subprocess.run(["git", "init", "-q", "-b", "feat/PAY-12-export", repo], check=True, env=env)
    message = os.path.join(repo, ".git", "COMMIT_EDITMSG")
    with open(message, "w") as f:
        f.write(MESSAGE)
    programs = {"floor": [hello], "whylint": [binary, "msg", message]}
    if baseline:
        programs["baseline"] = [baseline, "msg", message]
    if peers:
        programs.update(peers.hook_commands(message))
    return interleaved(programs, runs, repo, env)


def range_runs(binary, peers, repo, back, runs, env, slow_peers, baseline=None):
    rng = f"HEAD~{back}..HEAD"
    programs = {
        "floor": ["git", "log", "--format=%B", rng],
        "whylint": [binary, "commits", rng, "--format", "json", "--exit-zero"],
    }
    if baseline:
        programs["baseline"] = [baseline, "commits", rng, "--format", "json", "--exit-zero"]
    slow = {}
    if peers:
        head = output(["git", "rev-parse", "HEAD"], cwd=repo, env=env)
        base = output(["git", "rev-parse", f"HEAD~{back}"], cwd=repo, env=env)
        programs.update(peers.range_commands(base, head, False))
        if slow_peers:
            # gitlint runs `git branch --contains` for every commit: minutes per run on a large
            # history. It and commitlint run once each, after the interleaved loop.
            slow = peers.slow_range_commands(base, head)
    results = interleaved(programs, runs, repo, env, anonymous=True)
    for name, argv in slow.items():
        elapsed, peak = run_once(argv, repo, env, peak=True)
        results[name] = Result([elapsed], peak)
    return results


def baseline_heap(result, baseline):
    """The baseline's cell of the anonymous-memory table, when there is a baseline."""
    return [mib(result["baseline"].anonymous)] if baseline else []


def machine(peers, binary):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    lines = [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
        f"{os.cpu_count()} cores, {memory}",
        f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- {output(['git', '--version'])}; {output(['rustc', '--version'])}",
        f"- {output([binary, '--version'])}",
    ]
    if peers:
        lines += [f"- {name}: {version}" for name, version in peers.versions().items()]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", help="a local clone of a large real history (e.g. git/git)")
    parser.add_argument("--name", help="what to call --repo in the tables (default: its folder name)")
    parser.add_argument("--runs", type=int, default=5, help="runs per range measurement")
    parser.add_argument("--hook-runs", type=int, default=30, help="runs per hook measurement")
    parser.add_argument("--commits", type=int, default=100_000, help="size of the generated history")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "whylint"))
    parser.add_argument("--peers-dir", default=os.path.join(HERE, ".peers"))
    parser.add_argument("--no-peers", action="store_true", help="measure whylint and the floor only")
    parser.add_argument("--baseline", help="another whylint binary (an older build) to measure in "
                        "the same loop, in a `baseline` column of the range and report tables")
    parser.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    args = parser.parse_args()

    print("building whylint (release)...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.abspath(args.binary)
    peers = None
    if not args.no_peers:
        peers = Peers(args.peers_dir)
        peers.install()
    names = ["committed", "cocogitto", "gitlint", "commitlint"] if peers else []
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    # The baseline's column comes right after whylint's, where the peers' would.
    names = (["baseline"] if baseline else []) + names
    sections = []
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="whylint-bench") as tmp:
        env = clean_env(tmp)
        header_text = machine(peers, binary)

        print("hook latency...", file=sys.stderr)
        hook = hook_latency(binary, peers, tmp, env, args.hook_runs, baseline)
        table = Table("Hook latency: one commit message",
                      "Floor: a hello-world binary built with `rustc -O`. Ratios are against the floor.")
        floor = hook["floor"]
        table.add("one message file", ms(floor.median), cell(hook["whylint"], floor),
                  *[cell(hook[name], floor) for name in names])
        sections.append(table.markdown(["work", "floor", "whylint"] + names))
        peak = Table("Hook peak memory")
        peak.add("one message file", mib(floor.peak), mib(hook["whylint"].peak),
                 *[mib(hook[name].peak) for name in names])
        sections.append(peak.markdown(["work", "floor", "whylint"] + names))

        histories = []
        if args.repo:
            real = os.path.join(tmp, "real")
            copy_of(os.path.abspath(args.repo), real, env)
            name = args.name or os.path.basename(os.path.abspath(args.repo).rstrip("/"))
            histories.append((f"{name}, as cloned (no commit-graph)", real, True))
            histories.append((f"{name}, after gc (commit-graph)", real, False))
        print(f"generating {args.commits} commits...", file=sys.stderr)
        generated = os.path.join(tmp, "generated")
        generate(generated, args.commits, env)

        ranges = Table(
            "Ranges: `HEAD~N..HEAD`",
            "Floor: `git log --format=%B` on the same range. Each cell: median wall time "
            "(ratio to the floor). whylint and the floor read the same repository state.")
        memory = Table("Range peak memory (RSS, includes mapped pack files)")
        heap = Table(
            "Range peak anonymous memory (heap and stacks, without mapped files)",
            "Sampled from /proc/PID/status every 0.5 ms in one extra run. RSS above also counts "
            "the pages of the pack and commit-graph files a program reads, which grow with the "
            "range for every reader; this is what a program allocates itself.")
        for label, path, before_graph in histories:
            if not before_graph:
                write_graph(path, env)
            for wanted in (1_000, 10_000):
                back = first_parent_back(path, wanted, env)
                size = count(path, f"HEAD~{back}..HEAD", env)
                print(f"{label}: {size} commits...", file=sys.stderr)
                slow = wanted <= 1_000
                result = range_runs(binary, peers, path, back, args.runs, env, slow, baseline)
                floor = result["floor"]
                ranges.add(label, f"HEAD~{back} ({size:,} commits)", ms(floor.median),
                           cell(result["whylint"], floor),
                           *[cell(result[n], floor) if n in result else "not run" for n in names])
                memory.add(label, f"{size:,} commits", mib(floor.peak), mib(result["whylint"].peak),
                           *[mib(result[n].peak) if n in result else "not run" for n in names])
                heap.add(label, f"{size:,} commits", mib(floor.anonymous),
                         mib(result["whylint"].anonymous), *baseline_heap(result, baseline))
        for graph in (False, True):
            label = "generated, " + ("after gc (commit-graph)" if graph else "no commit-graph")
            if graph:
                write_graph(generated, env)
            for wanted in (1_000, 10_000, args.commits - 1):
                print(f"{label}: {wanted} commits...", file=sys.stderr)
                result = range_runs(binary, peers if wanted <= 1_000 else None, generated,
                                    wanted, args.runs, env, False, baseline)
                floor = result["floor"]
                ranges.add(label, f"HEAD~{wanted} ({wanted:,} commits)",
                           ms(floor.median), cell(result["whylint"], floor),
                           *[cell(result[n], floor) if n in result else "not run" for n in names])
                memory.add(label, f"{wanted:,} commits", mib(floor.peak),
                           mib(result["whylint"].peak),
                           *[mib(result[n].peak) if n in result else "not run" for n in names])
                heap.add(label, f"{wanted:,} commits", mib(floor.anonymous),
                         mib(result["whylint"].anonymous), *baseline_heap(result, baseline))
        sections.append(ranges.markdown(["history", "range", "floor", "whylint"] + names))
        sections.append(memory.markdown(["history", "range", "floor", "whylint"] + names))
        sections.append(heap.markdown(["history", "range", "floor", "whylint"]
                                      + (["baseline"] if baseline else [])))

        report = Table("`whylint report` over the whole history",
                       "Floor: `git log --format=%B` over the same history.")
        for label, path in ([(h[0], h[1]) for h in histories if not h[2]]
                            + [("generated, after gc (commit-graph)", generated)]):
            print(f"report: {label}...", file=sys.stderr)
            programs = {
                "floor": ["git", "log", "--format=%B"],
                "whylint": [binary, "report", "--format", "json"],
            }
            if baseline:
                programs["baseline"] = [baseline, "report", "--format", "json"]
            result = interleaved(programs, max(1, args.runs // 2), path, env)
            size = count(path, "HEAD", env)
            extra = ([cell(result["baseline"], result["floor"]), mib(result["baseline"].peak)]
                     if baseline else [])
            report.add(label, f"{size:,}", ms(result["floor"].median),
                       cell(result["whylint"], result["floor"]), mib(result["floor"].peak),
                       mib(result["whylint"].peak), *extra)
        sections.append(report.markdown(
            ["history", "commits", "floor", "whylint", "floor peak", "whylint peak"]
            + (["baseline", "baseline peak"] if baseline else [])))

    minutes = (time.time() - started) / 60
    text = "\n".join([
        "# Benchmark results",
        "",
        f"Written by `python3 bench/run.py {' '.join(sys.argv[1:])}` in {minutes:.1f} minutes.",
        "Medians of whole-process wall time, every program interleaved with the others in one "
        "loop; peak memory is the RSS GNU time reports for one (warm-up) run. Re-run to "
        "refresh; compare ratios, not milliseconds, across machines.",
        "",
        header_text,
        f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        "",
    ] + sections)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
