#!/usr/bin/env bash
# make export:       write build/linux's series (base tag..HEAD) to patches/
# make export-check: fail if build/linux holds commits or edits that patches/
#                    does not
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"

need_tree

case "${1:-}" in
write)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	export_series "$tmp"
	rm -f "$TOP"/patches/*.patch "$TOP"/patches/series
	mkdir -p "$TOP/patches"
	cp "$tmp"/* "$TOP/patches/"
	git -C "$SRC" update-ref refs/devsec/synced HEAD
	n=$(wc -l <"$TOP/patches/series")
	info "exported $n patch(es) to patches/ (base $(base_tag))"
	dirt=$(tree_dirt)
	if [ -n "$dirt" ]; then
		warn "build/linux has uncommitted changes, which are not exported:"
		echo "$dirt" | sed 's/^/    /' >&2
		exit 1
	fi
	if [ -n "$(git -C "$TOP" status --porcelain -- patches)" ]; then
		info "review with 'git diff patches/' and commit patches/"
	fi
	;;
check)
	rc=0
	if ! out=$(series_diff); then
		echo "patches/ does not match the commits in build/linux:"
		echo "$out" | sed 's/^/    /'
		rc=1
	fi
	dirt=$(tree_dirt)
	if [ -n "$dirt" ]; then
		echo "build/linux has uncommitted changes:"
		echo "$dirt" | sed 's/^/    /'
		rc=1
	fi
	[ $rc -eq 0 ] || echo "commit in build/linux, then run 'make export' and commit patches/"
	exit $rc
	;;
*)
	die "usage: export.sh write|check"
	;;
esac
