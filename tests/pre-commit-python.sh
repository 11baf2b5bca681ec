#!/usr/bin/env bash
# The pre-commit framework hooks with `language: python` (`whylint-py`, `whylint-prepare-py`), end
# to end: a temp repository whose .pre-commit-config.yaml points at this checkout (at HEAD),
# `pre-commit install`, and real `git commit`s. pre-commit pip-installs this repository into a
# virtual environment, which builds the wheel with maturin (fetched from PyPI by pip) and so
# compiles whylint in release mode: set CARGO_TARGET_DIR to reuse an earlier release build.
# Needs `pre-commit` on PATH (.ci/run installs it from PyPI into a virtual environment) and cargo.
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
fail() { echo "FAILED: $*"; exit 1; }
git init -q -b feat/PAY-12-export "$work/repo"
cd "$work/repo"
git config user.name "Ada Tester"
git config user.email ada@example.com
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: whylint-py
      - id: whylint-prepare-py
YAML
pre-commit install --hook-type commit-msg --hook-type prepare-commit-msg >/dev/null
# pre-commit builds the hook's environment on first use; do it here so a build failure is reported
# as one (with pip's output), not as a refused commit.
pre-commit install-hooks >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "pre-commit could not pip-install the hook"; }
hook_bin=$(find "$PRE_COMMIT_HOME" -path '*/py_env-*/bin/whylint' -type f | head -n 1)
[ -n "$hook_bin" ] || fail "no whylint binary in pre-commit's python environment"
echo "hook binary: $("$hook_bin" --version) (pip-installed wheel in pre-commit's python env)"
passed=0
echo a > a.txt
git add a.txt .pre-commit-config.yaml
git checkout -q -b work
# 1. A message that does not say why is refused, with whylint's explanation.
if git commit -q -m "Add export" >"$work/rejected.log" 2>&1; then
  fail "a message without a why was accepted"
fi
grep -q "error\[problem-link\]" "$work/rejected.log" || { cat "$work/rejected.log"; fail "no explanation"; }
[ -z "$(git rev-list -n 1 --all)" ] || fail "the refused commit landed"
sed -n '/error\[problem-link\]/{p;n;p;}' "$work/rejected.log" | sed 's/^/  refused: /'
passed=$((passed + 1))
# 2. The same change with a linked problem lands.
git commit -q -m "Add export" -m "Refs: #42"
[ "$(git log -1 --format=%s)" = "Add export" ] || fail "the good message did not land"
passed=$((passed + 1))
# 3. prepare-commit-msg pre-fills the ticket from the branch name when git opens an editor.
git checkout -q -b feat/PAY-12-export
echo b > b.txt
git add b.txt
GIT_EDITOR="sed -i -e '1s/^/Add CSV export/'" git commit -q >"$work/prepared.log" 2>&1 || { cat "$work/prepared.log"; fail "the editor commit was refused"; }
git log -1 --format=%B | grep -qx "Refs: PAY-12" || { git log -1 --format=%B; fail "prepare-commit-msg did not pre-fill Refs: PAY-12"; }
passed=$((passed + 1))
echo "pre-commit-python: $passed passed, 0 failed"
