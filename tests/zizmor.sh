#!/usr/bin/env bash
# Workflow lint, offline: zizmor (from PyPI, on PATH) over this repository's workflows, its
# action, and the workflows `whylint init` writes — the action pinned by commit (a github.com
# source) and the pinned cargo build (any other host). Any finding fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v zizmor >/dev/null 2>&1; then
  echo "zizmor is not on PATH: install it with pip (pip install zizmor) and run again" >&2
  exit 2
fi
zizmor --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sha=dbc52c2a3b812a07a61794402cfd7b14924e6bbe
cargo build --locked -q --manifest-path "$root/Cargo.toml"
whylint="${CARGO_TARGET_DIR:-$root/target}/debug/whylint"
for case in "action https://github.com/OWNER/whylint" "cargo https://gitlab.com/OWNER/whylint"; do
  set -- $case
  mkdir -p "$work/$1"
  git -C "$work/$1" init -q
  (cd "$work/$1" && "$whylint" init --yes --source "$2@$sha" >/dev/null)
done

cd "$root"
zizmor --offline .github/workflows/*.yml action.yml \
  "$work/action/.github/workflows/whylint.yml" "$work/cargo/.github/workflows/whylint.yml"
