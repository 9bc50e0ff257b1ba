# shellcheck shell=sh
# Helpers for guest scripts: find devices by id, read attributes.

# pci_find VENDOR DEVICE: print the sysfs paths of matching PCI functions.
pci_find() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ] && echo "$d"
	done
	return 0
}

# iommu_group_type DEV: the default domain type of DEV's IOMMU group.
iommu_group_type() {
	[ -e "$1/iommu_group" ] || return 1
	cat "$1/iommu_group/type"
}

# not_tainted: is the kernel untainted?
not_tainted() {
	t=$(cat /proc/sys/kernel/tainted); echo "tainted=$t"; [ "$t" = 0 ]
}
# no_leaks: does kmemleak, scanned twice, report nothing? Its report goes
# to the kernel log port.
no_leaks() {
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(cat /sys/kernel/debug/kmemleak)
	[ -z "$leaks" ] && return 0
	{ echo "kmemleak report:"; echo "$leaks"; } >/dev/ttyS3
	echo "$leaks" | grep -c '^unreferenced object' | sed 's/$/ leaked objects (see dmesg.log)/'
	return 1
}

# say TEXT: a paragraph of a transcript, folded to 78 columns.
say() { printf '%s\n' "$*" | fold -s -w 78 | sed 's/ *$//'; }
# show CMD: print the command as typed, then its output, indented.
show() {
	printf '$ %s\n' "$*"
	sh -c "$*" 2>&1 | sed 's/^/  /'
}
