#!/usr/bin/env bash
# Installs the Debian packages motcua needs to build, run and test. A no-op when everything is present.
# Works as root, or as a user with sudo. Usage: scripts/install-deps.sh [--test]
set -euo pipefail

packages=(build-essential cmake pkg-config
          libboost1.81-dev libsqlite3-dev nlohmann-json3-dev libhowardhinnant-date-dev libexpected-dev
          libsodium-dev libmimalloc-dev libxlsxwriter-dev libcurl4-openssl-dev libqrencode-dev libmagic-dev doctest-dev libbenchmark-dev sqlite3 curl
          libpq-dev libssl-dev
          python3 nodejs)
if [[ ${1:-} == --test ]]; then
  packages+=(chromium zbar-tools)  # browser tests: Debian's Chromium driven by playwright-core; zbarimg reads printed QR codes
  packages+=(wrk nginx-light)  # make bench (and its smoke test): load generator and the nginx reference
  packages+=(clang-14 libclang-rt-14-dev ccache)  # fuzz targets: clang's libFuzzer, ASan and UBSan runtimes
  packages+=(postgresql)  # the PostgreSQL dialect's checks on a throwaway cluster (scripts/pg-cluster.sh)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # nodejs may come from another channel than Debian's (a newer node on PATH is fine).
    if [[ $p == nodejs ]] && command -v node >/dev/null && command -v npm >/dev/null; then continue; fi
    missing+=("$p")
  fi
done
if ! command -v npm >/dev/null; then missing+=(npm); fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo is available" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
