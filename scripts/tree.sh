#!/usr/bin/env bash
# make tree: install what is missing, unpack the base into build/linux as a git
# repo, and apply patches/.
#
#   tree.sh           create build/linux, or bring it in line with patches/
#   tree.sh --ensure  create build/linux only if it does not exist (used by the
#                     build and test targets, which test build/linux as it is)
#
# It never overwrites work in build/linux that patches/ does not hold, unless
# FORCE=1 (the old HEAD is then kept as a backup branch).
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series.sh"

mode=${1:-sync}

"$TOP/scripts/deps.sh"

tarball=/usr/src/$BASE_PACKAGE.tar.xz
[ -f "$tarball" ] || die "$tarball is missing although $BASE_PACKAGE is installed"
deb_version=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE")
upstream_version=${deb_version%%-*}

configure_identity() {
	local name email
	name=$(git -C "$TOP" config user.name || echo "$DEFAULT_GIT_NAME")
	email=$(git -C "$TOP" config user.email || echo "$DEFAULT_GIT_EMAIL")
	git -C "$SRC" config user.name "$name"
	git -C "$SRC" config user.email "$email"
}

# Debian appends "ignore everything at the top level" to the kernel's
# .gitignore for its packaging repository; in a development tree that hides
# every new file from git.  Drop that block (it starts at its comment).
drop_debian_ignore() {
	awk '/^# Debian packaging/ { exit }
	     { line[n++] = $0 }
	     END { while (n > 0 && (line[n - 1] == "#" || line[n - 1] == "")) n--
		   for (i = 0; i < n; i++) print line[i] }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

create_tree() {
	local t0 date tag
	t0=$(date +%s)
	step "unpacking $BASE_PACKAGE $deb_version into build/linux"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	tar -xf "$tarball" -C "$SRC" --strip-components=1
	drop_debian_ignore "$SRC/.gitignore"
	git -C "$SRC" init -q -b "$SERIES_BRANCH"
	git -C "$SRC" config feature.manyFiles true
	git -C "$SRC" config gc.auto 0
	git -C "$SRC" add -A -f
	# The base commit is the same on every machine for the same source.
	date="@$(stat -c %Y "$SRC/Makefile") +0000"
	GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_COMMITTER_NAME="Debian kernel team" GIT_COMMITTER_EMAIL="debian-kernel@lists.debian.org" \
	GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" \
		git -C "$SRC" commit -q --no-verify \
		-m "Linux $upstream_version from Debian $BASE_PACKAGE $deb_version" \
		-m "Unpacked from /usr/src/$BASE_PACKAGE.tar.xz, less the Debian packaging rules at the end of .gitignore, which ignore every new top-level path."
	git -C "$SRC" check-ignore -q drivers/pci/tsm/devsec-probe.c &&
		die "new files in build/linux are still ignored by git (.gitignore)"
	tag=devsec-base-$upstream_version
	GIT_COMMITTER_NAME="Debian kernel team" GIT_COMMITTER_EMAIL="debian-kernel@lists.debian.org" \
	GIT_COMMITTER_DATE="$date" \
		git -C "$SRC" tag -a -m "Debian $BASE_PACKAGE $deb_version" "$tag"
	info "base commit tagged $tag ($(since "$t0"))"
}

apply_series() {
	local tag p out file n=0
	tag=$(base_tag)
	git -C "$SRC" checkout -q -B "$SERIES_BRANCH" "$tag"
	# refs/devsec/synced marks what build/linux holds that patches/ also has.
	git -C "$SRC" update-ref refs/devsec/synced HEAD
	[ -s "$TOP/patches/series" ] || {
		info "patches/ holds no patches yet"
		return 0
	}
	while read -r p; do
		[ -n "$p" ] || continue
		[ -f "$TOP/patches/$p" ] || die "patches/series names $p, which does not exist"
		if ! out=$(git -C "$SRC" am -q --whitespace=nowarn "$TOP/patches/$p" 2>&1); then
			git -C "$SRC" am --abort >/dev/null 2>&1 || true
			file=$(echo "$out" | sed -n \
				-e 's/^error: patch failed: \(.*\):[0-9]*$/\1/p' \
				-e 's/^error: \(.*\): does not exist in index$/\1/p' \
				-e 's/^error: \(.*\): already exists in index$/\1/p' \
				-e 's/^error: \(.*\): patch does not apply$/\1/p' | head -n 1)
			echo "$out" | grep -E '^(error|Patch failed)' | sed 's/^/    | /' >&2
			die "patch $p does not apply to $tag${file:+: failing file $file}" \
				"(build/linux is left at the patches before it)"
		fi
		git -C "$SRC" update-ref refs/devsec/synced HEAD
		n=$((n + 1))
	done <"$TOP/patches/series"
	info "applied $n patch(es) on $tag"
}

refuse() {
	echo "$1" | sed 's/^/    /' >&2
	die "build/linux holds work that patches/ does not: run 'make export' and commit" \
		"patches/ (or 'make tree FORCE=1' to discard it; HEAD is kept as a backup branch)"
}

if [ -d "$SRC" ] && ! have_tree; then
	# A half-made tree (interrupted unpack): it cannot hold commits.
	git -C "$SRC" rev-parse -q --verify HEAD >/dev/null 2>&1 &&
		die "build/linux is a git repo without a devsec-base-* tag: move it away first"
	rm -rf "$SRC"
fi

if ! have_tree; then
	create_tree
	configure_identity
	apply_series
	exit 0
fi

configure_identity
[ "$mode" = --ensure ] && exit 0

# An existing tree: bring it in line with patches/ if that loses nothing.
[ -d "$SRC/.git/rebase-apply" ] || [ -d "$SRC/.git/rebase-merge" ] &&
	die "a git am or rebase is in progress in build/linux: finish or abort it first"

want_tag=devsec-base-$upstream_version
if series_diff >/dev/null && [ -z "$(tree_dirt)" ]; then
	if [ "$(base_tag)" = "$want_tag" ]; then
		info "build/linux is up to date: $(git -C "$SRC" rev-list --count "$want_tag..HEAD") patch(es) on $want_tag"
		git -C "$SRC" update-ref refs/devsec/synced HEAD
		exit 0
	fi
	info "base changed from $(base_tag) to $want_tag: recreating build/linux"
	create_tree
	configure_identity
	apply_series
	exit 0
fi

if [ "${FORCE:-0}" != 1 ]; then
	dirt=$(tree_dirt)
	[ -z "$dirt" ] || refuse "uncommitted changes:"$'\n'"$dirt"
	synced=$(git -C "$SRC" rev-parse -q --verify refs/devsec/synced || true)
	if [ "$synced" != "$(git -C "$SRC" rev-parse HEAD)" ]; then
		refuse "commits since the last export or apply:"$'\n'"$(git -C "$SRC" log --oneline \
			"${synced:-$(base_tag)}..HEAD" | head -n 20)"
	fi
	info "patches/ changed since build/linux was last synced: re-applying"
else
	backup=backup/$(date +%Y%m%d-%H%M%S)
	git -C "$SRC" branch -q "$backup" HEAD
	git -C "$SRC" reset -q --hard
	git -C "$SRC" clean -q -fd
	warn "FORCE=1: discarded build/linux changes; old HEAD kept as branch $backup"
fi

if [ "$(base_tag)" != "$want_tag" ]; then
	create_tree
	configure_identity
fi
apply_series
