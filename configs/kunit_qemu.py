# kunit.py --qemu_config for the devsec series: x86_64 on QEMU q35 with an
# emulated Intel VT-d (interrupt remapping on) and QEMU's edu device, so that
# KUnit suites can reach a real emulated IOMMU and a PCI device behind it.
# 5 GiB of memory, like the selftest guest: x86 allocates swiotlb only when
# memory reaches past 4 GiB, and the untrusted-device bounce paths need it.
# (kunit.py passes -m 1024 first; QEMU takes the last -m.)
# TCG only: KVM does not work on the machines this runs on. SMP with two
# CPUs, so that tests can race a second CPU (-smp alone gives a UP kernel
# one CPU).
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SMP=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_ACPI=y
CONFIG_PCI=y
CONFIG_PCI_MSI=y
CONFIG_X86_X2APIC=y
CONFIG_IOMMU_SUPPORT=y
CONFIG_INTEL_IOMMU=y
CONFIG_INTEL_IOMMU_DEFAULT_ON=y
CONFIG_IRQ_REMAP=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 intel_iommu=on',
			   extra_qemu_params=['-M', 'q35,kernel-irqchip=split',
					      '-accel', 'tcg', '-smp', '2', '-m', '5G',
					      '-device', 'intel-iommu,intremap=on',
					      '-device', 'edu'])
