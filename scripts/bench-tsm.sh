#!/usr/bin/env bash
# make bench-tsm: how connecting and locking scales with the number of
# devices. devsec_bench (tools/testing/selftests/devsec) in a guest:
# one device, sixteen one after another and sixteen at once, with every DOE
# message of the emulated devices taking BENCH_TSM_L ms (50), repeated
# BENCH_TSM_REPS (5) times with the modes interleaved; total time / L as
# medians and min-max, and the paired ratio of parallel to single (target
# <= 1.5). The guest kernel is the test guest's without the debug checkers
# (build/bench-tsm): under KASAN and lockdep the emulated devices' RSA
# signatures, not the TSM core, would set the pace. Results:
# build/results/bench-tsm.txt, the table on stdout. Not part of `make test`.
. "$(dirname "$0")/lib.sh"
GUEST_OBJ=$B/bench-tsm
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
guest_build bench

out=$RES/bench-tsm
mkdir -p "$RES"
step "booting the benchmark guest (L ${BENCH_TSM_L:-50} ms, ${BENCH_TSM_REPS:-5} repetitions)"
GUEST_CMDLINE+=" devsec_bench_l=${BENCH_TSM_L:-50} devsec_bench_reps=${BENCH_TSM_REPS:-5}"
t0=$(date +%s)
rc=0
run_guest benchtsm "$out" "${BENCH_TSM_TIMEOUT:-1800}" || rc=$?
guest_finished "$out" ||
	die "the benchmark guest did not finish (status $rc); see ${out#"$TOP"/}/console.log"
grep -q '^bench: end rc=0' "$out/out.log" ||
	die "the benchmark failed; see ${out#"$TOP"/}/out.log"
reports=$(log_reports "$out")
[ -z "$reports" ] || die "the guest's kernel log has reports: $reports"
sed -n '/^bench: begin/,/^bench: end/p' "$out/out.log" | grep -v '^bench:' |
	tee "$RES/bench-tsm.txt"
info "${RES#"$TOP"/}/bench-tsm.txt ($(since "$t0") in QEMU)"
