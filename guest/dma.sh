#!/bin/sh
# Guest side of `make selftest`, second boot: the dma kselftests, which run
# the IOVA path end to end on the edu device.  That device has no TSM to
# accept it, so this guest is not in the accept-bounce mode (see
# GUEST_ACCEPT_MODES in scripts/guest.sh), where it would have to bounce.
KSFT_COLLECTION=dma
export KSFT_COLLECTION
. /devsec/selftest.sh
