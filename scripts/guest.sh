# The QEMU guest: build, pack, boot, check.  Sourced after lib.sh.
# shellcheck shell=bash

. "$TOP/scripts/kconfig.sh"

BZIMAGE=$GUEST_OBJ/arch/x86/boot/bzImage
KSFT_INSTALL=$GUEST_OBJ/kselftest-install
MODS_INSTALL=$GUEST_OBJ/modules-install

# QEMU machine: q35 with an emulated VT-d (interrupt remapping on) in front
# of QEMU's edu device.  TCG only: KVM does not work on these machines.
QEMU_MACHINE=(qemu-system-x86_64 -M q35,kernel-irqchip=split -accel tcg
	-m "$GUEST_MEM" -smp "$GUEST_SMP" -nodefaults -display none -no-reboot
	-device intel-iommu,intremap=on -device edu)
GUEST_CMDLINE="console=ttyS0 intel_iommu=on panic=-1 log_buf_len=4M"
# The modes whose guest runs in the accept-bounce mode of a confidential
# guest (swiotlb=accept: a device bounces all its DMA, and gets no IOVA
# range, until the PCI TSM core accepts it).  The others (dma, bench) need
# the IOVA path of a device that no TSM can accept, the edu device.
GUEST_ACCEPT_MODES="selftest sweep demo"

# The kselftest targets of the series that exist in the tree.
selftest_targets() {
	local t
	for t in $SELFTEST_TARGETS; do
		[ -d "$SRC/tools/testing/selftests/$t" ] && echo "$t"
	done
	return 0
}

# guest_build [bench]: the debug guest kernel, its modules and the series'
# kselftests, incrementally, through ccache.  With bench, the same without
# the debug checkers and KUnit, plus configs/bench.config: timings taken
# under KASAN and lockdep measure the checkers.  The caller sets GUEST_OBJ
# apart for it.
guest_build() {
	local t0 targets
	t0=$(date +%s)
	if [ "${1:-}" = bench ]; then
		step "benchmark guest kernel (configs/guest.config + configs/bench.config)"
		make_config "$SRC" "$GUEST_OBJ" $(guest_fragments "$SRC") \
			"$TOP/configs/bench.config"
	else
		step "guest kernel (configs/guest.config + configs/debug.config)"
		make_config "$SRC" "$GUEST_OBJ" $(guest_fragments "$SRC" debug)
	fi
	run_logged "$B/logs/guest-build.log" \
		"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" bzImage modules ||
		die "guest kernel build failed"
	rm -rf "$MODS_INSTALL"
	run_logged "$B/logs/guest-modules-install.log" \
		"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" INSTALL_MOD_PATH="$MODS_INSTALL" \
		INSTALL_MOD_STRIP=1 modules_install || die "modules_install failed"
	rm -rf "$KSFT_INSTALL"
	targets=$(selftest_targets | xargs)
	if [ -n "$targets" ]; then
		run_logged "$B/logs/kselftest-build.log" \
			make -C "$SRC" O="$GUEST_OBJ" -j"$JOBS" TARGETS="$targets" \
			USERLDFLAGS=-static INSTALL_PATH="$KSFT_INSTALL" kselftest-install ||
			die "kselftest build failed ($targets)"
	fi
	info "built $("${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" kernelrelease)" \
		"${targets:+with kselftests: $targets }($(since "$t0"))"
}

guest_built() { [ -f "$BZIMAGE" ]; }

# pack_initramfs MODE: busybox, /init, the guest scripts, modules and
# kselftests, packed with the kernel's own usr/gen_initramfs.sh and
# usr/gen_init_cpio.  Prints the path of the image.
pack_initramfs() {
	local mode=$1 root list out a
	root=$B/initramfs/$mode
	list=$B/initramfs/$mode.list
	out=$B/initramfs/$mode.cpio.gz
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,tmp,devsec,lib}
	cp /bin/busybox "$root/bin/busybox"
	for a in $(/bin/busybox --list-full); do
		[ -e "$root/$a" ] || [ -L "$root/$a" ] || ln -s /bin/busybox "$root/$a"
	done
	install -m 0755 "$TOP/guest/init" "$root/init"
	install -m 0755 "$TOP"/guest/*.sh "$root/devsec/"
	install -m 0755 "$TOP/guest/bin/timeout" "$root/usr/bin/timeout"
	"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" kernelrelease >"$root/devsec/release"
	[ -d "$MODS_INSTALL/lib/modules" ] && cp -a "$MODS_INSTALL/lib/modules" "$root/lib/"
	[ -d "$KSFT_INSTALL" ] && cp -a "$KSFT_INSTALL" "$root/kselftest"
	cat >"$list" <<-EOF
	dir /dev 0755 0 0
	nod /dev/console 0600 0 0 c 5 1
	nod /dev/null 0666 0 0 c 1 3
	EOF
	[ -x "$GUEST_OBJ/usr/gen_init_cpio" ] ||
		"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" usr/ >/dev/null
	(cd "$GUEST_OBJ" && "$SRC/usr/gen_initramfs.sh" -u squash -g squash "$root" "$list") |
		gzip -n -1 >"$out"
	echo "$out"
}

# run_guest MODE OUTDIR TIMEOUT: boot the guest in MODE with its serial ports
# in OUTDIR (console.log, out.log, tap.log, dmesg.log).  Returns QEMU's
# status (124 when it ran out of time).
run_guest() {
	local mode=$1 out=$2 limit=$3 initrd rc=0 cmdline=$GUEST_CMDLINE
	case " $GUEST_ACCEPT_MODES " in
	*" $mode "*) cmdline+=" swiotlb=accept" ;;
	esac
	cmdline+=" devsec_mode=$mode"
	initrd=${GUEST_INITRD:-$(pack_initramfs "$mode")}
	rm -rf "$out"
	mkdir -p "$out"
	echo "${QEMU_MACHINE[*]} -kernel $BZIMAGE -initrd $initrd" \
		"-append \"$cmdline\"" >"$out/qemu-cmdline"
	timeout -k 10 "$limit" "${QEMU_MACHINE[@]}" \
		-kernel "$BZIMAGE" -initrd "$initrd" \
		-append "$cmdline" \
		-serial "file:$out/console.log" -serial "file:$out/out.log" \
		-serial "file:$out/tap.log" -serial "file:$out/dmesg.log" \
		</dev/null >"$out/qemu.log" 2>&1 || rc=$?
	# The serial ports write CRLF; keep the logs as plain text.
	sed -i 's/\r$//' "$out"/*.log
	return $rc
}

# guest_finished OUTDIR: did the guest get to the end of its run?
guest_finished() { grep -q '^devsec-guest: done' "$1/dmesg.log" 2>/dev/null; }

# log_reports OUTDIR: print the debug-checker reports (WARNING, BUG, KASAN,
# UBSAN, lockdep, kmemleak, ...) found in the guest's kernel log.
log_reports() {
	grep -HnE -f <(grep -v '^#' "$TOP/configs/log-errors" | grep .) \
		"$1/console.log" "$1/dmesg.log" 2>/dev/null | sed "s|$1/||" || true
}
