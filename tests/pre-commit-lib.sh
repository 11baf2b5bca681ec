# shellcheck shell=bash disable=SC2034  # root and passed are for the script that sources this
# Shared by the pre-commit framework tests (tests/pre-commit*.sh), sourced after
# `set -euo pipefail`: a temp directory removed on exit, a HOME of its own so no user or system git
# config applies, and the commits every hook test makes. Sets `root` (this checkout) and `work`
# (the temp directory).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh HOME keeps the user's git config out; rustup and cargo keep their real homes.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
unset GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
passed=0

fail() { echo "FAILED: $*"; exit 1; }

# new_repo DIR: an empty repository on branch feat/PAY-12-export, with a committer.
new_repo() {
  git init -q -b feat/PAY-12-export "$1"
  git -C "$1" config user.name "Ada Tester"
  git -C "$1" config user.email ada@example.com
}

# use_hooks REPO REV ID...: a .pre-commit-config.yaml in the current directory with those hooks of
# REPO at REV, installed as git's commit-msg and prepare-commit-msg hooks.
use_hooks() {
  local repo=$1 rev=$2
  shift 2
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' "$repo" "$rev" >.pre-commit-config.yaml
  printf '      - id: %s\n' "$@" >>.pre-commit-config.yaml
  pre-commit install --hook-type commit-msg --hook-type prepare-commit-msg >/dev/null
}

# python_hook_env: builds the hooks' environment now, so that a failed install is reported as one
# (with pip's output) rather than as a refused commit, and sets `hook_bin` to the whylint in it.
python_hook_env() {
  pre-commit install-hooks >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "pre-commit could not pip-install the hook"; }
  hook_bin=$(find "$PRE_COMMIT_HOME" -path '*/py_env-*/bin/whylint' -type f | head -n 1)
  [ -n "$hook_bin" ] || fail "no whylint binary in pre-commit's python environment"
}

# commit_tests: real commits through the hooks in the current directory, a repository from
# new_repo with the commit-msg and prepare-commit-msg hooks installed by use_hooks.
commit_tests() {
  echo a >a.txt
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
  # 2. The same change with a linked problem and a success metric lands.
  git commit -q -m "Add export" -m "Refs: #42" -m "Metric: export tickets drop from 12/week to under 2 within 30 days"
  [ "$(git log -1 --format=%s)" = "Add export" ] || fail "the good message did not land"
  passed=$((passed + 1))
  # 3. prepare-commit-msg pre-fills the ticket from the branch name when git opens an editor.
  git checkout -q -b feat/PAY-12-export
  echo b >b.txt
  git add b.txt
  GIT_EDITOR="sed -i -e '1s/^/Add CSV export/'" git commit -q >"$work/prepared.log" 2>&1 || { cat "$work/prepared.log"; fail "the editor commit was refused"; }
  git log -1 --format=%B | grep -qx "Refs: PAY-12" || { git log -1 --format=%B; fail "prepare-commit-msg did not pre-fill Refs: PAY-12"; }
  passed=$((passed + 1))
}
