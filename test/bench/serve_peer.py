"""scikit-learn peer of the `serve` benchmark: fits each model on the training rows of the `train`
benchmark's data (make_train_data.py), then times
  - batch: predict_proba (predict for LinearSVC) over 1,000,000 rows (the 20,000 test rows tiled 50 times),
  - single: one-row predict_proba calls in a loop (p50/p99 of 2,000 calls, after 200 warm-up calls),
    the in-process floor a Flask/FastAPI model service adds its HTTP stack to.
Prints one JSON line. Usage: python3 serve_peer.py DATA_DIR [workload ...]
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

BATCH_ROWS = 1_000_000

MODELS = {
    'logistic-regression': lambda: LogisticRegression(solver='lbfgs', C=1.0, max_iter=100, tol=1e-4),
    'linear-svc': lambda: LinearSVC(C=1.0, loss='squared_hinge', dual=False, tol=1e-4, max_iter=1000, random_state=0),
    'decision-tree': lambda: DecisionTreeClassifier(criterion='gini', max_depth=12, random_state=0),
    'random-forest-50': lambda: RandomForestClassifier(n_estimators=50, max_depth=12, n_jobs=-1, random_state=0),
    'mlp-64-32': lambda: MLPClassifier(hidden_layer_sizes=(64, 32), activation='relu', solver='adam', batch_size=256, max_iter=5,
                                       learning_rate_init=1e-3, alpha=1e-4, random_state=0),
}
SINGLE = ('logistic-regression', 'mlp-64-32')


def main(data_dir, names):
    with open(os.path.join(data_dir, 'meta.json')) as f:
        meta = json.load(f)
    X = np.fromfile(os.path.join(data_dir, 'X.f64'), dtype='<f8').reshape(meta['rows'], meta['features'])
    y = np.fromfile(os.path.join(data_dir, 'y.i32'), dtype='<i4')
    train = np.fromfile(os.path.join(data_dir, 'train.i32'), dtype='<i4')
    test = np.fromfile(os.path.join(data_dir, 'test.i32'), dtype='<i4')
    Xtr, ytr, Xte = X[train], y[train], X[test]
    Xbig = np.ascontiguousarray(np.tile(Xte, (BATCH_ROWS // len(Xte) + 1, 1))[:BATCH_ROWS])
    out = {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0], 'cpus': os.cpu_count(), 'workloads': {}}
    for name in names or MODELS:
        model = MODELS[name]()
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            model.fit(Xtr, ytr)
        predict = model.decision_function if name == 'linear-svc' else model.predict_proba
        t = time.perf_counter()
        predict(Xbig)
        batch_s = time.perf_counter() - t
        r = {'batch_s': batch_s, 'rows': BATCH_ROWS, 'rows_per_s': BATCH_ROWS / batch_s,
             'call': 'decision_function' if name == 'linear-svc' else 'predict_proba'}
        if name in SINGLE:
            times = []
            for i in range(2200):
                row = Xte[i % len(Xte)].reshape(1, -1)
                t = time.perf_counter()
                predict(row)
                if i >= 200:
                    times.append((time.perf_counter() - t) * 1000)
            r['single_ms'] = {'p50': float(np.percentile(times, 50)), 'p99': float(np.percentile(times, 99)), 'calls': len(times)}
        out['workloads'][name] = r
        print(f'[peer] {name}: batch {batch_s:.3f} s', file=sys.stderr)
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
