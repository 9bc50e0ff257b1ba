#!/usr/bin/env bash
# make lint: check patches/ as a reviewer would, on a fresh tree made from the
# base tag and patches/ (so it checks what is committed, not build/linux):
#   apply      every patch applies with git am (exact context, no fuzz)
#   export     exporting the fresh tree gives patches/ back byte for byte
#              (nobody hand-edited a patch)
#   checkpatch checkpatch.pl --strict is clean for every patch; reviewed
#              exceptions live in lint/checkpatch-exceptions
#   sparse/W=1 compiling each .c file the series touches with C=2 W=1 adds
#              no warning that the base does not have
#   kernel-doc scripts/kernel-doc -none -Wall adds no warning on each .c/.h
#              file the series touches
#   ynl        each YNL-generated file the series adds is what its spec
#              generates
#   uapi       each uAPI header the series adds or changes installs with
#              headers_install and compiles alone in a userspace program
# Results: build/results/lint.results, details in build/results/lint/.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"
. "$TOP/scripts/kconfig.sh"

"$TOP/scripts/tree.sh" --ensure
results_begin lint
L=$B/lint
OUT=$RES/lint
rm -rf "$OUT"
mkdir -p "$OUT"
tag=$(base_tag)
t0=$(date +%s)

step "lint: applying patches/ to a fresh $tag"
WT=$L/tree
worktree "$WT" "$tag"
mapfile -t patches < <(grep . "$TOP/patches/series" || true)
applied=1
# One git am for the whole series (much faster than one per patch); it
# stops at the first patch that does not apply, after the ones before it.
if [ ${#patches[@]} -gt 0 ] &&
	! out=$(git -C "$WT" am -q "${patches[@]/#/$TOP/patches/}" 2>&1); then
	applied=0
fi
done_n=$(git -C "$WT" rev-list --count "$tag..HEAD")
for i in "${!patches[@]}"; do
	if [ "$i" -lt "$done_n" ]; then
		pass "apply: ${patches[$i]}"
	else
		fail "apply: ${patches[$i]} does not apply: $(echo "$out" | grep -m1 '^error:' || true)"
		break
	fi
done
[ ${#patches[@]} -gt 0 ] || pass "apply: patches/ holds no patches; cover letter and series file present"

if [ $applied = 1 ]; then
	if diffs=$(SRC=$WT series_diff); then
		pass "export: patches/ round-trips through git am and make export"
	else
		fail "export: patches/ is not what make export writes (hand-edited?): $(echo "$diffs" | xargs)"
	fi
else
	skip "export: round-trip (the series does not apply)"
	results_report lint
	exit 1
fi

step "lint: checkpatch --strict"
# lint/checkpatch-exceptions: "<patch file> <TYPE>[,<TYPE>...] <reason>"
declare -A ignore=()
while read -r file types reason; do
	case "$file" in ''|'#'*) continue ;; esac
	if [ -z "$reason" ]; then
		fail "checkpatch: exception for $file gives no reason"
	elif [ ! -f "$TOP/patches/$file" ]; then
		fail "checkpatch: exception for $file names no patch in patches/"
	else
		ignore[$file]=${ignore[$file]:+${ignore[$file]},}$types
	fi
done <"$TOP/lint/checkpatch-exceptions"
# $JOBS at a time; the results in series order.
for p in "${patches[@]}"; do
	log=$OUT/checkpatch-${p%.patch}.log
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
	(rc=0
	 cd "$WT" && scripts/checkpatch.pl --strict --show-types --color=never \
		${ignore[$p]:+--ignore "${ignore[$p]}"} "$TOP/patches/$p" \
		>"$log" 2>&1 || rc=$?
	 echo $rc >"$log.rc") &
done
wait
for p in "${patches[@]}"; do
	log=$OUT/checkpatch-${p%.patch}.log
	if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
		pass "checkpatch: $p"
	else
		fail "checkpatch: $p: $(grep -E '^total:' "$log" || echo 'checkpatch failed')"
		grep -E '^(ERROR|WARNING|CHECK):' "$log" | head -n 5 | sed 's/^/      /'
	fi
done
[ ${#patches[@]} -gt 0 ] || skip "checkpatch: the series has no patches yet"

mapfile -t cfiles < <(SRC=$WT series_files '\.c$')
mapfile -t docfiles < <(SRC=$WT series_files '\.[ch]$')

# warnings FILE: one normalised line per warning (no line numbers, no source
# directory), so that the base and the series can be compared.
normalise() {
	sed -nE -e "s#^($WT|$L/base|(\.\./)+(tree|base))/##" \
		-e 's#^([^ :]+):[0-9]+(:[0-9]+)?: (warning|error): #\1: \3: #p' | sort
}

# verdict CHECK FILE NEW_WARNINGS: the result of CHECK for FILE.
verdict() {
	if [ -z "$3" ]; then
		pass "$1: $2"
	else
		fail "$1: $2: $(echo "$3" | wc -l) new warning(s)"
		echo "$3" | head -n 5 | sed 's/^/      /'
	fi
}

# checked_build SRCDIR OBJDIR OUTDIR FILE...: compile each .c FILE with
# sparse (C=2) and W=1 in one make run, and write what each printed to
# OUTDIR/<FILE with / as _>.log.  make -O keeps the output of each recipe
# together, and kbuild starts it with the quiet line (CC, CHECK) that
# names the file; -k, because a file of the base may not build in the
# lint config (it lacks the series' Kconfig symbols).
checked_build() {
	local src=$1 obj=$2 out=$3 f
	local objs=()
	shift 3
	mkdir -p "$out"
	for f in "$@"; do
		rm -f "$obj/${f%.c}.o"
		: >"$out/${f//\//_}.log"
		objs+=("${f%.c}.o")
	done
	[ ${#objs[@]} -gt 0 ] || return 0
	make -k -j"$JOBS" -O CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION= \
		-C "$src" O="$obj" C=2 W=1 "${objs[@]}" 2>&1 |
		awk -v out="$out" -v src="$src/" '
			/^  [A-Z][A-Z0-9_]* / {
				f = ""
				if ($1 == "CC" || $1 == "CHECK") {
					f = $NF
					if (index(f, src) == 1)
						f = substr(f, length(src) + 1)
					sub(/\.o$/, ".c", f)
					gsub("/", "_", f)
				}
				next
			}
			f != "" { print >>(out "/" f ".log") }' || true
}

# new_lines SERIES BASE: lines of SERIES that BASE does not have (multiset).
new_lines() { comm -23 <(sort <<<"$1") <(sort <<<"$2"); }

if [ ${#cfiles[@]} -gt 0 ]; then
	step "lint: sparse (C=2) and W=1 on ${#cfiles[@]} touched .c files"
	# The lint config: the guest's (without the debug checkers) plus every
	# .kunitconfig of the series, so that test code is checked too.  Which
	# of the touched files does it compile?  Kbuild says, without building
	# the kernel (the guest and KUnit steps do that): a dry run (make -n)
	# of the directories that hold them, with their objects removed, shows
	# the command for every object it would compile; a directory target
	# follows the config below it.
	frags=($(guest_fragments "$WT"))
	mapfile -t kunitconfigs < <(SRC=$WT series_files '(^|/)\.kunitconfig$')
	for k in "${kunitconfigs[@]}"; do frags+=("$WT/$k"); done
	make_config "$WT" "$L/series-obj" "${frags[@]}"
	mapfile -t dirs < <(for f in "${cfiles[@]}"; do dirname "$f"; done | grep -v '^tools/' | LC_ALL=C sort -u |
		awk '{ for (i = 1; i <= n; i++) if (index($0 "/", d[i] "/") == 1) next; d[++n] = $0; print $0 "/" }')
	run_logged "$OUT/prepare-series.log" \
		"${KMAKE[@]}" -C "$WT" O="$L/series-obj" prepare ||
		die "make prepare failed for the series (see $OUT/prepare-series.log)"
	for d in "${dirs[@]}"; do
		[ -d "$L/series-obj/$d" ] && find "$L/series-obj/$d" -name '*.o' -delete
	done
	if ! "${KMAKE[@]}" -n -C "$WT" O="$L/series-obj" "${dirs[@]}" \
		>"$OUT/dry-run-series.log" 2>&1; then
		fail "build: kbuild cannot plan the series' directories in the lint config (see $OUT/dry-run-series.log)"
	fi
	declare -A compiled=()
	while read -r f; do
		compiled[${f#"$WT"/}]=1
	done < <(grep -oE -- " -c -o [^ ]+\.o [^ ;'\"]+\.c" "$OUT/dry-run-series.log" |
		awk '{ print $4 }')
	built=()
	for f in "${cfiles[@]}"; do
		if [ -n "${compiled[$f]:-}" ]; then
			built+=("$f")
		else
			skip "sparse/W=1: $f (not built in the lint config)"
		fi
	done
	# The same files in the base, where they exist.
	inbase=()
	for f in "${built[@]}"; do
		git -C "$WT" cat-file -e "$tag:$f" 2>/dev/null && inbase+=("$f")
	done
	if [ ${#inbase[@]} -gt 0 ]; then
		worktree "$L/base" "$tag"
		# The base lacks the series' Kconfig symbols: take what applies.
		KCONFIG_LENIENT=1 make_config "$L/base" "$L/base-obj" "${frags[@]}"
		run_logged "$OUT/prepare-base.log" \
			"${KMAKE[@]}" -C "$L/base" O="$L/base-obj" prepare ||
			die "make prepare failed for the base tree"
	fi
	checked_build "$WT" "$L/series-obj" "$OUT/series" "${built[@]}"
	checked_build "$L/base" "$L/base-obj" "$OUT/base" "${inbase[@]}"
	for f in "${built[@]}"; do
		log=${f//\//_}.log
		new=$(normalise <"$OUT/series/$log")
		if [ -e "$OUT/base/$log" ]; then
			added=$(new_lines "$new" "$(normalise <"$OUT/base/$log")")
		else
			added=$new
		fi
		verdict sparse/W=1 "$f" "$added"
	done
else
	skip "sparse/W=1: the series touches no .c file yet"
fi

if [ ${#docfiles[@]} -gt 0 ]; then
	step "lint: kernel-doc on ${#docfiles[@]} touched .c/.h files"
	# The series' and the base's version of each file, $JOBS at a time,
	# into $KD/{series,base}/; the verdicts in order afterwards.
	KD=$OUT/kernel-doc
	BASEDOC=$L/kernel-doc-base
	rm -rf "$KD" "$BASEDOC"
	mkdir -p "$KD/series" "$KD/base"
	for f in "${docfiles[@]}"; do
		log=${f//\//_}.log
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
		(cd "$WT" && scripts/kernel-doc -none -Wall "$f" >"$KD/series/$log" 2>&1 || true
		 if git -C "$WT" cat-file -e "$tag:$f" 2>/dev/null; then
			mkdir -p "$BASEDOC/$(dirname "$f")"
			git -C "$WT" show "$tag:$f" >"$BASEDOC/$f"
			cd "$BASEDOC" && "$WT/scripts/kernel-doc" -none -Wall "$f" \
				>"$KD/base/$log" 2>&1 || true
		 fi) &
	done
	wait
	for f in "${docfiles[@]}"; do
		log=${f//\//_}.log
		new=$(normalise <"$KD/series/$log")
		old=
		[ -e "$KD/base/$log" ] && old=$(normalise <"$KD/base/$log")
		added=$(new_lines "$new" "$old")
		verdict kernel-doc "$f" "$added"
	done
else
	skip "kernel-doc: the series touches no .c/.h file yet"
fi

# Generated netlink code: each file the series adds with a YNL-GEN header is
# what tools/net/ynl/ynl-gen-c.py makes of its spec now (nobody edited it,
# and the spec did not change without it).
mapfile -t ynlfiles < <(cd "$WT" && SRC=$WT series_files '\.[ch]$' |
	xargs -r grep -l '^/\* YNL-GEN \(kernel\|uapi\|user\)' 2>/dev/null || true)
if [ ${#ynlfiles[@]} -gt 0 ]; then
	step "lint: ${#ynlfiles[@]} YNL-generated files against their specs"
	for f in "${ynlfiles[@]}"; do
		spec=$(sed -n '3s#^/\*[[:space:]]*\([^ ]*\.yaml\) \*/$#\1#p' "$WT/$f")
		read -r _ mode kind < <(sed -n 's#^/\* YNL-GEN \([a-z]*\) \([a-z]*\) \*/$#x \1 \2#p' "$WT/$f")
		[ "$kind" = header ] && flag=--header || flag=--source
		# the generator names the header a source includes after its -o
		gen=$OUT/ynl/$(dirname "$f")/$(basename "$f")
		mkdir -p "$(dirname "$gen")"
		if ! (cd "$WT" && python3 tools/net/ynl/ynl-gen-c.py --mode "$mode" \
			$flag --spec "$spec" -o "$gen") >"$gen.log" 2>&1; then
			fail "ynl: $f: the generator failed on $spec (see $gen.log)"
		elif cmp -s "$gen" "$WT/$f"; then
			pass "ynl: $f is what $spec generates"
		else
			fail "ynl: $f differs from what $spec generates (run tools/net/ynl/ynl-regen.sh)"
		fi
	done
fi

# uAPI headers the series adds or changes: installed by headers_install, each
# compiles alone in a userspace program, with warnings as errors.
mapfile -t uapi < <(SRC=$WT series_files '^include/uapi/.*\.h$')
if [ ${#uapi[@]} -gt 0 ]; then
	step "lint: ${#uapi[@]} uAPI headers, installed and compiled alone"
	HDR=$L/headers
	rm -rf "$HDR"
	if run_logged "$OUT/headers_install.log" "${KMAKE[@]}" -C "$WT" \
		O="$L/series-obj" INSTALL_HDR_PATH="$HDR" headers_install; then
		for h in "${uapi[@]}"; do
			inc=${h#include/uapi/}
			if [ ! -f "$HDR/include/$inc" ]; then
				fail "uapi: $inc is not installed by headers_install"
			elif printf '#include <%s>\nint main(void) { return 0; }\n' "$inc" |
				gcc -x c -std=gnu11 -Wall -Werror -isystem "$HDR/include" \
				-o /dev/null - >"$OUT/uapi-${inc//\//_}.log" 2>&1; then
				pass "uapi: $inc installs and compiles alone"
			else
				fail "uapi: $inc does not compile alone (see $OUT/uapi-${inc//\//_}.log)"
			fi
		done
	else
		fail "uapi: make headers_install failed (see $OUT/headers_install.log)"
	fi
fi

results_report lint "$(since "$t0")"
results_status
