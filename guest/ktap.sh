# shellcheck shell=sh
# Tiny KTAP writer for the guest's own checks.  Sourced by guest scripts.
ktap_n=0
ktap_header() { echo "TAP version 13"; }
ktap_result() {
	ktap_n=$((ktap_n + 1))
	if [ "$1" = 0 ]; then echo "ok $ktap_n $2"; else echo "not ok $ktap_n $2"; fi
}
# ktap_check NAME CMD...: one result, from CMD's exit status.  CMD's output
# goes out as diagnostics.
ktap_check() {
	name=$1; shift
	out=$("$@" 2>&1); st=$?
	[ -n "$out" ] && echo "$out" | sed 's/^/# /'
	ktap_result "$st" "$name"
}
ktap_skip() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $1 # SKIP $2"; }
ktap_plan() { echo "1..$ktap_n"; }
