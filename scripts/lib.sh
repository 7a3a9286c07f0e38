# Shared by scripts/run and scripts/test: install what is missing, skip what
# is there. Only package registries are used (crates.io, npm, Debian).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${MARKETPLACE_TOOLS:-$HOME/.cache/marketplace-tools}"
TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")"
CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_VERSION=132.0.0
MAILDEV_VERSION=3.0.0
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_toolchain() {
  command -v rustup >/dev/null || { echo "rustup is required: see https://rustup.rs" >&2; exit 1; }
  if rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 \
     && rustup target list --toolchain "$TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
    return 0
  fi
  say "installing Rust $TOOLCHAIN with the wasm32 target"
  rustup toolchain install "$TOOLCHAIN" --profile minimal \
    --target wasm32-unknown-unknown --component rustfmt,clippy
}

# The tools' own speed hardly matters (they spend their time waiting on
# cargo or on files), so they are built for a short compile, not for speed:
# little optimisation, many codegen units, no LTO, no debug info.
quick_tool_build() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_STRIP=true CARGO_PROFILE_RELEASE_INCREMENTAL=false "$@"
}

ensure_build_tools() {
  command -v cc >/dev/null || ensure_apt build-essential
  command -v node >/dev/null && command -v npm >/dev/null || ensure_apt nodejs npm
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (several minutes, once)"
    (cd "$ROOT" && quick_tool_build cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION")
  fi
  local wb
  wb="$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
    say "installing wasm-bindgen-cli $wb (the version in Cargo.lock)"
    (cd "$ROOT" && cargo install wasm-bindgen-cli --version "$wb" --force)
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    say "installing wasm-opt from the npm package binaryen $BINARYEN_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
  fi
}

# MailDev, the development mail server (npm), in the tools folder.
ensure_maildev() {
  if ! maildev --version 2>/dev/null | grep -qx "$MAILDEV_VERSION"; then
    say "installing the development mail server (npm package maildev $MAILDEV_VERSION)"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS" "maildev@$MAILDEV_VERSION"
  fi
}

# start_maildev SMTP_PORT WEB_PORT DIR: MailDev on loopback only, keeping
# its messages in DIR, in the background (MAILDEV_PID); waits until its
# API answers. Nothing it receives is relayed anywhere.
MAILDEV_PID=
start_maildev() {
  mkdir -p "$3"
  maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$1" --web "$2" \
    --mail-directory "$3" > "$3/maildev.log" 2>&1 &
  MAILDEV_PID=$!
  for _ in $(seq 1 80); do
    curl -sf "http://127.0.0.1:$2/api/healthz" >/dev/null && return 0
    kill -0 "$MAILDEV_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the development mail server did not start:" >&2
  cat "$3/maildev.log" >&2
  return 1
}

# The folder cargo builds into (CARGO_TARGET_DIR or ./target).
target_dir() {
  echo "${CARGO_TARGET_DIR:-$ROOT/target}"
}

# True when the release server and wasm are newer than everything they are
# built from (cargo-leptos would otherwise spend most of a minute
# regenerating the same wasm on every start).
release_is_fresh() {
  local made
  for made in "$(target_dir)/release/server" "$(target_dir)/release/hash.txt"; do
    [ -f "$made" ] || return 1
    [ -z "$(cd "$ROOT" && find app frontend server style public migrations .sqlx \
      Cargo.toml Cargo.lock rust-toolchain.toml .cargo -newer "$made" -print -quit)" ] || return 1
  done
}

build_release() {
  if release_is_fresh; then
    say "the release is up to date"
    return 0
  fi
  say "building the release (server and wasm)"
  (cd "$ROOT" && cargo leptos build --release --split)
}
