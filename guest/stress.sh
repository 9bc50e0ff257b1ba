#!/bin/sh
# Guest side of `make stress`: the kselftests too heavy for `make test`, in
# their full mode (TAP on ttyS2), with the harness checks around them (TAP
# on ttyS1). fault_test sweeps every message of the device with every
# fault action, and every fault point of the task, and fuzzes 300 device
# responses; fuzz_test feeds 100000 inputs to sysfs and netlink;
# hammer_test runs 8 workers of 1000 operations each on 16 interfaces;
# topology_test unplugs VFs in every state and loads the modules in all
# 24 orders; `make test` runs light versions of all four.
# devsec_fuzz_seed= on the kernel command line (DEVSEC_FUZZ_SEED=N make
# stress) replays a run.
. /devsec/ktap.sh
. /devsec/lib.sh

export DEVSEC_SWEEP_STRIDE=1 DEVSEC_SWEEP_TASK_STRIDE=1
export DEVSEC_SWEEP_ACTIONS="doe,busy,spdm_error 0x05,tdisp_error 0x1,corrupt,truncate,tdi_error"
export DEVSEC_FUZZ_DEVICE_RUNS=300 DEVSEC_FUZZ_ITERATIONS=100000
export DEVSEC_HAMMER_WORKERS=8 DEVSEC_HAMMER_OPS=1000 DEVSEC_TOPOLOGY_FULL=1
seed=$(sed -n 's/.*devsec_fuzz_seed=\([0-9a-fx]*\).*/\1/p' /proc/cmdline)
[ -n "$seed" ] && export DEVSEC_FUZZ_SEED="$seed"

{
	ktap_header
	ktap_check "debug: kmemleak is active" test -e /sys/kernel/debug/kmemleak
	ktap_check "debug: failslab fault injection is available" test -d /sys/kernel/debug/failslab
} >/dev/ttyS1 2>&1

{
	echo "TAP version 13"
	echo "1..4"
	n=0
	for t in fault_test fuzz_test hammer_test topology_test; do
		n=$((n + 1))
		rc=0
		t0=$(cut -d. -f1 /proc/uptime)
		(cd /kselftest/devsec && ./$t) >/tmp/$t.out 2>&1 || rc=$?
		sed 's/^/# /' /tmp/$t.out
		if [ $rc = 0 ]; then
			echo "ok $n selftests: devsec: $t"
		else
			echo "not ok $n selftests: devsec: $t # exit=$rc"
		fi
		echo "# took $(($(cut -d. -f1 /proc/uptime) - t0)) s: $t"
	done
} >/dev/ttyS2 2>&1

{
	# Objects must be older than kmemleak's minimum age to be reported.
	sleep 5
	ktap_check "kmemleak: no leaks after the sweeps" no_leaks
	ktap_check "kernel: not tainted after the sweeps" not_tainted
	ktap_plan
} >/dev/ttyS1 2>&1
exit 0
