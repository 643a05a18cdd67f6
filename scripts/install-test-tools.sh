#!/usr/bin/env bash
# Installs the Debian tools the server tests use: chromium (the pages, driven by Playwright),
# ffmpeg (MP4 recording, MJPEG frames, and ffprobe to check them) and redis-server (cluster
# membership for the multi-process cluster tests). Idempotent: when every tool is already on PATH
# it returns at once. Needs root or sudo the first time.
set -euo pipefail
say() { printf '[install-test-tools] %s\n' "$*" >&2; }

declare -A tools=([chromium]=chromium [ffmpeg]=ffmpeg [ffprobe]=ffmpeg [redis-server]=redis-server)
missing=()
for tool in "${!tools[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${tools[$tool]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
say "apt-get install ${packages[*]}"
as_root apt-get update -qq -o DPkg::Lock::Timeout=600 || { say "apt-get update failed"; exit 1; }
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${packages[@]}" >/dev/null \
    || { say "could not install ${packages[*]} (needs root or sudo)"; exit 1; }
say "installed ${packages[*]}"
