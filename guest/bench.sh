#!/bin/sh
# Guest side of `make bench-dma`: bind the edu device to dma_map_benchmark and
# measure every mode, for every layout and request size, several times over.
# The modes of one point are interleaved, in an order that rotates from one
# repetition to the next, and all of them map the same pages (the kernel keeps
# one page set per request size and layout).  Raw tool output goes to ttyS1,
# each run after a "bench:" header line that scripts/bench-report.py parses.
. /devsec/lib.sh

exec >/dev/ttyS1 2>&1
secs=$(sed -n 's/.*devsec_bench_seconds=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=$(sed -n 's/.*devsec_bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
edu=$(pci_find 0x1234 0x11e8 | head -n 1)
[ -n "$edu" ] || { echo "bench: error: no edu device"; exit 1; }
bdf=${edu##*/}

[ -e "$edu/driver" ] && echo "$bdf" >"$edu/driver/unbind"
echo dma_map_benchmark >"$edu/driver_override"
echo "$bdf" >/sys/bus/pci/drivers/dma_map_benchmark/bind ||
	{ echo "bench: error: cannot bind $bdf to dma_map_benchmark"; exit 1; }

# rotate N WORD...: the words, starting with the (N mod count)th
rotate() {
	n=$1
	shift
	n=$((n % $#))
	while [ "$n" -gt 0 ]; do
		w=$1
		shift
		set -- "$@" "$w"
		n=$((n - 1))
	done
	echo "$@"
}

echo "bench: kernel $(uname -r)"
echo "bench: domain $(iommu_group_type "$edu")"
rc=0
rep=1
while [ "$rep" -le "${reps:-5}" ]; do
	for layout in scattered runs; do
		for n in 1 8 64 512; do
			# One page is one run, whatever the layout
			[ "$layout" = runs ] && [ "$n" = 1 ] && continue
			modes="pages sg sg-build iova iova-unlink iova-vec"
			[ "$layout" = scattered ] && modes="single $modes"
			for mode in $(rotate "$rep" $modes); do
				echo "bench: rep=$rep layout=$layout mode=$mode pages=$n"
				/kselftest/dma/dma_map_benchmark -m "$mode" \
					-l "$layout" -g "$n" -s "${secs:-1}" \
					-t 1 || rc=1
			done
		done
	done
	rep=$((rep + 1))
done
echo "bench: end rc=$rc"
exit $rc
