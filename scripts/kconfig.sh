# Kernel configuration from fragments.  Sourced after lib.sh.
# shellcheck shell=bash

# kunit_fragments SRCDIR: the .kunitconfig files of the series (committed in
# SRCDIR), or lib/kunit's while it has none.
kunit_fragments() {
	local src=$1 k found=0
	while read -r k; do
		[ -n "$k" ] || continue
		echo "$src/$k"
		found=1
	done < <(SRC=$src series_files '(^|/)\.kunitconfig$')
	[ $found = 1 ] || echo "$src/lib/kunit/.kunitconfig"
}

# guest_fragments SRCDIR [debug]: the fragments for the guest kernel: ours,
# the debug checkers, and the config files of the series' kselftests. The
# debug guest also has the series' KUnit suites built in, off unless booted
# with kunit.enable=1 (configs/kunit-guest.config): one kernel serves the
# KUnit run (make kunit) and the guest runs (make selftest, make demo).
guest_fragments() {
	local src=$1 t
	echo "$TOP/configs/guest.config"
	if [ "${2:-}" = debug ]; then
		echo "$TOP/configs/debug.config"
		kunit_fragments "$src"
		echo "$TOP/configs/kunit-guest.config"
	fi
	for t in $SELFTEST_TARGETS; do
		[ -f "$src/tools/testing/selftests/$t/config" ] &&
			echo "$src/tools/testing/selftests/$t/config"
	done
	return 0
}

# make_config SRCDIR OBJDIR FRAGMENT...: allnoconfig plus the fragments, then
# check that every option the fragments ask for is in the result (unless
# KCONFIG_LENIENT=1).
make_config() {
	local src=$1 obj=$2 f line sym bad=()
	shift 2
	mkdir -p "$obj"
	(cd "$src" && run_logged "$obj/config.log" \
		scripts/kconfig/merge_config.sh -n -O "$obj" "$@") ||
		die "kernel configuration failed (see $obj/config.log)"
	[ "${KCONFIG_LENIENT:-0}" = 1 ] && return 0
	for f in "$@"; do
		while read -r line; do
			case "$line" in
			CONFIG_*=*)
				grep -qxF "$line" "$obj/.config" || bad+=("$line  ($(basename "$f"))") ;;
			"# CONFIG_"*" is not set")
				sym=${line#\# }; sym=${sym%% *}
				grep -q "^$sym=" "$obj/.config" && bad+=("$line  ($(basename "$f"))") ;;
			esac
		done <"$f"
	done
	if [ ${#bad[@]} -gt 0 ]; then
		printf '    not in the final .config (missing dependency?): %s\n' "${bad[@]}" >&2
		die "kernel configuration in $obj does not match its fragments"
	fi
}
