"""SciPy peer of the `drift` benchmark: reads the files make_drift_data.py wrote and times
  - ks: scipy.stats.ks_2samp(ref, cur) (method='auto': asymptotic at 100,000 rows) over the 20
    numeric features, the figure the Benchtop side is compared with;
  - defaults: the same work as Benchtop's default pass done with NumPy/SciPy, for reference:
    wasserstein_distance / np.std per numeric feature, PSI on 10 reference-quantile bins (+ out-of-range
    bins, np.quantile + np.histogram) per numeric feature, and per categorical feature Jensen-Shannon
    (scipy.spatial.distance.jensenshannon) and PSI over the reference categories + other, counted with
    np.bincount on the integer codes (the fast path; Benchtop counts string labels).
Each pass runs REPS times after one warm-up pass; the median is reported. Prints one JSON line
(with the per-column KS statistics and p-values, so the driver can compare them with Benchtop's).
Usage: python3 drift_peer.py DATA_DIR
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, wasserstein_distance

REPS = 3


def load(d):
    with open(os.path.join(d, 'meta.json')) as f:
        meta = json.load(f)
    n, p, k = meta['rows'], len(meta['numeric']), len(meta['categorical'])
    rn = np.fromfile(os.path.join(d, 'ref_num.f64'), dtype='<f8').reshape(p, n)
    cn = np.fromfile(os.path.join(d, 'cur_num.f64'), dtype='<f8').reshape(p, n)
    rc = np.fromfile(os.path.join(d, 'ref_cat.i32'), dtype='<i4').reshape(k, n)
    cc = np.fromfile(os.path.join(d, 'cur_cat.i32'), dtype='<i4').reshape(k, n)
    return meta, rn, cn, rc, cc


def corrected(s):
    s = np.where(s == 0, 1e-4, s)
    return s / s.sum()


def psi(r, c):
    r, c = corrected(r), corrected(c)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_psi(ref, cur):
    e = np.unique(np.quantile(ref, np.arange(11) / 10))
    def counts(x):
        return np.concatenate([[np.sum(x < e[0])], np.histogram(x, bins=e)[0], [np.sum(x > e[-1])]]).astype(float)
    r, c = counts(ref), counts(cur)
    return psi(r / r.sum(), c / c.sum())


def categorical_scores(ref, cur, k):
    r = np.bincount(ref, minlength=k).astype(float)
    c = np.bincount(cur, minlength=k).astype(float)
    seen = r > 0
    r = np.append(r[seen], 0.0)
    c = np.append(c[seen], c[~seen].sum())
    r, c = r / r.sum(), c / c.sum()
    return float(jensenshannon(r, c)), psi(r, c)


def timed(fn):
    fn()
    times = []
    for _ in range(REPS):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times, out


def main(d):
    meta, rn, cn, rc, cc = load(d)
    ks_s, ks_times, ks = timed(lambda: [ks_2samp(a, b) for a, b in zip(rn, cn)])
    cats = [len(c) for c in meta['categories']]

    def defaults():
        out = {}
        for j, (a, b) in enumerate(zip(rn, cn)):
            out[f'f{j}'] = {'wasserstein': float(wasserstein_distance(a, b) / max(np.std(a), 1e-3)), 'psi': numeric_psi(a, b)}
        for j, (a, b) in enumerate(zip(rc, cc)):
            js, p = categorical_scores(a, b, cats[j])
            out[f'c{j}'] = {'jensenshannon': js, 'psi': p}
        return out
    def_s, def_times, scores = timed(defaults)
    print(json.dumps({
        'scipy': scipy.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0], 'cpus': os.cpu_count(), 'reps': REPS,
        'ks_s': ks_s, 'ks_times': ks_times,
        'ks': [{'statistic': float(r.statistic), 'pvalue': float(r.pvalue)} for r in ks],
        'defaults_s': def_s, 'defaults_times': def_times, 'scores': scores,
    }))


if __name__ == '__main__':
    main(sys.argv[1])
