#!/usr/bin/env python3
"""Turn (K)TAP output into harness result lines: "PASS|FAIL|SKIP name".

Nested results (lines prefixed with "# " or indented, as the kselftest runner
and kselftest_harness.h produce) are counted one by one; a parent result is
counted only when it fails although none of its children did (a crash, a
timeout, a non-zero exit).

usage: tap.py FILE PREFIX
"""
import re
import sys

PLAN = re.compile(r'^1\.\.(\d+)')
RESULT = re.compile(r'^(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')


def depth_and_body(line):
    depth = 0
    while True:
        if line.startswith('# '):
            line = line[2:]
        elif line.startswith('    '):
            line = line[4:]
        else:
            return depth, line
        depth += 1


def parse(lines):
    """Yield (depth, status, name) for each result line."""
    for raw in lines:
        depth, body = depth_and_body(raw.rstrip('\r\n'))
        m = RESULT.match(body)
        if not m:
            continue
        ok, _, name, directive = m.groups()
        directive = (directive or '').strip().upper()
        if directive.startswith('SKIP') or directive.startswith('TODO'):
            status = 'SKIP'
        elif ok == 'ok' or directive.startswith('XFAIL'):
            status = 'PASS'
        else:
            status = 'FAIL'
        yield depth, status, name.strip()


def leaves(results):
    out = []
    # children[d]: results at depth d not yet claimed by a parent at d-1
    children = {}
    for depth, status, name in results:
        kids = children.pop(depth + 1, [])
        for d in sorted(d for d in children if d > depth + 1):
            kids.extend(children.pop(d))   # orphans of a parent that never reported
        if kids:
            parent = name[len('selftests: '):] if name.startswith('selftests: ') else name
            entry = [(s, f'{parent}: {n}') for s, n in kids]
            if status == 'FAIL' and not any(s == 'FAIL' for s, _ in kids):
                entry.append(('FAIL', f'{parent} (exited with failure)'))
        else:
            entry = [(status, name)]
        children.setdefault(depth, []).extend(entry)
    for d in sorted(children):
        out.extend(children[d])
    return out


def missing(lines):
    """Top-level tests the plan announced but that never reported."""
    plan = None
    count = 0
    for raw in lines:
        if PLAN.match(raw):
            plan = int(PLAN.match(raw).group(1))
        elif RESULT.match(raw.rstrip('\r\n')):
            count += 1
    return plan - count if plan is not None and plan > count else 0


def main():
    path, prefix = sys.argv[1], sys.argv[2]
    try:
        with open(path, errors='replace') as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    for status, name in leaves(parse(lines)):
        print(f'{status} {prefix}{name}')
    lost = missing(lines)
    if lost:
        print(f'FAIL {prefix}{lost} planned test(s) never reported')


if __name__ == '__main__':
    main()
