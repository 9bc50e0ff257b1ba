#!/bin/sh
# Guest side of `make selftest`: harness checks (TAP on ttyS1) around the
# series' kselftests (TAP on ttyS2): those of the collection
# $KSFT_COLLECTION, devsec by default (guest/dma.sh runs the dma one).
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

if [ -x /kselftest/run_kselftest.sh ]; then
	(cd /kselftest && ./run_kselftest.sh -c "${KSFT_COLLECTION:-devsec}") \
		>/dev/ttyS2 2>&1
else
	printf 'TAP version 13\n1..0 # SKIP the series has no kselftests yet\n' >/dev/ttyS2
fi

run_checks_post >/dev/ttyS1 2>&1
exit 0
