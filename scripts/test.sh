#!/usr/bin/env bash
# make test: lint + kunit + selftest, then one summary line
# "N passed, N failed, N skipped" and build/results/summary.json.
. "$(dirname "$0")/lib.sh"

STEPS=(lint kunit selftest)
t0=$(date +%s)
"$TOP/scripts/tree.sh" --ensure
mkdir -p "$RES"
rm -f "$RES"/*.results "$RES/summary.json"
for s in "${STEPS[@]}"; do
	ts=$(date +%s)
	rc=0
	"$TOP/scripts/$s.sh" || rc=$?
	RESULT_FILE=$RES/$s.results
	if [ $rc -ne 0 ] && ! grep -qs '^FAIL' "$RESULT_FILE"; then
		echo "FAIL $s: stopped with status $rc before it finished" >>"$RESULT_FILE"
	fi
	info "$s took $(since "$ts")"
done
echo
step "summary ($(since "$t0"); details in build/results/)"
python3 "$TOP/scripts/summary.py" "$RES" "${STEPS[@]}"
