#!/bin/sh
# Guest side of `make demo`, second boot: step 13, the DMA-API end-to-end
# check. The same kernel, without swiotlb=accept: QEMU's edu device has no
# TSM to accept it, so in the first boot (which bounces the DMA of every
# device not accepted) it could only bounce.
. /devsec/lib.sh

step13() {
	printf '\n## Step 13 of 13: the DMA-API end-to-end check\n'
	edu=$(pci_find 0x1234 0x11e8 | head -n 1)
	[ -n "$edu" ] || { say "The edu device is missing!"; return; }
	say "A second boot of the same kernel, without swiotlb=accept. QEMU's edu device copies between guest memory and its own buffer with a DMA engine, behind the emulated VT-d. The dma_iova_edu driver moves real data through the two-step DMA API: one IOVA range reserved with dma_iova_try_alloc(), pages and physical ranges linked into it, one IOTLB sync, unlink and destroy; dma_map_phys() too, and an untrusted device's partial granule bounced. The kselftest runs each case with the device's IOMMU domain strict, then lazy (flush queue), and checks the bytes that arrive:"
	show "grep -o 'swiotlb=[a-z]*' /proc/cmdline || echo 'no swiotlb= option'; echo \"edu at ${edu##*/}, IOMMU domain \$(cat $edu/iommu_group/type)\""
	show "cd /kselftest/dma && ./dma_iova_edu | grep -E '^(ok|not ok|# (PASSED|FAILED|Totals))'"
	say "DMA-API debugging (CONFIG_DMA_API_DEBUG) tracked every mapping of the run and found no misuse:"
	show "cat /sys/kernel/debug/dma-api/error_count"
}

step13 >/dev/ttyS1 2>&1
exit 0
