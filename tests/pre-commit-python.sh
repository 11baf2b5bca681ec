#!/usr/bin/env bash
# The pre-commit framework hooks with `language: python` (`whylint-py`, `whylint-prepare-py`), end
# to end: a temp repository whose .pre-commit-config.yaml points at this checkout (at HEAD),
# `pre-commit install`, and real `git commit`s. pre-commit pip-installs this repository into a
# virtual environment, which builds the wheel with maturin (fetched from PyPI by pip) and so
# compiles whylint in release mode: set CARGO_TARGET_DIR to reuse an earlier release build.
# Needs `pre-commit` on PATH (.ci/run installs it from PyPI into a virtual environment) and cargo.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=pre-commit-lib.sh
source "$(dirname "$0")/pre-commit-lib.sh"
new_repo "$work/repo"
cd "$work/repo"
use_hooks "$root" "$(git -C "$root" rev-parse HEAD)" whylint-py whylint-prepare-py
python_hook_env
echo "hook binary: $("$hook_bin" --version) (pip-installed wheel in pre-commit's python env)"
commit_tests
echo "pre-commit-python: $passed passed, 0 failed"
