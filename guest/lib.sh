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
