#!/bin/sh
# Guest side of `make stress`: the kselftests too heavy for `make test`, in
# their full mode (TAP on ttyS2), with the harness checks around them (TAP
# on ttyS1). fault_test sweeps every message of the device with every
# fault action, and every fault point of the task; `make test` runs a
# light sweep of it.
. /devsec/ktap.sh
. /devsec/lib.sh

export DEVSEC_SWEEP_STRIDE=1 DEVSEC_SWEEP_TASK_STRIDE=1
export DEVSEC_SWEEP_ACTIONS="doe,busy,spdm_error 0x05,tdisp_error 0x1,corrupt,truncate,tdi_error"

{
	ktap_header
	ktap_check "debug: kmemleak is active" test -e /sys/kernel/debug/kmemleak
	ktap_check "debug: failslab fault injection is available" test -d /sys/kernel/debug/failslab
} >/dev/ttyS1 2>&1

(cd /kselftest/devsec && ./fault_test) >/dev/ttyS2 2>&1

{
	# Objects must be older than kmemleak's minimum age to be reported.
	sleep 5
	ktap_check "kmemleak: no leaks after the sweeps" no_leaks
	ktap_check "kernel: not tainted after the sweeps" not_tainted
	ktap_plan
} >/dev/ttyS1 2>&1
exit 0
