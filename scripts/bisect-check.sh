#!/usr/bin/env bash
# make bisect-check: build the guest config (configs/guest.config +
# configs/debug.config + the series' kselftest configs) at every patch of
# patches/, in order, incrementally through ccache, in a worktree of its own.
# Names the first patch that breaks the build.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"
. "$TOP/scripts/kconfig.sh"

"$TOP/scripts/tree.sh" --ensure
tag=$(base_tag)
WT=$B/bisect/tree
OBJ=$B/bisect/obj
worktree "$WT" "$tag"
mapfile -t patches < <(grep . "$TOP/patches/series" || true)
[ ${#patches[@]} -gt 0 ] || { info "patches/ holds no patches"; exit 0; }

i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	t0=$(date +%s)
	git -C "$WT" am -q "$TOP/patches/$p" >"$B/bisect/am.log" 2>&1 ||
		die "$p does not apply (run make lint)"
	log=$B/bisect/build-${p%.patch}.log
	if ! (make_config "$WT" "$OBJ" $(guest_fragments "$WT" debug) &&
		run_logged "$log" "${KMAKE[@]}" -C "$WT" O="$OBJ" bzImage modules); then
		die "first patch that breaks the build: $p ($i of ${#patches[@]}); log: ${log#"$TOP"/}"
	fi
	info "[$i/${#patches[@]}] $p builds ($(since "$t0"))"
done
info "every patch builds"
