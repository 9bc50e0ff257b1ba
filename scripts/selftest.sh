#!/usr/bin/env bash
# make selftest: build the debug guest, boot it under QEMU, run the harness
# checks and the series' kselftests, and check the kernel log.
# Results: build/results/selftest/ (console.log, out.log = harness checks TAP,
# tap.log = kselftest TAP, dmesg.log) and build/results/selftest.results.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin selftest
out=$RES/selftest

guest_build

# A module written against the upstream signatures of the API the series
# adds (shared/spec) must build against it unchanged (api-compat/).
api=$B/api-compat
rm -rf "$api"
cp -r "$TOP/api-compat" "$api"
if run_logged "$B/logs/api-compat.log" \
	"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" M="$api" modules; then
	pass "api-compat: a module using the upstream dma_iova_*/dma_map_phys signatures builds"
else
	fail "api-compat: the upstream-signature module does not build (build/logs/api-compat.log)"
fi

step "booting the guest (limit ${SELFTEST_TIMEOUT}s)"
t0=$(date +%s)
qrc=0
run_guest selftest "$out" "$SELFTEST_TIMEOUT" || qrc=$?
took=$(since "$t0")

python3 "$TOP/scripts/tap.py" "$out/out.log" "" >>"$RESULT_FILE"
python3 "$TOP/scripts/tap.py" "$out/tap.log" "kselftest: " >>"$RESULT_FILE"
grep -q 'SKIP the series has no kselftests yet' "$out/tap.log" 2>/dev/null &&
	skip "kselftest: the series has no kselftests yet"

if guest_finished "$out"; then
	pass "guest: finished in $took"
elif [ $qrc -eq 124 ]; then
	fail "guest: did not finish within ${SELFTEST_TIMEOUT}s"
else
	fail "guest: stopped before the end of its run (QEMU status $qrc; see console.log)"
fi

reports=$(log_reports "$out")
if [ -z "$reports" ]; then
	pass "guest: kernel log has no WARNING/BUG/KASAN/UBSAN/lockdep/kmemleak report"
else
	fail "guest: kernel log has debug-checker reports ($(echo "$reports" | wc -l) lines)"
	echo "$reports" | head -n 20 | sed 's/^/      /'
fi

results_report selftest "$took in QEMU; logs in ${out#"$TOP"/}/"
results_status
