#!/usr/bin/env python3
"""Print the debug-checker reports in a KUnit guest log that no case expected.

usage: kunit-logcheck.py LOG-ERRORS CONSOLE-LOG

LOG-ERRORS holds one extended regex per line (configs/log-errors).  A warning
splat ("------------[ cut here ]" ... "---[ end trace") is excused when the
KUnit case it happens in logged "expect a WARNING:" before it; the excuse ends
at the case's result line.  Everything else that matches is reported.
"""
import re
import sys

patterns = [l.rstrip('\n') for l in open(sys.argv[1])
            if l.strip() and not l.startswith('#')]
report = re.compile('|'.join(f'(?:{p})' for p in patterns))
result = re.compile(r'^\s*(not )?ok \d+ ')

expected = False
splat = None            # None outside a splat, else whether it is excused
for n, line in enumerate(open(sys.argv[2], errors='replace'), 1):
    line = line.rstrip('\n')
    if 'expect a WARNING:' in line:
        expected = True
        continue
    if result.match(line):
        expected = False
    if '------------[ cut here ]' in line:
        splat = expected
        continue
    if '---[ end trace' in line:
        splat = None
        continue
    if report.search(line) and not splat:
        print(f'{n}: {line}')
