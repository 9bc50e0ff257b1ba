#!/bin/sh
# Guest side of `make bench-tsm`: devsec_bench with the L and repetitions
# of the kernel command line (devsec_bench_l=, devsec_bench_reps=), its
# table on ttyS1.
. /devsec/lib.sh

l=$(sed -n 's/.*devsec_bench_l=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=$(sed -n 's/.*devsec_bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
{
	echo "bench: begin"
	rc=0
	/kselftest/devsec/devsec_bench "${l:-50}" "${reps:-5}" 2>&1 || rc=$?
	echo "bench: end rc=$rc"
} >/dev/ttyS1
