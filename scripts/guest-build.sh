#!/usr/bin/env bash
# make guest: build the debug guest kernel, modules and kselftests.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/guest.sh"
"$TOP/scripts/tree.sh" --ensure
guest_build
