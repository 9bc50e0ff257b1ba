#!/bin/sh
# Guest side of `make bench-dma`: bind the edu device to dma_map_benchmark and
# run every mode for every request size.  Raw tool output goes to ttyS1, each
# run after a "bench:" header line that scripts/bench-report.py parses.
. /devsec/lib.sh

exec >/dev/ttyS1 2>&1
secs=$(sed -n 's/.*devsec_bench_seconds=\([0-9]*\).*/\1/p' /proc/cmdline)
edu=$(pci_find 0x1234 0x11e8 | head -n 1)
[ -n "$edu" ] || { echo "bench: error: no edu device"; exit 1; }
bdf=${edu##*/}

[ -e "$edu/driver" ] && echo "$bdf" >"$edu/driver/unbind"
echo dma_map_benchmark >"$edu/driver_override"
echo "$bdf" >/sys/bus/pci/drivers/dma_map_benchmark/bind ||
	{ echo "bench: error: cannot bind $bdf to dma_map_benchmark"; exit 1; }

echo "bench: kernel $(uname -r)"
echo "bench: domain $(iommu_group_type "$edu")"
rc=0
for n in 1 8 64 512; do
	for mode in single pages sg iova iova-unlink; do
		echo "bench: mode=$mode pages=$n"
		/kselftest/dma/dma_map_benchmark -m "$mode" -g "$n" \
			-s "${secs:-2}" -t 1 || rc=1
	done
done
echo "bench: end rc=$rc"
exit $rc
