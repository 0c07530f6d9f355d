# shellcheck shell=bash
# Shared steps of scripts/run, scripts/test and scripts/bench: install what is
# missing (Debian packages, npm packages), configure and build. Every step
# skips what is already there, so running a script twice does no extra work.

IPHUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Libraries and tools the build needs (Debian 12 names).
IPHUB_BUILD_PACKAGES=(
  build-essential cmake pkg-config ccache git
  libboost-dev libabsl-dev libsodium-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libsqlite3-dev libpq-dev libgtest-dev libgmock-dev libpugixml-dev zlib1g-dev
  libroaring-dev libstemmer-dev libeigen3-dev libhnswlib-dev libssl-dev
)
# Extra for the test suites: PostgreSQL, the browser, the fuzzing compiler,
# sqlite3 (tamper tests) and a CJK font so screenshots show Chinese.
IPHUB_TEST_PACKAGES=(
  postgresql-15 chromium sqlite3 clang libclang-rt-14-dev fonts-wqy-microhei
)

iphub_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

iphub_sudo() {
  if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi
}

# iphub_ensure_apt PACKAGE... installs the packages that are not installed.
iphub_ensure_apt() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$package")
  done
  if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
  if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
  if ((${#missing[@]} == 0)); then return 0; fi
  iphub_log "installing Debian packages: ${missing[*]}"
  iphub_sudo apt-get update -qq
  iphub_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# npm ci in DIR when its node_modules is missing or older than its lock file.
iphub_npm_ci() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    iphub_log "npm ci in ${dir#"$IPHUB_ROOT"/}"
    # npm 11 writes lock files without the other platforms' optional packages
    # (rollup's native builds), which `npm ci` then calls out of sync; `npm
    # install` installs the same locked versions and tolerates that.
    (cd "$dir" && { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
      npm install --no-audit --no-fund --loglevel=error; })
  fi
}

iphub_npm_install_all() {
  iphub_npm_ci "$IPHUB_ROOT"
  iphub_npm_ci "$IPHUB_ROOT/web"
}

iphub_jobs() { nproc 2>/dev/null || echo 2; }

# iphub_cmake_build BUILD_DIR [cmake -D options...] configures once and builds
# (the target named by IPHUB_BUILD_TARGET, default all).
iphub_cmake_build() {
  local dir="$1"; shift
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    iphub_log "configuring ${dir#"$IPHUB_ROOT"/}"
    cmake -S "$IPHUB_ROOT" -B "$dir" "$@" >/dev/null
  fi
  iphub_log "building ${dir#"$IPHUB_ROOT"/}"
  cmake --build "$dir" -j "$(iphub_jobs)" --target "${IPHUB_BUILD_TARGET:-all}"
}

# Builds the web app when its sources are newer than web/dist.
iphub_build_web() {
  local web="$IPHUB_ROOT/web"
  if [[ ! -f "$web/dist/index.html" ]] ||
    [[ -n "$(find "$web/src" "$web/index.html" "$web/package.json" "$web/vite.config.ts" -newer "$web/dist/index.html" -print -quit)" ]]; then
    iphub_log "building the web app"
    (cd "$web" && npm run build --silent)
  fi
}
