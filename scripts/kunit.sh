#!/usr/bin/env bash
# make kunit: run the series' KUnit suites (every .kunitconfig the series adds
# or changes; lib/kunit's until it has its own) under QEMU q35 + intel-iommu +
# edu (configs/kunit_qemu.py).  The suites are built into the debug guest
# kernel (scripts/kconfig.sh), which runs them only when booted with
# kunit.enable=1: kunit.py exec boots that kernel so, and make selftest then
# boots the same kernel without them.  One kernel build serves both.
# The DMA suites run a second time, in strict IOMMU domains.
# Results: build/results/kunit.json (kunit.py --json), kunit.log, kunit.results,
# and kunit-strict.{json,log} for the strict boot.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin kunit

mapfile -t configs < <(kunit_fragments "$SRC")
step "kunit: ${configs[*]#"$SRC"/}"
guest_build

t0=$(date +%s)
rc=0

# kunit_boot NAME PREFIX [FILTER [KERNEL_ARG...]]: boot the guest kernel once
# and run the suites that FILTER (a kunit.py glob) selects; results go to
# NAME.json, NAME.log and NAME-console.log, each case reported as
# PREFIX<suite>.<case>.
kunit_boot() {
	local name=$1 prefix=$2 filter=${3:-} args=(initcall_blacklist=edu_init)
	local brc=0

	shift 3 2>/dev/null || shift $#
	args+=("$@")
	# Nothing from an earlier run may stand in for this one.
	rm -f "$RES/$name.json" "$RES/$name-console.log" "$GUEST_OBJ/test.log"
	# The guest's edu test driver (built in for make selftest) stays off the
	# edu device, which the dma_iova suite wants free.
	(cd "$SRC" && python3 tools/testing/kunit/kunit.py exec --arch=x86_64 \
		--qemu_config="$TOP/configs/kunit_qemu.py" \
		--build_dir="$GUEST_OBJ" --kernel_args="${args[*]}" \
		--timeout=900 --json="$RES/$name.json" ${filter:+"$filter"}) \
		>"$RES/$name.log" 2>&1 || brc=$?
	[ $brc -eq 0 ] || rc=$brc

	if [ -s "$RES/$name.json" ]; then
		python3 - "$RES/$name.json" "$prefix" >>"$RESULT_FILE" <<'PY'
import json, sys

def walk(group, prefix):
    name = group.get('name', '')
    here = prefix + [name] if name and name != 'KUnit Test Group' else prefix
    for case in group.get('test_cases', []):
        status = {'PASS': 'PASS', 'SKIP': 'SKIP'}.get(case['status'], 'FAIL')
        print(f"{status} kunit: {sys.argv[2]}{'.'.join(here + [case['name']])}")
    for sub in group.get('sub_groups', []):
        walk(sub, here)

walk(json.load(open(sys.argv[1])), [])
PY
	fi
	# The guest kernel log, and proof that the suites ran behind the
	# emulated VT-d.
	cp -f "$GUEST_OBJ/test.log" "$RES/$name-console.log" 2>/dev/null || true
	if grep -q 'DMAR: IOMMU enabled' "$RES/$name-console.log" 2>/dev/null &&
		grep -q '\[1234:11e8\]' "$RES/$name-console.log"; then
		pass "kunit: the ${prefix:-KUnit }guest has intel-iommu enabled and the edu device"
	else
		fail "kunit: the ${prefix:-KUnit }guest lacks intel-iommu or the edu device (see $name-console.log)"
	fi
	# Debug-checker reports fail the run, except warning splats in a case
	# that announced them first: kunit_info(test, "expect a WARNING: why"),
	# for APIs that are specified to warn on misuse.  The excuse ends with
	# the case.
	if [ -s "$RES/$name-console.log" ]; then
		reports=$(python3 "$TOP/scripts/kunit-logcheck.py" \
			"$TOP/configs/log-errors" "$RES/$name-console.log")
		if [ -n "$reports" ]; then
			fail "kunit: debug-checker reports in the ${prefix:-KUnit }guest log ($name-console.log)"
			printf '%s\n' "$reports" | head -n 20 | sed 's/^/      | /'
		else
			pass "kunit: no unexpected debug-checker reports in the ${prefix:-KUnit }guest log"
		fi
	fi
	if [ $brc -ne 0 ]; then
		tail -n 15 "$RES/$name.log" | sed 's/^/      | /'
	fi
}

# Every suite, in the default (lazy, flush-queue) DMA domains; then the DMA
# suites again in strict domains, where unmaps invalidate the IOTLB at once.
kunit_boot kunit ""
kunit_boot kunit-strict "strict." 'dma_iova*' iommu.strict=1

if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$RESULT_FILE"; then
	fail "kunit: kunit.py exited with status $rc"
fi
results_report kunit "$(since "$t0"); log in build/results/kunit.log"
results_status
