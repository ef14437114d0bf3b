"""Writes the `train` benchmark's data set (read by both Benchtop and scikit-learn).

    make_classification(n_samples=100_000, n_features=30, n_informative=20, n_redundant=5,
                        class_sep=2.0, random_state=0)

then a random 80/20 split (numpy default_rng(0) permutation: the first 80,000 rows of it train),
then every feature standardized with the mean and (population) std of the training rows, as a
StandardScaler in a pipeline would: one matrix serves every model (trees do not care).

Files in the output folder:
    X.f64      n x d float64, little-endian, row-major
    y.i32      n int32 labels (0/1)
    train.i32  training row indices (int32, in permutation order)
    test.i32   test row indices (int32, in permutation order)
    meta.json  shape, generator settings and a content check
Usage: python3 make_train_data.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
from sklearn.datasets import make_classification

N, D, TEST = 100_000, 30, 0.2
SETTINGS = dict(n_samples=N, n_features=D, n_informative=20, n_redundant=5, class_sep=2.0, random_state=0)


def main(out):
    os.makedirs(out, exist_ok=True)
    X, y = make_classification(**SETTINGS)
    perm = np.random.default_rng(0).permutation(N)
    n_test = int(round(N * TEST))
    train, test = perm[: N - n_test], perm[N - n_test:]
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    X = (X - mean) / std
    X.astype('<f8').tofile(os.path.join(out, 'X.f64'))
    y.astype('<i4').tofile(os.path.join(out, 'y.i32'))
    train.astype('<i4').tofile(os.path.join(out, 'train.i32'))
    test.astype('<i4').tofile(os.path.join(out, 'test.i32'))
    meta = {
        'rows': N, 'features': D, 'train': int(len(train)), 'test': int(len(test)),
        'generator': 'sklearn.datasets.make_classification', 'settings': SETTINGS,
        'split': 'numpy.random.default_rng(0).permutation, first 80% train',
        'scaling': 'standardized with the training rows\' mean and population std',
        'positives': int(y.sum()), 'checksum': float(np.round(X.sum(), 6)),
    }
    with open(os.path.join(out, 'meta.json.tmp'), 'w') as f:
        json.dump(meta, f, indent=2)
    os.replace(os.path.join(out, 'meta.json.tmp'), os.path.join(out, 'meta.json'))  # written last: marks a complete set
    print(json.dumps(meta))


if __name__ == '__main__':
    main(sys.argv[1])
