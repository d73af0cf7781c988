#!/usr/bin/env bash
# Installs everything Switchboard needs from Debian's packages. Idempotent and quiet when all is
# already there. Usage: scripts/setup.sh [build|test]   (test = build + brokers, Xvfb, fuzzing)
set -euo pipefail

what=${1:-build}

build_packages=(
  build-essential cmake ninja-build pkg-config ccache
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  libcurl4-openssl-dev libssl-dev librabbitmq-dev libcpp-httplib-dev
  libcli11-dev libre2-dev libyaml-cpp-dev libxxhash-dev libsimdjson-dev catch2
  libimgui-dev libglfw3-dev libgl-dev
  fonts-inter fonts-jetbrains-mono fonts-dejavu-core
)
test_packages=(
  rabbitmq-server activemq
  xvfb xauth xdotool x11-utils x11-apps
  clang libclang-rt-14-dev
  python3 python3-pika python3-stomp
)

packages=("${build_packages[@]}")
[ "$what" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# A broker package must not start a system-wide service on a developer's machine or in CI: the
# tests start their own throwaway brokers on loopback ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
  trap '"${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
