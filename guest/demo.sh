#!/bin/sh
# Guest side of `make demo`: a walkthrough of what the series does, written
# as a transcript to ttyS1.  Each issue that adds a feature adds a section.
. /devsec/lib.sh

section() { printf '\n## %s\n' "$*"; }
say() { printf '%s\n' "$*" | fold -s -w 78 | sed 's/ *$//'; }
# show CMD: print the command as typed, then its output, indented.
show() {
	printf '$ %s\n' "$*"
	sh -c "$*" 2>&1 | sed 's/^/  /'
}

walkthrough() {
	printf '# devsec walkthrough: %s\n' "$(uname -r)"
	say "A QEMU q35 guest (TCG) with an emulated Intel VT-d IOMMU and QEMU's edu device."

	section "Kernel"
	show "uname -r"
	show "cat /proc/cmdline"

	section "IOMMU"
	say "VT-d is on, with interrupt remapping; every PCI device sits in an IOMMU group whose default domain translates DMA."
	show "ls /sys/class/iommu"
	show "dmesg | grep -E 'DMAR: (IOMMU enabled|Intel\\(R\\) Virtualization)|IRQ remapping' | sed 's/^\\[[^]]*\\] //'"
	show "for g in /sys/kernel/iommu_groups/*; do echo \"group \${g##*/}: \$(cat \$g/type) \"\$(ls \$g/devices); done"

	section "PCI devices"
	show "for d in /sys/bus/pci/devices/*; do echo \"\${d##*/} \$(cat \$d/vendor):\$(cat \$d/device) class \$(cat \$d/class)\"; done"
	edu=$(pci_find 0x1234 0x11e8 | head -n 1)
	if [ -n "$edu" ]; then
		say "The edu device (1234:11e8) has a DMA engine; later sections move data through it."
		show "ls -l $edu/iommu_group | sed 's/.*-> //'"
	else
		say "The edu device is missing!"
	fi
}

walkthrough >/dev/ttyS1 2>&1
