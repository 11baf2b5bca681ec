#!/usr/bin/env python3
"""Hook latency: whole-process time of `whylint msg FILE` next to a hello-world binary.

Both programs run interleaved in the same loop (so machine noise hits both alike), from a
fresh git repository in a temp dir, on a typical commit message. Prints medians, the ratio,
and p90. Not a test: run it by hand or from CI logs.

    python3 bench/hook_latency.py [--runs 50] [--binary target/release/whylint]
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

MESSAGE = """feat(export): add CSV export for invoices

Finance staff copy invoices into spreadsheets by hand every month; the
export gives them one file per billing period.

Refs: #42
Metric: export-related support tickets drop from 40/week to under 5 within 30 days
"""

HELLO = 'fn main() { println!("hello"); }\n'


def run(argv, cwd, env):
    start = time.perf_counter_ns()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter_ns() - start) / 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--binary", default="target/release/whylint")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], check=True)

    with tempfile.TemporaryDirectory() as tmp:
        hello_src = os.path.join(tmp, "hello.rs")
        hello = os.path.join(tmp, "hello")
        with open(hello_src, "w") as f:
            f.write(HELLO)
        subprocess.run(["rustc", "-O", "-o", hello, hello_src], check=True)

        repo = os.path.join(tmp, "repo")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update({"HOME": tmp, "GIT_CONFIG_NOSYSTEM": "1"})
        subprocess.run(["git", "init", "-q", "-b", "feat/PAY-12-export", repo], check=True, env=env)
        message = os.path.join(repo, ".git", "COMMIT_EDITMSG")
        with open(message, "w") as f:
            f.write(MESSAGE)

        # Warm the page cache for both.
        for _ in range(3):
            run([hello], repo, env)
            run([binary, "msg", message], repo, env)
        hello_ms, whylint_ms = [], []
        for _ in range(args.runs):
            hello_ms.append(run([hello], repo, env))
            whylint_ms.append(run([binary, "msg", message], repo, env))

    def p90(values):
        return sorted(values)[int(len(values) * 0.9) - 1]

    h, w = statistics.median(hello_ms), statistics.median(whylint_ms)
    print(f"runs: {args.runs} each, interleaved; cores: {os.cpu_count()}")
    print("| program | median ms | p90 ms |")
    print("| --- | --- | --- |")
    print(f"| hello-world (rustc -O) | {h:.2f} | {p90(hello_ms):.2f} |")
    print(f"| whylint msg | {w:.2f} | {p90(whylint_ms):.2f} |")
    print(f"ratio whylint / hello-world: {w / h:.2f}x")


if __name__ == "__main__":
    main()
