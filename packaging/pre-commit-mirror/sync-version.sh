#!/bin/sh
# Pins the whylint wheel this mirror installs: sets `whylint==VERSION` in pyproject.toml.
#   ./sync-version.sh [VERSION]          VERSION defaults to [package] version in ../../Cargo.toml
#   ./sync-version.sh --check [VERSION]  changes nothing; exit 1 when the pin is not VERSION
set -eu
here=$(cd "$(dirname "$0")" && pwd)
check=
if [ "${1:-}" = --check ]; then check=1; shift; fi
if [ $# -gt 0 ]; then
  version=$1
else
  version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$here/../../Cargo.toml")
fi
case $version in
  '' | *[!0-9A-Za-z.+-]*) echo "sync-version.sh: not a version: '$version'" >&2; exit 2 ;;
esac
pin=$(sed -n 's/.*"whylint==\([^"]*\)".*/\1/p' "$here/pyproject.toml")
if [ -n "$check" ]; then
  [ "$pin" = "$version" ] && exit 0
  echo "sync-version.sh: pyproject.toml pins whylint==$pin, expected $version (run $0 $version)" >&2
  exit 1
fi
sed "s/\"whylint==[^\"]*\"/\"whylint==$version\"/" "$here/pyproject.toml" >"$here/pyproject.toml.new"
mv "$here/pyproject.toml.new" "$here/pyproject.toml"
echo "pyproject.toml: whylint==$version"
