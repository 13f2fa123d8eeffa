#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suite: Debian's prometheus (real metrics
# backend for integration tests) and chromium (end-to-end tests). Needs root for apt-get;
# without root it prints the exact command and fails, because tests must not silently skip.
set -euo pipefail

missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# shellcheck disable=SC2207
missing=($(printf '%s\n' "${missing[@]}" | sort -u))
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing: ${missing[*]}. Install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
