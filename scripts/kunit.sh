#!/usr/bin/env bash
# make kunit: run the series' KUnit suites (every .kunitconfig the series adds
# or changes; lib/kunit's until it has its own) under QEMU q35 + intel-iommu +
# edu (configs/kunit_qemu.py).  The suites are built into the debug guest
# kernel (scripts/kconfig.sh), which runs them only when booted with
# kunit.enable=1: kunit.py exec boots that kernel so, and make selftest then
# boots the same kernel without them.  One kernel build serves both.
# Results: build/results/kunit.json (kunit.py --json), kunit.log, kunit.results.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin kunit

mapfile -t configs < <(kunit_fragments "$SRC")
step "kunit: ${configs[*]#"$SRC"/}"
guest_build

t0=$(date +%s)
rc=0
# Nothing from an earlier run may stand in for this one.
rm -f "$RES/kunit.json" "$RES/kunit-console.log" "$GUEST_OBJ/test.log"
# The guest's edu test driver (built in for make selftest) stays off the
# edu device, which the dma_iova suite wants free.
(cd "$SRC" && python3 tools/testing/kunit/kunit.py exec --arch=x86_64 \
	--qemu_config="$TOP/configs/kunit_qemu.py" --build_dir="$GUEST_OBJ" \
	--kernel_args=initcall_blacklist=edu_init \
	--timeout=900 --json="$RES/kunit.json") \
	>"$RES/kunit.log" 2>&1 || rc=$?

if [ -s "$RES/kunit.json" ]; then
	python3 - "$RES/kunit.json" >>"$RESULT_FILE" <<'PY'
import json, sys

def walk(group, prefix):
    name = group.get('name', '')
    here = prefix + [name] if name and name != 'KUnit Test Group' else prefix
    for case in group.get('test_cases', []):
        status = {'PASS': 'PASS', 'SKIP': 'SKIP'}.get(case['status'], 'FAIL')
        print(f"{status} kunit: {'.'.join(here + [case['name']])}")
    for sub in group.get('sub_groups', []):
        walk(sub, here)

walk(json.load(open(sys.argv[1])), [])
PY
fi
# The guest kernel log, and proof that the suites ran behind the emulated VT-d.
cp -f "$GUEST_OBJ/test.log" "$RES/kunit-console.log" 2>/dev/null || true
if grep -q 'DMAR: IOMMU enabled' "$RES/kunit-console.log" 2>/dev/null &&
	grep -q '\[1234:11e8\]' "$RES/kunit-console.log"; then
	pass "kunit: the KUnit guest has intel-iommu enabled and the edu device"
else
	fail "kunit: the KUnit guest lacks intel-iommu or the edu device (see kunit-console.log)"
fi
# Debug-checker reports fail the run, except warning splats in a case that
# announced them first: kunit_info(test, "expect a WARNING: why"), for APIs
# that are specified to warn on misuse.  The excuse ends with the case.
if [ -s "$RES/kunit-console.log" ]; then
	reports=$(python3 "$TOP/scripts/kunit-logcheck.py" \
		"$TOP/configs/log-errors" "$RES/kunit-console.log")
	if [ -n "$reports" ]; then
		fail "kunit: debug-checker reports in the KUnit guest log (kunit-console.log)"
		printf '%s\n' "$reports" | head -n 20 | sed 's/^/      | /'
	else
		pass "kunit: no unexpected debug-checker reports in the KUnit guest log"
	fi
fi
if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$RESULT_FILE"; then
	fail "kunit: kunit.py exited with status $rc"
	tail -n 15 "$RES/kunit.log" | sed 's/^/      | /'
fi
results_report kunit "$(since "$t0"); log in build/results/kunit.log"
results_status
