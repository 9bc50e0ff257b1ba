#!/bin/sh
# Guest side of `make selftest`, the guest that boots beside the selftest
# guest: the devsec kselftests that sweep (fault_test, topology_test and
# hammer_test, in their light modes), with the same harness checks around
# them.  The two guests together take little more than the longer of them:
# most of the tests spend their time in one thread or asleep.
KSFT_SWEEP=1
export KSFT_SWEEP
. /devsec/selftest.sh
