#!/usr/bin/env bash
# Creates .venv with gymnasium, numpy and msgpack for the GymBridge worker.
#   scripts/bootstrap-python.sh [--extras FAMILY[,FAMILY...]]
# 1. If .venv already imports what requirements.txt asks for, keeps it.
# 2. Otherwise tries `pip install -r requirements.txt` (what a user with PyPI gets).
# 3. If PyPI is unreachable, falls back to Debian: bookworm's numpy/msgpack/pygame through
#    /usr/bin/python3, plus python3-gymnasium unpacked from the sid suite of the mirror this
#    machine is already configured with (never installed with apt; see docs/python-setup.md).
# --extras adds env families (requirements/FAMILY.txt: box2d, mujoco, atari, jax, classic-control, toy-text) with
# pip, else from Debian where Debian has them; where neither can, it says so and exits 2 (the base setup stays).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
say() { printf '[bootstrap-python] %s\n' "$*" >&2; }
usage="usage: scripts/bootstrap-python.sh [--extras FAMILY[,FAMILY...]]"

extras=()
while [ $# -gt 0 ]; do
    case "$1" in
        --extras) [ $# -ge 2 ] || { say "$usage"; exit 64; }; IFS=, read -ra extras <<< "$2"; shift 2 ;;
        --extras=*) IFS=, read -ra extras <<< "${1#--extras=}"; shift ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | cut -c3-; exit 0 ;;
        *) say "unknown argument '$1'; $usage"; exit 64 ;;
    esac
done
for extra in "${extras[@]}"; do
    [ -f "$root/requirements/$extra.txt" ] || {
        say "there is no env family '$extra'; the families are: $(basename -a -s .txt "$root"/requirements/*.txt | tr '\n' ' ')"; exit 64; }
done

base_ready() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt" >/dev/null 2>&1
}

ready() { say "ready: $("$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt")"; }

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

pypi_reachable() {
    [ -n "${pypi:-}" ] || pypi=$("$venv/bin/python" -c 'import urllib.request as u; u.urlopen("https://pypi.org/simple/pip/", timeout=5); print("yes")' 2>/dev/null || echo no)
    [ "$pypi" = yes ]
}

# requirements/FAMILY.txt with pip, one line at a time and in order (box2d-py builds with the swig of the line before);
# nothing to do when pip finds it all installed without the index.
pip_extra() {
    local file="$root/requirements/$1.txt" line
    PATH="$venv/bin:$PATH" "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-index -r "$file" >/dev/null 2>&1 && return 0
    pypi_reachable || return 1
    while IFS= read -r line; do
        line="${line%%#*}"; line="${line// /}"
        [ -z "$line" ] && continue
        PATH="$venv/bin:$PATH" "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$line" || return 1
    done < "$file"
}

# Each extra with pip; else the Debian packages its file names ("# debian:"); else it says plainly why not ("# no-debian:").
install_extras() {
    local failed=() extra file packages reason
    for extra in "${extras[@]}"; do
        file="$root/requirements/$extra.txt"
        if pip_extra "$extra"; then
            say "extra $extra: installed ($(grep -vE '^[[:space:]]*(#|$)' "$file" | tr '\n' ' '))"
            continue
        fi
        packages=$(sed -n 's/^# debian: *//p' "$file")
        reason=$(sed -n 's/^# no-debian: *//p' "$file")
        # shellcheck disable=SC2086 # a list of package names
        if [ -n "$packages" ] && command -v apt-get >/dev/null \
            && { dpkg -s $packages >/dev/null 2>&1 || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; }; }; then
            say "extra $extra: installed from Debian ($packages)"
            continue
        fi
        if pypi_reachable; then
            say "extra $extra: NOT installed: pip failed on requirements/$extra.txt (its output is above)."
        else
            say "extra $extra: NOT installed: the package index (PyPI) is unreachable from here${reason:+, and $reason}." \
                "Where PyPI is reachable, scripts/bootstrap-python.sh --extras $extra installs it (requirements/$extra.txt)."
        fi
        failed+=("$extra")
    done
    [ ${#failed[@]} -eq 0 ] || { say "not installed here: ${failed[*]} (gymbridge check lists every env family and whether it works)"; exit 2; }
}

if base_ready; then
    ready
    install_extras
    exit 0
fi

if ! try_pip "$(command -v python3)"; then
    try_debian || { say "could not set up Python. Install gymnasium, numpy and msgpack (python -m pip install -r requirements.txt) and set GYMBRIDGE_PYTHON."; exit 1; }
fi

base_ready || { say "the environment was created but does not satisfy requirements.txt:"; "$venv/bin/python" "$root/python_worker/gymbridge_worker/requirements_check.py" "$root/requirements.txt" >&2 || true; exit 1; }
ready
install_extras
