#!/usr/bin/env bash
# The pre-commit framework hook, end to end: a temp repository whose .pre-commit-config.yaml
# points at this checkout (at HEAD), `pre-commit install`, and real `git commit`s. Needs
# `pre-commit` on PATH (.ci/run installs it from PyPI into a virtual environment) and cargo.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=pre-commit-lib.sh
source "$(dirname "$0")/pre-commit-lib.sh"
new_repo "$work/repo"
cd "$work/repo"
use_hooks "$root" "$(git -C "$root" rev-parse HEAD)" whylint whylint-prepare
commit_tests
echo "pre-commit: $passed passed, 0 failed"
