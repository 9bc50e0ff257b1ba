# Common helpers for the devsec harness scripts.  Source it; do not run it.
# shellcheck shell=bash

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../devsec.conf
. "$TOP/devsec.conf"

B=$TOP/build
SRC=$B/linux
RES=$B/results
GUEST_OBJ=$B/guest

export CCACHE_DIR=$B/ccache
export CCACHE_BASEDIR=$B
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Fixed build identity: reproducible vmlinux banners and better ccache hits.
export KBUILD_BUILD_USER=devsec KBUILD_BUILD_HOST=qemu
export KBUILD_BUILD_TIMESTAMP="2024-01-01 00:00:00 UTC"
JOBS=${JOBS:-$(nproc)}
# LOCALVERSION= keeps setlocalversion from appending "+" for the git tree.
KMAKE=(make -j"$JOBS" -s CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION=)

if [ -t 1 ]; then
	_b=$'\e[1m' _r=$'\e[31m' _g=$'\e[32m' _y=$'\e[33m' _n=$'\e[0m'
else
	_b='' _r='' _g='' _y='' _n=''
fi

step() { printf '%s==> %s%s\n' "$_b" "$*" "$_n"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_y" "$_n" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$_r" "$_n" "$*" >&2; exit 1; }

# Seconds since $1 (a `date +%s` value), as "Ns".
since() { echo "$(($(date +%s) - $1))s"; }

# run_logged LOG CMD...: run CMD with its output in LOG.  Quiet on success;
# on failure show the interesting lines and where the log is.
run_logged() {
	local log=$1; shift
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1 && return 0
	local rc=$?
	printf '%sfailed:%s %s\n' "$_r" "$_n" "$*" >&2
	{ grep -E '(error|Error|ERROR|fatal|undefined|No rule)' "$log" | head -n 20 ||
		true; } >&2
	echo "    last lines of $log:" >&2
	tail -n 15 "$log" | sed 's/^/    | /' >&2
	return $rc
}

# --- base tree --------------------------------------------------------------

# The base tag records the upstream version (with SUBLEVEL) of the unpacked
# source, e.g. devsec-base-6.12.117.
base_tag() {
	git -C "$SRC" describe --tags --abbrev=0 --match "devsec-base-*" HEAD 2>/dev/null
}

# Is build/linux a tree made by `make tree`?
have_tree() { [ -d "$SRC/.git" ] && base_tag >/dev/null; }

need_tree() { have_tree || die "no kernel tree in build/linux: run 'make tree'"; }

# Files the series adds or changes (relative to the tree), optionally filtered
# by an extended regex.
series_files() {
	local tag; tag=$(base_tag)
	git -C "$SRC" diff --name-only --diff-filter=AM "$tag" HEAD |
		grep -E "${1:-.}" || true
}

# --- results ----------------------------------------------------------------
# Each step writes build/results/<step>.results: one "PASS|FAIL|SKIP name" line
# per check.  scripts/summary.py turns them into summary.json.

RESULT_FILE=
results_begin() {
	mkdir -p "$RES"
	RESULT_FILE=$RES/$1.results
	: >"$RESULT_FILE"
}
pass() { echo "PASS $*" >>"$RESULT_FILE"; }
fail() { echo "FAIL $*" >>"$RESULT_FILE"; }
skip() { echo "SKIP $*" >>"$RESULT_FILE"; }
# Print the step's failures (at most 30) and its counts.
results_report() {
	grep '^FAIL' "$RESULT_FILE" | head -n 30 |
		sed "s/^FAIL /    ${_r}FAIL${_n} /" || true
	info "$1: $(results_counts)${2:+ ($2)}"
}
# Exit status for a step: non-zero when it recorded a failure.
results_status() { ! grep -q '^FAIL' "$RESULT_FILE"; }
results_counts() {
	printf '%s passed, %s failed, %s skipped' \
		"$(grep -c '^PASS' "$RESULT_FILE" || true)" \
		"$(grep -c '^FAIL' "$RESULT_FILE" || true)" \
		"$(grep -c '^SKIP' "$RESULT_FILE" || true)"
}
