#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suite: Debian's prometheus (real metrics
# backend for integration tests) and chromium (end-to-end tests), and Java 17 with Maven (Zipkin
# and OpenSearch run on it). Needs root for apt-get; without root it prints the exact command
# and fails, because tests must not silently skip. Go (>= 1.24, to build Jaeger) is not in
# Debian at that version: it must be on the machine already (this machine kind has Go 1.26).
# The servers themselves are fetched and cached by `npx tsx scripts/backends.ts install`.
set -euo pipefail

if ! command -v go >/dev/null 2>&1; then
  echo "missing: go (>= 1.24), needed to build Jaeger v2 from its Go module; install a Go toolchain first" >&2
  exit 1
fi

missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
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
