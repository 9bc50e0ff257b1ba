#!/usr/bin/env bash
# Install the Debian packages the harness needs, and the pinned kernel source.
# Runs `apt-get update` at most once, only when something is missing.
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	rsync ccache git perl python3 python3-yaml python3-jsonschema sparse
	qemu-system-x86 busybox-static
)

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	info "apt-get update"
	run_logged "$B/logs/apt-update.log" apt-get update -q || die "apt-get update failed"
	apt_updated=1
}

# Prints nothing for a package dpkg has never heard of (dpkg-query exits 1
# for those, which must not end the script under `set -e -o pipefail`).
installed_version() {
	{ dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null || true; } |
		awk '$1 == "ii" { print $2 }'
}

has_candidate() {
	local c
	c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

apt_install() {
	DEBIAN_FRONTEND=noninteractive run_logged "$B/logs/apt-install.log" \
		apt-get install -y -q --no-install-recommends "$@"
}

missing=()
for p in "${PACKAGES[@]}"; do
	[ -n "$(installed_version "$p")" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	step "installing packages: ${missing[*]}"
	apt_update
	unavailable=()
	wanted=()
	for p in "${missing[@]}"; do
		if has_candidate "$p"; then wanted+=("$p"); else unavailable+=("$p"); fi
	done
	[ ${#unavailable[@]} -eq 0 ] ||
		die "these packages cannot be had from the configured apt sources: ${unavailable[*]}"
	apt_install "${wanted[@]}" || die "apt-get install ${wanted[*]} failed"
fi

# The kernel source, pinned.
have=$(installed_version "$BASE_PACKAGE")
if [ "$have" != "$BASE_VERSION" ]; then
	apt_update
	if apt-cache madison "$BASE_PACKAGE" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
		grep -qxF "$BASE_VERSION"; then
		step "installing $BASE_PACKAGE=$BASE_VERSION (pinned base)"
		apt_install --allow-downgrades "$BASE_PACKAGE=$BASE_VERSION" ||
			die "cannot install $BASE_PACKAGE=$BASE_VERSION"
	else
		has_candidate "$BASE_PACKAGE" || die "package $BASE_PACKAGE cannot be had"
		newest=$(apt-cache policy "$BASE_PACKAGE" | awk '/Candidate:/ { print $2 }')
		warn "the pinned base $BASE_PACKAGE=$BASE_VERSION is no longer served;" \
			"falling back to $newest. The series may not apply: update" \
			"BASE_VERSION in devsec.conf once it does."
		[ "$have" = "$newest" ] || apt_install "$BASE_PACKAGE" ||
			die "cannot install $BASE_PACKAGE"
	fi
fi
exit 0
