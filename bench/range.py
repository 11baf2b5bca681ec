#!/usr/bin/env python3
"""Range throughput: `whylint commits A..B` next to the `git log --format=%B A..B` floor.

Runs both on the same range, interleaved, and reports medians, the ratio and whylint's peak
memory. Ranges: the last 1,000 and 10,000 first-parent commits (`HEAD~N..HEAD`) of a real
repository (--repo, any local clone; e.g. git/git) and of a generated 100,000-commit repository
(made with `git fast-import` in a temp dir). Not a test: run it by hand.

    python3 bench/range.py [--repo PATH] [--runs 5] [--binary target/release/whylint]
"""

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time

SUBJECTS = [
    "Add CSV export\n\nRefs: #{n}\n",
    "feat: cache invoice totals\n\nRefs: PAY-{n}\nMetric: p95 invoice page load under 300 ms within 30 days\n",
    "Fix crash on empty invoice\n\nFinance staff lose their draft when the invoice has no lines.\n",
    "docs: explain export\n",
    "Tidy code\n",
    "Merge branch 'topic-{n}'\n",
    "perf: stream rows instead of buffering\n\nFixes #{n}\nMetric: memory per export drops from 800 MB to under 50 MB\n",
]


def generate(path, count):
    """A linear history of `count` commits with realistic messages, via git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    rng = random.Random(7)
    lines = []
    for i in range(1, count + 1):
        message = rng.choice(SUBJECTS).format(n=i).encode()
        content = f"line {i}\n".encode()
        lines.append(b"blob\nmark :%d\ndata %d\n%s\n" % (2 * i, len(content), content))
        lines.append(b"commit refs/heads/main\nmark :%d\n" % (2 * i + 1))
        lines.append(b"author Ada <ada@example.com> %d +0000\n" % (1700000000 + i * 60))
        lines.append(b"committer Ada <ada@example.com> %d +0000\n" % (1700000000 + i * 60))
        lines.append(b"data %d\n%s\n" % (len(message), message))
        if i > 1:
            lines.append(b"from :%d\n" % (2 * i - 1))
        lines.append(b"M 100644 :%d file.txt\n\n" % (2 * i))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(lines), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=path, check=True)


def timed(argv, cwd):
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_kib(argv, cwd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    return int(out.stderr.strip().splitlines()[-1])


def measure(repo, count, runs, binary):
    rng = f"HEAD~{count}..HEAD"
    size = subprocess.run(["git", "rev-list", "--count", rng], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()
    floor = ["git", "log", "--format=%B", rng]
    ours = [binary, "commits", rng, "--format", "json", "--exit-zero"]
    timed(floor, repo), timed(ours, repo)  # warm the page cache
    floor_s, ours_s = [], []
    for _ in range(runs):
        floor_s.append(timed(floor, repo))
        ours_s.append(timed(ours, repo))
    f, o = statistics.median(floor_s), statistics.median(ours_s)
    return size, f, o, peak_kib(floor, repo), peak_kib(ours, repo)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", help="a local clone with at least 10,000 first-parent commits")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default="target/release/whylint")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], check=True)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        generated = os.path.join(tmp, "generated")
        generate(generated, 100_000)
        targets = []
        if args.repo:
            targets += [(os.path.basename(os.path.abspath(args.repo)), args.repo, n) for n in (1000, 10000)]
        targets += [("generated", generated, n) for n in (1000, 10000, 99_999)]
        for name, repo, count in targets:
            size, floor, ours, floor_peak, peak = measure(repo, count, args.runs, binary)
            rows.append((name, count, size, floor, ours, floor_peak, peak))

    print(f"runs: {args.runs} each, interleaved, medians; cores: {os.cpu_count()}")
    print("| repository | range | commits | git log --format=%B | whylint commits | ratio | git log peak RSS | whylint peak RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, count, size, floor, ours, floor_peak, peak in rows:
        print(f"| {name} | HEAD~{count}..HEAD | {size} | {floor * 1000:.0f} ms | {ours * 1000:.0f} ms "
              f"| {ours / floor:.2f}x | {floor_peak / 1024:.1f} MiB | {peak / 1024:.1f} MiB |")
    print("Peak RSS includes the pack files git and whylint map into memory; compare the two columns.")


if __name__ == "__main__":
    main()
