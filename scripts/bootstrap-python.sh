#!/usr/bin/env bash
# Creates .venv with gymnasium, numpy and msgpack for the GymBridge worker.
# 1. If .venv already imports what requirements.txt asks for, does nothing.
# 2. Otherwise tries `pip install -r requirements.txt` (what a user with PyPI gets).
# 3. If PyPI is unreachable, falls back to Debian: bookworm's numpy/msgpack/pygame through
#    /usr/bin/python3, plus python3-gymnasium unpacked from the sid suite of the mirror this
#    machine is already configured with (never installed with apt; see docs/python-setup.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
say() { printf '[bootstrap-python] %s\n' "$*" >&2; }

venv_ready() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt" >/dev/null 2>&1
}

if venv_ready; then
    say "ready: $("$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt")"
    exit 0
fi

try_pip() {
    local python="$1"
    say "creating $venv with $python and installing requirements.txt from the package index"
    rm -rf "$venv"
    "$python" -m venv "$venv" || return 1
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --retries 0 --timeout 5 \
        -r "$root/requirements.txt" pytest
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

debian_mirror() {
    # First main-archive URI of the configured sources (deb822 or one-line format), never a hard-coded host.
    local uri
    uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
    if [ -z "$uri" ]; then
        uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | grep -v -- '-security' | sed -E 's/^deb (\[[^]]*\] )?//' | awk '{print $1}' | head -n1 || true)
    fi
    printf '%s' "$uri"
}

try_debian() {
    command -v apt-get >/dev/null || { say "no apt-get: not a Debian system"; return 1; }
    say "package index unreachable; using Debian packages for /usr/bin/python3"
    local packages=(python3-venv python3-numpy python3-msgpack python3-cloudpickle python3-typing-extensions python3-pygame python3-pytest)
    local missing=()
    for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
        say "apt-get install ${missing[*]}"
        as_root apt-get update -qq || return 1
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
    fi

    local cache="$root/.cache/debian-gymnasium"
    if [ ! -d "$cache/root/usr/lib/python3/dist-packages/gymnasium" ]; then
        local mirror; mirror=$(debian_mirror)
        [ -n "$mirror" ] || { say "cannot read the Debian mirror from /etc/apt"; return 1; }
        say "downloading python3-gymnasium from the sid suite of $mirror (unpacked, not installed)"
        rm -rf "$cache"; mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/root"
        echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main" > "$cache/sid.list"
        local opts=(-o "Dir::Etc::SourceList=$cache/sid.list" -o Dir::Etc::SourceParts=/dev/null
                    -o "Dir::State::Lists=$cache/lists" -o "Dir::Cache::Archives=$cache/archives" -o APT::Sandbox::User=root -qq)
        apt-get "${opts[@]}" update || return 1
        (cd "$cache" && apt-get "${opts[@]}" download python3-gymnasium) || return 1
        dpkg -x "$cache"/python3-gymnasium_*.deb "$cache/root"
        rm -rf "$cache/lists"
    fi

    rm -rf "$venv"
    /usr/bin/python3 -m venv --system-site-packages "$venv"
    local site; site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$cache/root/usr/lib/python3/dist-packages" > "$site/debian-gymnasium.pth"
}

if ! try_pip "$(command -v python3)"; then
    try_debian || { say "could not set up Python. Install gymnasium, numpy and msgpack (python -m pip install -r requirements.txt) and set GYMBRIDGE_PYTHON."; exit 1; }
fi

venv_ready || { say "the environment was created but does not satisfy requirements.txt:"; "$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt" >&2 || true; exit 1; }
say "ready: $("$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt")"
