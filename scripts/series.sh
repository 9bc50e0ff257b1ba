# Export of build/linux's series to patch files.  Sourced by export.sh and
# tree.sh after lib.sh.
# shellcheck shell=bash

# The exported form must not depend on who exports, when, or with which git
# settings: no dates, zeroed commit ids, no signature, fixed abbreviation and
# diff algorithm.  A function, so that it exports the tree $SRC names when
# it runs (make lint exports its fresh tree, not build/linux).
format_patch() {
	git -C "$SRC" -c core.abbrev=12 -c diff.noprefix=false \
		-c diff.mnemonicPrefix=false -c diff.relative=false \
		-c format.coverLetter=false -c format.thread=false -c format.notes=false \
		-c format.from=false -c format.useAutoBase=false \
		format-patch --zero-commit --no-signature --no-thread --no-notes \
		--no-to --no-cc --no-add-header \
		--diff-algorithm=myers -O/dev/null --no-cover-letter --quiet "$@"
}

# Strip the Date: header (only in the mail header, before the first blank
# line).
strip_dates() { sed -i '1,/^$/{/^Date: /d}' "$@"; }

# The cover letter is sent by the author of the newest patch, so the export
# does not depend on who runs it.
cover_identity() {
	local tag=$1
	if [ -n "$(git -C "$SRC" rev-list -1 "$tag..HEAD")" ]; then
		git -C "$SRC" log -1 --format='%an <%ae>' HEAD
	else
		printf '%s <%s>' "$DEFAULT_GIT_NAME" "$DEFAULT_GIT_EMAIL"
	fi
}

write_cover_letter() {
	local out=$1 tag=$2 n=$3 subject body width
	subject=$(head -n 1 "$TOP/cover-letter.txt")
	body=$(tail -n +3 "$TOP/cover-letter.txt")
	width=${#n}
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: $(cover_identity "$tag")"
		printf 'Subject: [PATCH %0*d/%d] %s\n\n' "$width" 0 "$n" "$subject"
		printf '%s\n\n' "$body"
		printf 'Base: Linux %s (%s),\ntag %s.\n\n' "${tag#devsec-base-}" \
			"$(git -C "$SRC" tag -l --format='%(contents:subject)' "$tag")" "$tag"
		if [ "$n" -eq 0 ]; then
			echo "The series has no patches yet."
		else
			git -C "$SRC" shortlog "$tag..HEAD"
			git -C "$SRC" diff -O/dev/null --stat=72 --summary "$tag" HEAD
		fi
		echo
		echo "-- "
	} >"$out"
}

# export_series DIR: write the series in build/linux (base tag..HEAD) to DIR
# as NNNN-*.patch, 0000-cover-letter.patch and series.
export_series() {
	local dir=$1 tag n f
	tag=$(base_tag)
	n=$(git -C "$SRC" rev-list --count "$tag..HEAD")
	mkdir -p "$dir"
	if [ "$n" -gt 0 ]; then
		format_patch --numbered -o "$dir" "$tag..HEAD" || return 1
		strip_dates "$dir"/*.patch
	fi
	write_cover_letter "$dir/0000-cover-letter.patch" "$tag" "$n"
	for f in "$dir"/[0-9][0-9][0-9][0-9]-*.patch; do
		f=${f##*/}
		[ "$f" = 0000-cover-letter.patch ] || echo "$f"
	done >"$dir/series"
}

# Files in build/linux that are edited, staged or new (and not ignored).
tree_dirt() { git -C "$SRC" status --porcelain --untracked-files=normal; }

# series_diff: compare a fresh export of build/linux with patches/.  Names
# each file that differs; returns non-zero when any does.
series_diff() {
	local tmp f rc=0
	tmp=$(mktemp -d)
	if ! export_series "$tmp/p"; then
		echo "cannot export build/linux"
		rm -rf "$tmp"
		return 2
	fi
	mkdir -p "$tmp/q"
	cp "$TOP"/patches/*.patch "$TOP"/patches/series "$tmp/q/" 2>/dev/null || true
	for f in $( (ls "$tmp/p"; ls "$tmp/q") | sort -u); do
		if [ ! -e "$tmp/q/$f" ]; then
			echo "not in patches/: $f"; rc=1
		elif [ ! -e "$tmp/p/$f" ]; then
			echo "in patches/ but not in build/linux: $f"; rc=1
		elif ! cmp -s "$tmp/p/$f" "$tmp/q/$f"; then
			echo "differs from build/linux: patches/$f"; rc=1
		fi
	done
	rm -rf "$tmp"
	return $rc
}

# worktree DIR REV: a clean checkout of REV at DIR, sharing build/linux's
# object store.
worktree() {
	local dir=$1 rev=$2
	if [ -d "$dir" ] && git -C "$dir" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		git -C "$dir" checkout -q --detach -f "$rev"
		git -C "$dir" clean -q -fdx
	else
		rm -rf "$dir"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$dir" "$rev"
	fi
}
