#!/usr/bin/env bash
# The pre-commit hooks-only mirror (packaging/pre-commit-mirror/, published as whylint-pre-commit),
# end to end with no Rust toolchain: build whylint's wheel once with maturin, check it in a fresh
# virtual environment, make a repository from the mirror template and tag it, then commit through
# its `whylint` / `whylint-prepare` hooks with no cargo or rustc on PATH and pip limited to the
# local wheel directory, as if the wheel came from PyPI. Needs python3 and cargo (for the build),
# network access to PyPI (maturin, setuptools) and `pre-commit` on PATH (.ci/run installs it into
# a virtual environment). Set CARGO_TARGET_DIR to reuse an earlier release build.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=pre-commit-lib.sh
source "$(dirname "$0")/pre-commit-lib.sh"
export PRE_COMMIT_HOME="$work/cache"  # always empty: the hook environment is built in this test
mirror_template="$root/packaging/pre-commit-mirror"
"$mirror_template/sync-version.sh" --check || fail "the mirror does not pin the version in Cargo.toml"
pre_commit=$(command -v pre-commit) || fail "pre-commit is not on PATH"
wheels="$work/wheels"

# 1. The wheel, built once from this checkout; the setuptools wheel that builds the mirror's
#    package goes next to it, so that pip needs no index later.
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check maturin
(cd "$root" && "$work/build/bin/maturin" build --release --locked -o "$wheels") >"$work/maturin.log" 2>&1 || { cat "$work/maturin.log"; fail "maturin could not build the wheel"; }
"$work/build/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: -d "$wheels" "setuptools>=61"
wheel=$(find "$wheels" -name "whylint-*.whl" | head -n 1)
[ -n "$wheel" ] || { ls "$wheels"; fail "maturin made no whylint wheel"; }
version=${wheel##*/whylint-}
version=${version%%-*}
"$mirror_template/sync-version.sh" --check "$version" || fail "the mirror does not pin the wheel's version"
echo "wheel: ${wheel##*/}"

# 2. The wheel alone, in a fresh virtual environment: the binary runs and judges messages.
python3 -m venv "$work/fresh"
"$work/fresh/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$wheels" "whylint==$version"
[ "$("$work/fresh/bin/whylint" --version)" = "whylint $version" ] || fail "the wheel's whylint is not $version"
printf 'Add export\n\nRefs: #42\nMetric: export tickets drop from 12/week to under 2 within 30 days\n' >"$work/good.txt"
printf 'Add export\n' >"$work/bad.txt"
(cd "$work" && "$work/fresh/bin/whylint" msg good.txt >/dev/null) || fail "the wheel's whylint refused a good message"
status=0
(cd "$work" && "$work/fresh/bin/whylint" msg bad.txt >/dev/null) || status=$?
[ "$status" = 1 ] || fail "the wheel's whylint exited $status on a message without a why, not 1"
passed=$((passed + 1))

# 3. The mirror repository, as published for this version.
new_repo "$work/mirror"
cp -R "$mirror_template/." "$work/mirror/"
git -C "$work/mirror" add -A
git -C "$work/mirror" commit -q -m "Release whylint $version"
git -C "$work/mirror" tag "v$version"

# 4. From here on, no Rust: PATH holds pre-commit, /usr/bin and /bin, and pip installs only from
#    the wheel directory (pre-commit creates the hook environment with virtualenv's bundled pip).
mkdir "$work/bin"
ln -s "$pre_commit" "$work/bin/pre-commit"
export PATH="$work/bin:/usr/bin:/bin" PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
export VIRTUALENV_NO_PERIODIC_UPDATE=1
unset CARGO_HOME RUSTUP_HOME RUSTUP_TOOLCHAIN CARGO_TARGET_DIR
! command -v cargo >/dev/null || fail "cargo is on PATH: $(command -v cargo)"
! command -v rustc >/dev/null || fail "rustc is on PATH: $(command -v rustc)"
new_repo "$work/repo"
cd "$work/repo"
use_hooks "$work/mirror" "v$version" whylint whylint-prepare
start=$(date +%s)
python_hook_env
echo "hook environment installed in $(($(date +%s) - start))s with no cargo or rustc on PATH"
# The hook runs the wheel's own binary: byte for byte the one pip put in the fresh environment.
[ "$(sha256sum <"$hook_bin")" = "$(sha256sum <"$work/fresh/bin/whylint")" ] || fail "the hook's whylint is not the wheel's"
[ -z "$(find "$PRE_COMMIT_HOME" -type d -name target -print -quit)" ] || fail "a cargo target directory appeared in pre-commit's cache"
echo "hook binary: $("$hook_bin" --version) (from ${wheel##*/}, nothing compiled)"
commit_tests
echo "pre-commit-wheel: $passed passed, 0 failed"
