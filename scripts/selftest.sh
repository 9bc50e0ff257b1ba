#!/usr/bin/env bash
# make selftest: build the debug guest, boot it under QEMU, run the harness
# checks and the series' kselftests, and check the kernel log.  The devsec
# kselftests run in two guests side by side: most of them keep only one
# vCPU busy, so the two finish sooner together than one after the other
# (672 s instead of 810 s), though each runs about 1.5 times slower.
# The selftest guest runs the devsec tests but the sweeps; the sweep guest
# runs fault_test, topology_test and hammer_test (light), then the dma
# guest boots for the dma kselftests.
# Results: build/results/selftest/ (console.log, out.log = harness checks TAP,
# tap.log = kselftest TAP, dmesg.log), build/results/selftest-sweep/ and
# build/results/selftest-dma/ (the same for the other two boots) and
# build/results/selftest.results.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin selftest
out=$RES/selftest

guest_build

# Modules written against the upstream signatures of the APIs the series
# adds (shared/spec): the two-step DMA API and a PCI TSM driver. They must
# build against it unchanged, with W=1 and -Werror (api-compat/); and a
# module under a license that is not GPL-compatible must still link the
# inline IOTLB helpers, whose trace events the series adds.
api=$B/api-compat
rm -rf "$api"
cp -r "$TOP/api-compat" "$api"
if run_logged "$B/logs/api-compat.log" \
	"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" M="$api" W=1 modules; then
	pass "api-compat: modules using the upstream dma_iova_*/dma_map_phys and PCI TSM interfaces build with W=1 -Werror, and a non-GPL module links the IOTLB helpers"
else
	fail "api-compat: the upstream-signature module does not build (build/logs/api-compat.log)"
fi

# Only the PCI TSM core changes the accepted flag: a GPL module that calls
# device_cc_accept() must not link (not exported, or only to the KUnit
# namespace, which the guest kernel has, and which it does not import).
rogue=$B/exports
rm -rf "$rogue"
cp -r "$TOP/exports" "$rogue"
if "${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" M="$rogue" modules \
	>"$B/logs/exports.log" 2>&1; then
	fail "exports: a module calling device_cc_accept() built (build/logs/exports.log)"
elif grep -Eq '"?device_cc_(accept|reject)"? .*(undefined|namespace)' \
	"$B/logs/exports.log"; then
	pass "exports: a module cannot link device_cc_accept() or device_cc_reject()"
else
	fail "exports: the module that calls device_cc_accept() failed for another reason (build/logs/exports.log)"
fi

# boot_guest MODE OUTDIR PREFIX: boot the guest in MODE and report its
# checks and kselftests, each named PREFIX...
# run_mode MODE OUTDIR INITRD: boot MODE's guest; its QEMU status and run
# time go to OUTDIR.rc and OUTDIR.took.
run_mode() {
	local qrc=0 t0
	t0=$(date +%s)
	GUEST_INITRD=$3 run_guest "$1" "$2" "$SELFTEST_TIMEOUT" || qrc=$?
	echo "$qrc" >"$2.rc"
	since "$t0" >"$2.took"
}

# report_guest OUTDIR PREFIX: the results of a run_mode.
report_guest() {
	local dir=$1 prefix=$2 qrc took reports
	qrc=$(cat "$dir.rc" 2>/dev/null || echo 1)
	took=$(cat "$dir.took" 2>/dev/null || echo "?")

	python3 "$TOP/scripts/tap.py" "$dir/out.log" "$prefix" >>"$RESULT_FILE"
	python3 "$TOP/scripts/tap.py" "$dir/tap.log" "kselftest: " >>"$RESULT_FILE"
	info "${prefix}guest: $took;" $(sed -n 's/^# took \([0-9]*\) s: \(.*\)/\2 \1s/p' \
		"$dir/tap.log" | paste -sd, | sed 's/,/, /g')
	grep -q 'SKIP the series has no kselftests yet' "$dir/tap.log" 2>/dev/null &&
		skip "kselftest: the series has no kselftests yet"

	if guest_finished "$dir"; then
		pass "${prefix}guest: finished in $took"
	elif [ "$qrc" -eq 124 ]; then
		fail "${prefix}guest: did not finish within ${SELFTEST_TIMEOUT}s"
	else
		fail "${prefix}guest: stopped before the end of its run (QEMU status $qrc; see console.log)"
	fi

	reports=$(log_reports "$dir")
	if [ -z "$reports" ]; then
		pass "${prefix}guest: kernel log has no WARNING/BUG/KASAN/UBSAN/lockdep/kmemleak report"
	else
		fail "${prefix}guest: kernel log has debug-checker reports ($(echo "$reports" | wc -l) lines)"
		echo "$reports" | head -n 20 | sed 's/^/      /'
	fi
}

declare -A initrd
t0_all=$(date +%s)
# The images first: the guests must not pack them in the same build tree
# at once.
for mode in selftest sweep dma; do
	initrd[$mode]=$(pack_initramfs "$mode")
done
step "booting the selftest guest, and the sweep then the dma guest beside it (limit ${SELFTEST_TIMEOUT}s each)"
run_mode selftest "$out" "${initrd[selftest]}" &
pid=$!
run_mode sweep "$RES/selftest-sweep" "${initrd[sweep]}"
run_mode dma "$RES/selftest-dma" "${initrd[dma]}"
wait "$pid" || true
took=$(since "$t0_all")
report_guest "$out" ""
report_guest "$RES/selftest-sweep" "sweep-"
report_guest "$RES/selftest-dma" "dma-"

results_report selftest "$took in QEMU; logs in ${out#"$TOP"/}/"
results_status
