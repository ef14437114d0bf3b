"""Writes the `drift` benchmark's data set (read by both Benchtop and SciPy).

A reference and a current window of 100,000 rows each, numpy default_rng(7):
  20 numeric features f0..f19 (normal, log-normal, uniform, exponential, a two-bump mixture,
  Student t, and integer-valued Poisson/binomial columns with heavy ties); in the current window
  f0-f4 are shifted by 0.1-0.5 standard deviations and f5-f7 scaled by 1.2-1.5, the rest unchanged;
  5 categorical features c0..c4 with 3-20 categories; in the current window c0's shares move and c1
  gains a category the reference never had, the rest unchanged.

Files in the output folder (little-endian, column-major: column j is rows [j*n, (j+1)*n)):
    ref_num.f64, cur_num.f64   20 x n float64
    ref_cat.i32, cur_cat.i32   5 x n int32 category codes (index into meta.json's categories[j])
    meta.json                  shape, names, categories, what drifted (written last)
Usage: python3 make_drift_data.py OUT_DIR
"""
import json
import os
import sys

import numpy as np

N, NUM, CAT = 100_000, 20, 5


def numeric(rng, j, n, drifted):
    shift = [0.5, 0.3, 0.2, 0.15, 0.1][j] if drifted and j < 5 else 0.0
    scale = [1.5, 1.3, 1.2][j - 5] if drifted and 5 <= j < 8 else 1.0
    kind = j % 8
    if kind == 0:
        x = rng.normal(0, 1, n)
    elif kind == 1:
        x = rng.lognormal(0, 0.6, n)
    elif kind == 2:
        x = rng.uniform(-3, 3, n)
    elif kind == 3:
        x = rng.exponential(2.0, n)
    elif kind == 4:
        x = np.where(rng.random(n) < 0.3, rng.normal(-2, 0.5, n), rng.normal(1, 1, n))
    elif kind == 5:
        x = rng.standard_t(5, n)
    elif kind == 6:
        x = rng.poisson(4, n).astype(float)
    else:
        x = rng.binomial(30, 0.2, n).astype(float)
    sd = float(np.std(x)) or 1.0
    mean = float(np.mean(x))
    return (x - mean) * scale + mean + shift * sd


def categories(j):
    k = [3, 5, 8, 12, 20][j]
    return [f'c{j}_{chr(97 + i % 26)}{i // 26 or ""}' for i in range(k + (1 if j == 1 else 0))]


def categorical(rng, j, n, drifted):
    names = categories(j)
    k = len(names) - (1 if j == 1 else 0)
    w = np.arange(k, 0, -1, dtype=float) ** 1.3
    if drifted and j == 0:
        w = w[::-1].copy()
    if drifted and j == 1:
        w = np.append(w, w.mean())  # a category unseen in the reference
    elif j == 1:
        w = np.append(w, 0.0)
    return rng.choice(len(names), size=n, p=w / w.sum()).astype('<i4')


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    for side, drifted in (('ref', False), ('cur', True)):
        num = np.stack([numeric(rng, j, N, drifted) for j in range(NUM)])
        cat = np.stack([categorical(rng, j, N, drifted) for j in range(CAT)])
        num.astype('<f8').tofile(os.path.join(out, f'{side}_num.f64'))
        cat.astype('<i4').tofile(os.path.join(out, f'{side}_cat.i32'))
    meta = {
        'rows': N, 'numeric': [f'f{j}' for j in range(NUM)], 'categorical': [f'c{j}' for j in range(CAT)],
        'categories': [categories(j) for j in range(CAT)],
        'generator': 'numpy.random.default_rng(7), see make_drift_data.py',
        'drifted': {'shift': ['f0', 'f1', 'f2', 'f3', 'f4'], 'scale': ['f5', 'f6', 'f7'], 'categorical': ['c0', 'c1']},
    }
    with open(os.path.join(out, 'meta.json.tmp'), 'w') as f:
        json.dump(meta, f, indent=2)
    os.replace(os.path.join(out, 'meta.json.tmp'), os.path.join(out, 'meta.json'))  # written last: marks a complete set
    print(json.dumps({'rows': N, 'numeric': NUM, 'categorical': CAT}))


if __name__ == '__main__':
    main(sys.argv[1])
