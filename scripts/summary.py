#!/usr/bin/env python3
"""Summarise build/results/<step>.results into summary.json and one line.

usage: summary.py RESULTS_DIR STEP...
Prints each step's counts and failures, then "N passed, N failed, N skipped".
Exits 1 when anything failed or a step left no results.
"""
import json
import os
import sys


def main():
    res_dir, steps = sys.argv[1], sys.argv[2:]
    summary = {'steps': {}, 'passed': 0, 'failed': 0, 'skipped': 0}
    for step in steps:
        path = os.path.join(res_dir, step + '.results')
        entry = {'passed': [], 'failed': [], 'skipped': []}
        try:
            with open(path) as f:
                for line in f:
                    status, _, name = line.rstrip('\n').partition(' ')
                    key = {'PASS': 'passed', 'FAIL': 'failed', 'SKIP': 'skipped'}.get(status)
                    if key:
                        entry[key].append(name)
        except FileNotFoundError:
            entry['failed'].append(f'{step}: produced no results')
        if not any(entry.values()):
            entry['failed'].append(f'{step}: ran no checks')
        summary['steps'][step] = entry
        for key in ('passed', 'failed', 'skipped'):
            summary[key] += len(entry[key])
        print(f'{step:9} {len(entry["passed"])} passed, {len(entry["failed"])} failed, '
              f'{len(entry["skipped"])} skipped')
        for name in entry['failed']:
            print(f'          FAIL {name}')
    with open(os.path.join(res_dir, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
        f.write('\n')
    print(f'{summary["passed"]} passed, {summary["failed"]} failed, '
          f'{summary["skipped"]} skipped')
    return 1 if summary['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
