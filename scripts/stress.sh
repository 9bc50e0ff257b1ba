#!/usr/bin/env bash
# make stress: the full mode of the kselftests that `make test` runs light
# (guest/stress.sh), in the debug guest, with the same log checks as
# `make selftest`. Results: build/results/stress/ and
# build/results/stress.results. Not part of `make test`.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin stress
out=$RES/stress

guest_build

# DEVSEC_FUZZ_SEED=N make stress replays the fuzzing of an earlier run
[ -n "${DEVSEC_FUZZ_SEED:-}" ] && GUEST_CMDLINE+=" devsec_fuzz_seed=$DEVSEC_FUZZ_SEED"
step "booting the stress guest (limit ${STRESS_TIMEOUT}s)"
t0=$(date +%s)
qrc=0
run_guest stress "$out" "$STRESS_TIMEOUT" || qrc=$?
took=$(since "$t0")

python3 "$TOP/scripts/tap.py" "$out/out.log" "" >>"$RESULT_FILE"
python3 "$TOP/scripts/tap.py" "$out/tap.log" "kselftest: " >>"$RESULT_FILE"
info "kselftests:" $(sed -n 's/^# took \([0-9]*\) s: \(.*\)/\2 \1s/p' "$out/tap.log" |
	paste -sd, | sed 's/,/, /g')
if guest_finished "$out"; then
	pass "guest: finished in $took"
elif [ $qrc -eq 124 ]; then
	fail "guest: did not finish within ${STRESS_TIMEOUT}s"
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
results_report stress "$took in QEMU; logs in ${out#"$TOP"/}/"
results_status
