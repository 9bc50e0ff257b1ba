#!/usr/bin/env bash
# make bench-dma: map_benchmark on QEMU's edu device behind the emulated VT-d,
# in strict and in lazy mode.  Every mode (single, pages, sg, sg-build, iova,
# iova-unlink, iova-vec) for 1, 8, 64 and 512 pages per request, in two page layouts,
# BENCH_REPS times over with the modes interleaved, in the same boot.
# The guest kernel has no debug checkers (configs/bench.config); its IOTLB
# syncs are counted through the iommu trace events.
# Results: build/results/bench-dma.json, the table on stdout.
. "$(dirname "$0")/lib.sh"
GUEST_OBJ=$B/bench
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure

t0=$(date +%s)
step "benchmark guest kernel (configs/guest.config + configs/bench.config)"
make_config "$SRC" "$GUEST_OBJ" "$TOP/configs/guest.config" "$TOP/configs/bench.config"
run_logged "$B/logs/bench-build.log" \
	"${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" bzImage ||
	die "benchmark kernel build failed"
rm -rf "$KSFT_INSTALL"
run_logged "$B/logs/bench-kselftest.log" \
	make -C "$SRC" O="$GUEST_OBJ" -j"$JOBS" TARGETS=dma \
	USERLDFLAGS=-static INSTALL_PATH="$KSFT_INSTALL" kselftest-install ||
	die "dma_map_benchmark build failed"
info "built $("${KMAKE[@]}" -C "$SRC" O="$GUEST_OBJ" kernelrelease) ($(since "$t0"))"

base_cmdline=$GUEST_CMDLINE
runs=()
for mode in strict lazy; do
	case $mode in
	strict) strict=1 ;;
	lazy) strict=0 ;;
	esac
	out=$RES/bench-dma-$mode
	step "booting the benchmark guest: iommu.strict=$strict (${BENCH_SECONDS}s per measurement, $BENCH_REPS repetitions)"
	GUEST_CMDLINE="$base_cmdline iommu.strict=$strict devsec_bench_seconds=$BENCH_SECONDS devsec_bench_reps=$BENCH_REPS"
	rc=0
	run_guest bench "$out" "$BENCH_TIMEOUT" || rc=$?
	guest_finished "$out" ||
		die "the $mode benchmark guest did not finish (status $rc); see ${out#"$TOP"/}/console.log"
	grep -q '^bench: end rc=0' "$out/out.log" ||
		die "the $mode benchmark failed; see ${out#"$TOP"/}/out.log"
	runs+=("$mode=$out/out.log")
done

python3 "$TOP/scripts/bench-report.py" "$RES/bench-dma.json" "${runs[@]}"
info "JSON: ${RES#"$TOP"/}/bench-dma.json ($(since "$t0") in all)"
