#!/usr/bin/env bash
# make demo: build what is missing, boot the guest and show the walkthrough
# (guest/demo.sh) as it runs.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
guest_build
out=$RES/demo
step "booting the guest (QEMU q35, TCG, intel-iommu, edu)"
echo
run_guest demo "$out" "$DEMO_TIMEOUT" &
qpid=$!
while [ ! -e "$out/out.log" ] && kill -0 $qpid 2>/dev/null; do sleep 0.2; done
tail -n +1 -f --pid=$qpid "$out/out.log" 2>/dev/null || true
qrc=0
wait $qpid || qrc=$?
echo
if ! guest_finished "$out"; then
	[ $qrc -eq 124 ] && warn "the guest did not finish within ${DEMO_TIMEOUT}s"
	die "the walkthrough did not complete; see ${out#"$TOP"/}/console.log"
fi
reports=$(log_reports "$out")
[ -z "$reports" ] || { echo "$reports" | head -n 10; warn "the kernel log has reports (above)"; }
info "transcript: ${out#"$TOP"/}/out.log"
info "full log:   ${out#"$TOP"/}/console.log (console), ${out#"$TOP"/}/dmesg.log (dmesg)"
