#!/usr/bin/env python3
"""Turn the output of the bench-dma guests into tables, ratios and JSON.

usage: bench-report.py OUT.json IOMMU_MODE=GUEST_OUT_LOG...

Each guest measured every (layout, request size, mode) point several times,
with the modes of a point interleaved.  A point is reported as the median of
its repetitions and their spread ((max - min) / median).  A ratio compares
two modes within one repetition, so both saw the same pages and the same
moment of the host; the median and the range of those ratios are reported.
The targets are checked and reported, not enforced: this is a benchmark.
"""
import json
import re
import statistics
import sys

MODES = ['single', 'pages', 'sg', 'sg-build', 'iova', 'iova-unlink', 'iova-vec']
# The IOVA-path modes that the ratios and targets are computed for
IOVA_MODES = ['iova', 'iova-vec']
FIELDS = {
    'ns': r'average map latency\(ns\):(\d+) unmap latency\(ns\):(\d+)',
    'requests': r'requests:(\d+)',
    'runs': r'.*\bruns(?: per request)?:(\d+)$',
    'map_syncs': r'map IOTLB syncs per request: ([0-9.]+|not counted)',
    'unmap_syncs': r'unmap IOTLB syncs per request: ([0-9.]+|not counted)',
    'map_calls': r'IOMMU map calls per request: ([0-9.]+|not counted)',
    'unmap_calls': r'IOMMU unmap calls per request: ([0-9.]+|not counted)',
}
HEADER = r'bench: rep=(\d+) layout=(\S+) mode=(\S+) pages=(\d+)'


def parse(iommu, path):
    runs, domain, cur = [], None, None
    for line in open(path, errors='replace'):
        line = line.strip()
        m = re.match(r'bench: domain (\S+)', line)
        if m:
            domain = m.group(1)
        m = re.match(HEADER, line)
        if m:
            cur = {'iommu': iommu, 'domain': domain, 'rep': int(m.group(1)),
                   'layout': m.group(2), 'mode': m.group(3),
                   'pages': int(m.group(4))}
            runs.append(cur)
            continue
        if cur is None:
            continue
        for key, pat in FIELDS.items():
            m = re.match(pat, line)
            if not m:
                continue
            if key == 'ns':
                cur['map_us'] = int(m.group(1)) / 1000
                cur['unmap_us'] = int(m.group(2)) / 1000
            elif key in ('requests', 'runs'):
                cur[key] = int(m.group(1))
            else:
                cur[key] = None if m.group(1) == 'not counted' else float(m.group(1))
    for r in runs:
        missing = [k for k in list(FIELDS)[1:] + ['map_us'] if k not in r]
        if missing:
            sys.exit(f'bench-report: {path}: rep {r["rep"]} {r["layout"]} '
                     f'{r["mode"]} x {r["pages"]}: no {", ".join(missing)} '
                     f'in the output')
        r['total_us'] = r['map_us'] + r['unmap_us']
    return runs


def med(values):
    return statistics.median(values) if values else None


def spread(values):
    m = med(values)
    return (max(values) - min(values)) / m if values and m else None


def fmt(v, spec='.2f'):
    return 'n/a' if v is None else format(v, spec)


def main():
    out = sys.argv[1]
    samples = []
    for arg in sys.argv[2:]:
        iommu, path = arg.split('=', 1)
        samples += parse(iommu, path)

    points = {}
    for s in samples:
        points.setdefault((s['iommu'], s['layout'], s['pages'], s['mode']),
                          []).append(s)
    iommus = list(dict.fromkeys(s['iommu'] for s in samples))
    layouts = list(dict.fromkeys(s['layout'] for s in samples))
    sizes = sorted({s['pages'] for s in samples})

    summary = []
    print('Medians of the repetitions; +-% is their spread, (max - min) / '
          'median.  Calls and syncs are per request.')
    print(f'{"iommu":6} {"layout":9} {"pages":>5} {"runs":>4} {"mode":11} '
          f'{"reps":>4} {"map us":>8} {"+-%":>4} {"unmap us":>8} {"+-%":>4} '
          f'{"map calls":>9} {"unmap calls":>11} {"map syncs":>9} '
          f'{"unmap syncs":>11}')
    for iommu in iommus:
        for layout in layouts:
            for n in sizes:
                for mode in MODES:
                    rs = points.get((iommu, layout, n, mode))
                    if not rs:
                        continue
                    p = {'iommu': iommu, 'domain': rs[0]['domain'],
                         'layout': layout, 'pages': n, 'mode': mode,
                         'reps': len(rs), 'runs': rs[0]['runs'],
                         'requests': med([r['requests'] for r in rs])}
                    for k in ('map_us', 'unmap_us', 'total_us'):
                        p[k] = med([r[k] for r in rs])
                        p[k[:-3] + '_spread'] = spread([r[k] for r in rs])
                    for k in ('map_calls', 'unmap_calls', 'map_syncs',
                              'unmap_syncs'):
                        v = [r[k] for r in rs]
                        p[k] = None if None in v else med(v)
                    summary.append(p)
                    print(f'{iommu:6} {layout:9} {n:>5} {p["runs"]:>4} '
                          f'{mode:11} {p["reps"]:>4} {p["map_us"]:>8.2f} '
                          f'{fmt(100 * p["map_spread"], ".0f"):>4} '
                          f'{p["unmap_us"]:>8.2f} '
                          f'{fmt(100 * p["unmap_spread"], ".0f"):>4} '
                          f'{fmt(p["map_calls"]):>9} '
                          f'{fmt(p["unmap_calls"]):>11} '
                          f'{fmt(p["map_syncs"]):>9} '
                          f'{fmt(p["unmap_syncs"]):>11}')

    # Paired ratios: other mode's time / iova's time, per repetition
    ratios = []
    print('\nIOVA path speed-up over each mode (>1: the IOVA mode is faster): '
          'median of the per-repetition ratios [min-max]')
    print(f'{"iommu":6} {"layout":9} {"pages":>5} {"iova mode":9} {"vs":9} '
          f'{"map+unmap":>17} {"map":>17} {"unmap":>17}')
    for iommu in iommus:
        for layout in layouts:
            for n in sizes:
              for iova_mode in IOVA_MODES:
                io = {r['rep']: r for r in points.get((iommu, layout, n, iova_mode), [])}
                for other in ('sg', 'sg-build', 'pages'):
                    ot = {r['rep']: r for r in points.get((iommu, layout, n, other), [])}
                    reps = sorted(set(io) & set(ot))
                    if not reps:
                        continue
                    x = {'iommu': iommu, 'layout': layout, 'pages': n,
                         'iova': iova_mode, 'vs': other, 'reps': len(reps)}
                    cells = []
                    for k in ('total_us', 'map_us', 'unmap_us'):
                        v = [ot[i][k] / io[i][k] for i in reps if io[i][k]]
                        x[k[:-3]] = med(v)
                        x[k[:-3] + '_min'] = min(v) if v else None
                        x[k[:-3] + '_max'] = max(v) if v else None
                        cells.append(f'{fmt(x[k[:-3]])} [{fmt(x[k[:-3] + "_min"])}-'
                                     f'{fmt(x[k[:-3] + "_max"])}]')
                    ratios.append(x)
                    print(f'{iommu:6} {layout:9} {n:>5} {iova_mode:9} {other:9} ' +
                          ' '.join(f'{c:>17}' for c in cells))

    def ratio(iova_mode, iommu, n, vs, layout='scattered'):
        return next((r['total'] for r in ratios if r['iommu'] == iommu and
                     r['layout'] == layout and r['pages'] == n and
                     r['iova'] == iova_mode and r['vs'] == vs), None)

    targets = []
    for iova_mode in IOVA_MODES:
        for iommu in iommus:
            for n in (1, 8, 64, 512):
                v = ratio(iova_mode, iommu, n, 'sg')
                targets.append((f'{iova_mode} / sg (prebuilt) >= 1.0, {iommu}, N={n}',
                                v, v is not None and v >= 1.0))
        for iommu in iommus:
            v = ratio(iova_mode, iommu, 64, 'sg-build')
            targets.append((f'{iova_mode} / sg-build >= 1.3, {iommu}, N=64', v,
                            v is not None and v >= 1.3))
        v = ratio(iova_mode, 'strict', 64, 'pages')
        targets.append((f'{iova_mode} / page loop >= 5, strict, N=64', v,
                        v is not None and v >= 5))
        io_rows = [p for p in summary if p['mode'] == iova_mode]
        syncs = sorted({p['map_syncs'] for p in io_rows}, key=lambda s: (s is None, s))
        targets.append((f'IOTLB syncs per mapping request, {iova_mode} == 1 '
                        '(every size, layout and IOMMU mode)',
                        ', '.join(fmt(s) for s in syncs),
                        bool(io_rows) and syncs == [1.0]))
    print('\nTargets (scattered layout; medians of the per-repetition ratios):')
    for name, value, ok in targets:
        shown = value if isinstance(value, str) else fmt(value)
        print(f'  {"met   " if ok else "MISSED"} {name}: {shown}')

    json.dump({'samples': samples, 'summary': summary, 'ratios': ratios,
               'targets': [{'target': n, 'value': v, 'met': ok}
                           for n, v, ok in targets]},
              open(out, 'w'), indent=1)


main()
