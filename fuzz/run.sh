#!/usr/bin/env bash
# Builds the fuzz targets and runs each one, one after the other, for SECONDS (default 600) on
# the committed seeds plus the corpus grown by earlier runs. Exits 1 when a target crashed (and
# says where the input that crashed it is), 2 when the tools could not be set up.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        e.g. fuzz/run.sh 60 message config
#
# Works on a stable toolchain: cargo-fuzz is made for nightly, and its sanitizer flag
# (-Zsanitizer) needs RUSTC_BOOTSTRAP=1 on stable. Installs cargo-fuzz from crates.io when it is
# missing. Builds without a sanitizer: whylint forbids unsafe code, so what the fuzzer looks
# for is panics (overflow checks and debug assertions are on), wrong results and hangs, and
# AddressSanitizer would cost ~7x the executions; FUZZ_SANITIZER=address turns it on to watch the
# dependencies' unsafe code. Extra libFuzzer flags can go in FUZZ_ARGS.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-600}
shift || true
case $seconds in
  '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS] [TARGET...]; SECONDS must be a whole number" >&2; exit 2 ;;
esac
all_targets=(message markdown trailers config github_event)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
sanitizer=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz (crates.io)"
  cargo install cargo-fuzz --locked || { echo "could not install cargo-fuzz" >&2; exit 2; }
fi
# Resolve the same dependency versions the main crate is tested with.
cp ../Cargo.lock Cargo.lock

echo "==> building the fuzz targets ($(cargo --version), sanitizer: $sanitizer)"
build_started=$SECONDS
cargo fuzz build --sanitizer "$sanitizer" || { echo "the fuzz targets do not build" >&2; exit 2; }
echo "built in $((SECONDS - build_started)) s"

crashed=()
summary=()
for target in "${targets[@]}"; do
  corpus=corpus/$target
  artifacts=artifacts/$target
  log=$artifacts/fuzz.log
  mkdir -p "$corpus" "$artifacts"
  echo "==> $target: ${seconds} s (corpus $corpus, seeds seeds/$target, log $log)"
  # One process (the machine may be shared); a slow input is a bug too: whylint's parsers are
  # linear, so 20 s on one input is a hang.
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
  if cargo fuzz run --sanitizer "$sanitizer" "$target" "$corpus" "seeds/$target" -- \
      -max_total_time="$seconds" -timeout=20 -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    crashed+=("$target")
  fi
  runs=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  size=$(find "$corpus" -type f | wc -l)
  summary+=("$target: $status, ${execs:-?} executions, corpus $size files${runs:+; $runs}")
  if [ "$status" = CRASH ]; then
    grep -E 'ERROR: |panicked at|^SUMMARY' "$log" | head -n 5 || true
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "crashing input: ${artifact:-fuzz/$artifacts/ (see fuzz/$log)}"
    echo "reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $sanitizer $target ${artifact:-<artifact>}"
    echo "minimise:  cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer $sanitizer $target ${artifact:-<artifact>}"
  fi
done

echo "==> summary"
printf '%s\n' "${summary[@]}"
if [ "${#crashed[@]}" -gt 0 ]; then
  echo "crashed: ${crashed[*]} (logs in fuzz/artifacts/<target>/fuzz.log)" >&2
  exit 1
fi
