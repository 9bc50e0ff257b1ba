#!/usr/bin/env python3
"""Turn the output of the bench-dma guests into a table, ratios and JSON.

usage: bench-report.py OUT.json IOMMU_MODE=GUEST_OUT_LOG...

Every ratio compares measurements from the same boot.  The targets (N = 64,
strict mode) are checked and reported, not enforced: this is a benchmark.
"""
import json
import re
import sys

MODES = ['single', 'pages', 'sg', 'iova', 'iova-unlink']
FIELDS = {
    'map_us': r'average map latency\(us\):([0-9.]+) standard deviation:([0-9.]+)',
    'unmap_us': r'average unmap latency\(us\):([0-9.]+) standard deviation:([0-9.]+)',
    'requests': r'requests:(\d+)',
    'map_syncs': r'map IOTLB syncs per request: ([0-9.]+|not counted)',
    'unmap_syncs': r'unmap IOTLB syncs per request: ([0-9.]+|not counted)',
}


def parse(iommu, path):
    runs, domain, cur = [], None, None
    for line in open(path, errors='replace'):
        line = line.strip()
        m = re.match(r'bench: domain (\S+)', line)
        if m:
            domain = m.group(1)
        m = re.match(r'bench: mode=(\S+) pages=(\d+)', line)
        if m:
            cur = {'iommu': iommu, 'domain': domain, 'mode': m.group(1),
                   'pages': int(m.group(2))}
            runs.append(cur)
            continue
        if cur is None:
            continue
        for key, pat in FIELDS.items():
            m = re.match(pat, line)
            if not m:
                continue
            if key.endswith('_us'):
                cur[key] = float(m.group(1))
                cur[key[:-3] + '_stddev_us'] = float(m.group(2))
            elif key == 'requests':
                cur[key] = int(m.group(1))
            else:
                cur[key] = None if m.group(1) == 'not counted' else float(m.group(1))
    for r in runs:
        missing = [k for k in FIELDS if k not in r]
        if missing:
            sys.exit(f'bench-report: {path}: {r["mode"]} x {r["pages"]}: '
                     f'no {", ".join(missing)} in the output')
        r['total_us'] = round(r['map_us'] + r['unmap_us'], 1)
        r['total_per_page_us'] = round(r['total_us'] / r['pages'], 3)
    return runs


def ratio(a, b):
    return round(a / b, 2) if b else None


def main():
    out = sys.argv[1]
    runs = []
    for arg in sys.argv[2:]:
        iommu, path = arg.split('=', 1)
        runs += parse(iommu, path)
    by = {(r['iommu'], r['mode'], r['pages']): r for r in runs}

    print(f'{"iommu":6} {"domain":7} {"pages":>5} {"mode":12} {"map us":>8} '
          f'{"unmap us":>9} {"total us":>9} {"us/page":>8} {"map syncs":>9} '
          f'{"unmap syncs":>11} {"requests":>9}')
    fmt_s = lambda v: 'n/a' if v is None else f'{v:.2f}'
    for r in runs:
        print(f'{r["iommu"]:6} {r["domain"] or "?":7} {r["pages"]:>5} '
              f'{r["mode"]:12} {r["map_us"]:>8.1f} {r["unmap_us"]:>9.1f} '
              f'{r["total_us"]:>9.1f} {r["total_per_page_us"]:>8.3f} '
              f'{fmt_s(r["map_syncs"]):>9} {fmt_s(r["unmap_syncs"]):>11} '
              f'{r["requests"]:>9}')

    ratios = []
    print('\nIOVA path (iova) speed-up, map + unmap per request '
          '(>1: the IOVA path is faster):')
    print(f'{"iommu":6} {"pages":>5} {"vs pages":>9} {"vs sg":>7} '
          f'{"map vs pages":>13} {"unmap vs pages":>15} {"map vs sg":>10} '
          f'{"unmap vs sg":>12}')
    for iommu in dict.fromkeys(r['iommu'] for r in runs):
        for n in sorted({r['pages'] for r in runs if r['iommu'] == iommu}):
            io, pg, sg = (by.get((iommu, m, n)) for m in ('iova', 'pages', 'sg'))
            if not (io and pg and sg):
                continue
            x = {'iommu': iommu, 'pages': n,
                 'iova_vs_pages': ratio(pg['total_us'], io['total_us']),
                 'iova_vs_sg': ratio(sg['total_us'], io['total_us']),
                 'map_vs_pages': ratio(pg['map_us'], io['map_us']),
                 'unmap_vs_pages': ratio(pg['unmap_us'], io['unmap_us']),
                 'map_vs_sg': ratio(sg['map_us'], io['map_us']),
                 'unmap_vs_sg': ratio(sg['unmap_us'], io['unmap_us'])}
            ratios.append(x)
            print(f'{iommu:6} {n:>5} ' + ' '.join(
                f'{fmt_s(x[k]):>{w}}' for k, w in (
                    ('iova_vs_pages', 9), ('iova_vs_sg', 7),
                    ('map_vs_pages', 13), ('unmap_vs_pages', 15),
                    ('map_vs_sg', 10), ('unmap_vs_sg', 12))))

    targets = []
    x = next((r for r in ratios if r['iommu'] == 'strict' and r['pages'] == 64), None)
    io = by.get(('strict', 'iova', 64))
    if x and io:
        targets = [
            ('IOVA path >= 5x faster than 64 x dma_map_page/unmap (strict)',
             x['iova_vs_pages'], x['iova_vs_pages'] is not None and x['iova_vs_pages'] >= 5),
            ('IOVA path not slower than dma_map_sg (strict, 64 pages)',
             x['iova_vs_sg'], x['iova_vs_sg'] is not None and x['iova_vs_sg'] >= 1),
            ('one IOTLB sync per mapping request (strict, 64 pages)',
             io['map_syncs'], io['map_syncs'] == 1),
        ]
        print('\nTargets:')
        for name, value, ok in targets:
            print(f'  {"met   " if ok else "MISSED"} {name}: {fmt_s(value)}')

    json.dump({'runs': runs, 'ratios': ratios,
               'targets': [{'target': n, 'value': v, 'met': ok}
                           for n, v, ok in targets]},
              open(out, 'w'), indent=1)


main()
