#!/bin/sh
# Guest side of `make selftest`: harness checks (TAP on ttyS1) around the
# series' kselftests (TAP on ttyS2): those of the collection
# $KSFT_COLLECTION, devsec by default (guest/dma.sh runs the dma one), but
# the sweeps, which guest/sweep.sh runs in a guest of its own.
. /devsec/ktap.sh
. /devsec/lib.sh

edu=$(pci_find 0x1234 0x11e8 | head -n 1)

has_edu() { [ -n "$edu" ] && echo "edu at ${edu##*/}"; }
edu_translated() {
	t=$(iommu_group_type "$edu") || { echo "edu has no IOMMU group"; return 1; }
	echo "edu group $(basename "$(readlink "$edu/iommu_group")"), domain $t"
	case "$t" in DMA|DMA-FQ) return 0 ;; *) return 1 ;; esac
}
kernel_is_ours() {
	r=$(uname -r); echo "running $r, built $(cat /devsec/release)"
	[ "$r" = "$(cat /devsec/release)" ]
}
kasan_on() { dmesg | grep -q 'KernelAddressSanitizer initialized'; }
ir_on() { dmesg | grep -q 'Enabled IRQ remapping'; }
run_checks_pre() {
	ktap_header
	ktap_check "guest: kernel is the one just built" kernel_is_ours
	ktap_check "debug: KASAN is active" kasan_on
	ktap_check "debug: lockdep is active" test -e /proc/lockdep
	ktap_check "debug: kmemleak is active" test -e /sys/kernel/debug/kmemleak
	ktap_check "debug: DMA-API debugging is active" test -d /sys/kernel/debug/dma-api
	ktap_check "debug: failslab fault injection is available" test -d /sys/kernel/debug/failslab
	ktap_check "iommu: an Intel VT-d unit is registered" sh -c 'ls -d /sys/class/iommu/dmar*'
	ktap_check "iommu: interrupt remapping is enabled" ir_on
	ktap_check "edu: QEMU edu device (1234:11e8) is present" has_edu
	ktap_check "edu: its DMA is translated by the IOMMU" edu_translated
}

run_checks_post() {
	# Objects must be older than kmemleak's minimum age to be reported.
	sleep 5
	ktap_check "kmemleak: no leaks after the tests" no_leaks
	ktap_check "kernel: not tainted after the tests" not_tainted
	ktap_plan
}

run_checks_pre >/dev/ttyS1 2>&1

# After each program's result, a TAP comment with how long it ran
# ("# took N s: <program>"), which keeps make test's time budget visible.
took_filter() {
	awk 'function up(  l, a) {
		getline l < "/proc/uptime"; close("/proc/uptime")
		split(l, a, " "); return a[1]
	}
	/^# selftests: / { t0 = up() }
	{ print; fflush() }
	/^(not )?ok [0-9]+ selftests: / {
		name = $0; sub(/^.*selftests: [^:]*: /, "", name); sub(/ .*/, "", name)
		printf "# took %d s: %s\n", up() - t0 + 0.5, name; fflush()
	}'
}

# The devsec kselftests that the sweep guest (guest/sweep.sh, KSFT_SWEEP=1)
# runs beside this one; the selftest guest runs the rest of the collection.
SWEEP_TESTS="devsec:fault_test devsec:topology_test devsec:hammer_test"

ksft_tests() {
	if [ "${KSFT_SWEEP:-0}" = 1 ]; then
		echo "$SWEEP_TESTS"
		return
	fi
	(cd /kselftest && ./run_kselftest.sh -l) | while read -r t; do
		case "$t" in "${KSFT_COLLECTION:-devsec}":*) ;; *) continue ;; esac
		case " $SWEEP_TESTS " in *" $t "*) continue ;; esac
		echo "$t"
	done
}

if [ -x /kselftest/run_kselftest.sh ]; then
	set --
	for t in $(ksft_tests); do
		set -- "$@" -t "$t"
	done
	if [ $# = 0 ]; then
		printf 'TAP version 13\n1..0 # SKIP no kselftests to run here\n' >/dev/ttyS2
	else
		(cd /kselftest && ./run_kselftest.sh "$@") 2>&1 | took_filter >/dev/ttyS2
	fi
else
	printf 'TAP version 13\n1..0 # SKIP the series has no kselftests yet\n' >/dev/ttyS2
fi

run_checks_post >/dev/ttyS1 2>&1
exit 0
