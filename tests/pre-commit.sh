#!/usr/bin/env bash
# The pre-commit framework hook, end to end: a temp repository whose .pre-commit-config.yaml
# points at this checkout (at HEAD), `pre-commit install`, and real `git commit`s. Needs
# `pre-commit` on PATH (.ci/run installs it from PyPI into a virtual environment) and cargo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh HOME keeps the user's git config out; rustup and cargo keep their real homes.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
unset GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
git init -q -b feat/PAY-12-export "$work/repo"
cd "$work/repo"
git config user.name "Ada Tester"
git config user.email ada@example.com
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: whylint
      - id: whylint-prepare
YAML
pre-commit install --hook-type commit-msg --hook-type prepare-commit-msg >/dev/null
passed=0
echo a > a.txt
git add a.txt .pre-commit-config.yaml
git checkout -q -b work
if git commit -q -m "Add export" >"$work/rejected.log" 2>&1; then
  echo "FAILED: a message without a why was accepted"; exit 1
fi
grep -q "problem-link" "$work/rejected.log" || { echo "FAILED: no explanation"; cat "$work/rejected.log"; exit 1; }
passed=$((passed + 1))
git commit -q -m "Add export" -m "Refs: #42"
[ "$(git log -1 --format=%s)" = "Add export" ] || { echo "FAILED: the good message did not land"; exit 1; }
passed=$((passed + 1))
echo "pre-commit: $passed passed, 0 failed"
