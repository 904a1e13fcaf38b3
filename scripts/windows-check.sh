#!/usr/bin/env bash
# The Windows check: cross-builds koe.exe for x86_64-pc-windows-gnu and runs the test suite
# under Wine. Needs root for apt-get the first time (CI runs as root); a second run reuses the
# packages, the Wine prefix and target/windows.
#
# How: Debian's rustc-web (1.85 or later; bookworm-security has 1.96) builds std for Windows from
# rust-web-src with -Zbuild-std (RUSTC_BOOTSTRAP=1 allows that on a stable compiler), mingw-w64
# links, and Wine runs each test .exe as cargo's "runner".
#
# Not covered: tests/it/pty.rs (Wine 8 has no usable ConPTY) and the TUI's drawing on a real
# Windows console (Wine accepts the console's escape-sequence mode but does not interpret it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=x86_64-pc-windows-gnu
out=$root/target/windows

step() { printf '\n== windows-check: %s\n' "$*"; }

# (a) Packages. Debian's rustc/cargo, not rustup's proxies: rustup has no std source for
# build-std of this target, and the Debian compiler matches rust-web-src exactly.
packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine wine64)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    step "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# (b) The toolchain: /usr/bin first on PATH, RUSTC pinned.
export PATH=/usr/bin:$PATH
export RUSTC=/usr/bin/rustc
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=$out
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
cargo=(/usr/bin/cargo -Zbuild-std=std,panic_abort)
step "$(/usr/bin/rustc --version), $(/usr/bin/cargo --version)"

# (c) A Wine prefix of our own, with the test-only bcryptprimitives.dll Wine 8.0 lacks (see
# scripts/bcryptprimitives.c): without it every Rust .exe exits 53 at start.
export WINEPREFIX=$out/wine-prefix
export WINEDEBUG=-all
export WINEDLLOVERRIDES='mscoree,mshtml=' # no Mono/Gecko install prompts
mkdir -p "$out"
if [[ ! -f $WINEPREFIX/system.reg ]]; then
    step "creating the Wine prefix"
    wineboot --init >/dev/null 2>&1
    wineserver --wait
fi
dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [[ ! -f $dll || $root/scripts/bcryptprimitives.c -nt $dll ]]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$root/scripts/bcryptprimitives.c" -ladvapi32 \
        -Wl,--kill-at
fi

# (d) koe.exe, then the tests. Cargo.lock is respected (--locked).
step "building koe.exe (release)"
"${cargo[@]}" build --locked --release --target "$target"
exe=$out/$target/release/koe.exe
wine "$exe" --version
printf 'koe.exe: %s bytes\n' "$(stat -c %s "$exe")"

# The tests in the release profile: the dependencies and std (-Zbuild-std) were just built for
# koe.exe in that profile, so they are reused instead of built a second time for the debug
# profile. tests/it/pty.rs is skipped: Wine 8 has no usable ConPTY.
step "building and running the tests under Wine (pty:: excepted: no ConPTY in Wine)"
log=$out/test.log
status=0
"${cargo[@]}" test --locked --release --no-fail-fast --target "$target" --lib --bins --test it \
    -- --skip pty:: >"$log" 2>&1 || status=$?
# A summary: each binary and its result line; all of the log's end when something failed.
grep -E '^\s+Running |^test result:|^error|FAILED|panicked' "$log" || true
if ((status != 0)); then
    step "FAILED (cargo test exited $status); the end of $log:"
    tail -n 60 "$log"
    exit "$status"
fi
# No Windows-only warnings (clippy has no Debian package for this toolchain; rustc's own do).
if grep -q '^warning: `koe`' "$log"; then
    step "FAILED: warnings in the Windows build"
    grep -A12 '^warning' "$log" | head -n 60
    exit 1
fi
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
ignored=$(grep -Eo '[0-9]+ ignored' "$log" | awk '{s += $1} END {print s + 0}')
step "OK: $passed passed, $ignored ignored under Wine"
