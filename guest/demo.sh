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

devsec_state() {
	d=/sys/bus/pci/devices/$1
	line="$1: state=$(cat $d/tsm/state) accepted=$(cat $d/tsm/accept) connected-to=$(cat /sys/bus/pci/devices/0dec:01:00.0/tsm/connect)"
	[ -e $d/dma_bounced ] && line="$line dma-bounced=$(cat $d/dma_bounced)"
	line="$line private-mmio=$(grep -c 'PCI MMIO Encrypted' /proc/iomem)"
	echo "$line"
}

# step DESCRIPTION CMD: run a lifecycle step, then print the state line.
step() {
	say "$1"
	show "$2"
	devsec_state "$bdf" | sed 's/^/  -> /'
}

device_security() {
	section "PCI device security (TDISP through a TSM)"
	for m in devsec_bus devsec_link_tsm devsec_tsm devsec_pci; do
		modprobe $m || { say "module $m is missing"; return; }
	done
	say "samples/devsec adds a PCI domain (0dec) of TEE-capable devices, a host (link) TSM and a guest (devsec) TSM that play the platform firmware. Userspace owns the policy: autoprobe off, then connect, lock, verify, accept, bind."
	show "for t in /sys/class/tsm/*; do echo \"\${t##*/}: pci_mode=\$(cat \$t/pci_mode)\"; done"
	link=$(grep -l '^link$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	devsec=$(grep -l '^devsec$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	dsm=0dec:01:00.0
	bdf=0dec:01:00.1
	d=/sys/bus/pci/devices/$bdf
	show "ls /sys/bus/pci/devices/$dsm/tsm"
	show "grep -o 'swiotlb=[a-z]*' /proc/cmdline"
	devsec_state $bdf
	step "No driver binds on its own:" "echo 0 > /sys/bus/pci/drivers_autoprobe"
	step "The host TSM connects the device security manager (SPDM over DOE):" "echo $link > /sys/bus/pci/devices/$dsm/tsm/connect"
	say "Connected, the DSM counts as authenticated, and its other functions show their DSM (the attribute follows the connect right after):"
	for i in 1 2 3 4 5; do [ -e $d/tsm/dsm ] && break; sleep 1; done
	show "cat /sys/bus/pci/devices/$dsm/authenticated $d/tsm/dsm"
	step "The guest TSM locks the interface; its evidence can now be read:" "echo $devsec > $d/tsm/lock"
	step "Bind the driver before accepting, to see where DMA goes:" "echo devsec_pci > $d/driver_override; echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"
	step "A bound device cannot be accepted:" "echo 1 > $d/tsm/accept"
	step "Unbind:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	step "Verified: accept. The device is now in the TCB:" "echo 1 > $d/tsm/accept"
	step "Bind the driver: its DMA maps directly now:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"
	say "The first half of BAR 0 is private MMIO now, inside the driver's claim of the whole BAR; a mapping that mixes it with the shared half is refused:"
	show "grep -B2 'PCI MMIO Encrypted' /proc/iomem; cat $d/mmio_map"
	step "Unbind:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	step "Unlock: the device leaves the TCB, the interface stops:" "echo $devsec > $d/tsm/unlock"
	step "Disconnect the link:" "echo $link > /sys/bus/pci/devices/$dsm/tsm/disconnect"
	echo 1 > /sys/bus/pci/drivers_autoprobe
}

walkthrough >/dev/ttyS1 2>&1
device_security >/dev/ttyS1 2>&1
