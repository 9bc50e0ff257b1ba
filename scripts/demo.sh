#!/usr/bin/env bash
# make demo: build what is missing, boot the guest and show the story of the
# series in 13 steps (guest/demo.sh) as it runs; step 13, the DMA-API
# end-to-end check, in a second boot without swiotlb=accept
# (guest/demodma.sh). Prints the guest time of both boots.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
guest_build

# boot MODE OUT: boot the guest in MODE and show its transcript as it runs;
# dies if the guest does not get to the end.
boot() {
	local mode=$1 out=$2 qpid qrc=0 reports
	# not the transcript of the last run: run_guest removes it, but later
	rm -rf "$out"
	run_guest "$mode" "$out" "$DEMO_TIMEOUT" &
	qpid=$!
	while [ ! -e "$out/out.log" ] && kill -0 $qpid 2>/dev/null; do sleep 0.2; done
	tail -n +1 -f --pid=$qpid "$out/out.log" 2>/dev/null || true
	wait $qpid || qrc=$?
	if ! guest_finished "$out"; then
		[ $qrc -eq 124 ] && warn "the guest did not finish within ${DEMO_TIMEOUT}s"
		die "the demo did not complete; see ${out#"$TOP"/}/console.log"
	fi
	reports=$(log_reports "$out")
	[ -z "$reports" ] || { echo "$reports" | head -n 10; warn "the kernel log has reports (above)"; }
}

out=$RES/demo
step "booting the guest (QEMU q35, TCG, intel-iommu, swiotlb=accept): steps 1-12"
echo
t0=$(date +%s)
boot demo "$out"
t1=$(date +%s)
echo
step "booting it again without swiotlb=accept: step 13"
boot demodma "$out-dma"
t2=$(date +%s)
echo
info "guest time: $((t2 - t0))s ($((t1 - t0))s + $((t2 - t1))s, boots included)"
info "transcripts: ${out#"$TOP"/}/out.log, ${out#"$TOP"/}-dma/out.log"
info "full logs:   console.log (console) and dmesg.log (dmesg) beside them"
