"""scikit-learn peer of the `train` benchmark: fits each model on the training rows of the files that
make_train_data.py wrote, times fit (time.perf_counter) and predict separately, scores accuracy on
the test rows and prints one JSON line. Usage: python3 train_peer.py DATA_DIR [workload ...]
Each workload's settings are the scikit-learn equivalents of the Benchtop parameters the browser
side uses (train.mjs lists both).
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

GRID_C = [0.01, 0.1, 1.0, 10.0, 100.0]

MODELS = {
    'logistic-regression': lambda: LogisticRegression(solver='lbfgs', C=1.0, max_iter=100, tol=1e-4),
    'linear-svc': lambda: LinearSVC(C=1.0, loss='squared_hinge', dual=False, tol=1e-4, max_iter=1000, random_state=0),
    'decision-tree': lambda: DecisionTreeClassifier(criterion='gini', random_state=0),
    'random-forest-100': lambda: RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0),
    'mlp-64': lambda: MLPClassifier(hidden_layer_sizes=(64,), activation='relu', solver='adam', batch_size=256, max_iter=10,
                                    learning_rate_init=1e-3, alpha=1e-4, random_state=0),
    'grid-search-5x5': lambda: GridSearchCV(LogisticRegression(solver='lbfgs'), {'C': GRID_C}, cv=5, scoring='accuracy', n_jobs=-1),
}


def plain(v):
    """A parameter value as JSON can hold it (NaN, e.g. GridSearchCV's error_score, becomes a string)."""
    if isinstance(v, float) and not np.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v


def main(data_dir, names):
    with open(os.path.join(data_dir, 'meta.json')) as f:
        meta = json.load(f)
    X = np.fromfile(os.path.join(data_dir, 'X.f64'), dtype='<f8').reshape(meta['rows'], meta['features'])
    y = np.fromfile(os.path.join(data_dir, 'y.i32'), dtype='<i4')
    train = np.fromfile(os.path.join(data_dir, 'train.i32'), dtype='<i4')
    test = np.fromfile(os.path.join(data_dir, 'test.i32'), dtype='<i4')
    Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
    out = {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0], 'cpus': os.cpu_count(), 'workloads': {}}
    for name in names or MODELS:
        model = MODELS[name]()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always', ConvergenceWarning)
            t = time.perf_counter()
            model.fit(Xtr, ytr)
            fit_s = time.perf_counter() - t
        t = time.perf_counter()
        pred = model.predict(Xte)
        predict_s = time.perf_counter() - t
        r = {'fit_s': fit_s, 'predict_s': predict_s, 'accuracy': float(np.mean(pred == yte)),
             'params': {k: plain(v) for k, v in model.get_params(deep=False).items() if k != 'estimator' and isinstance(v, (int, float, str, bool, type(None), list, dict, tuple))},
             'warnings': sorted({w.category.__name__ for w in caught})}
        if name == 'grid-search-5x5':
            r['best_params'] = model.best_params_
            r['best_cv_score'] = float(model.best_score_)
            r['mean_test_scores'] = [float(s) for s in model.cv_results_['mean_test_score']]
        if name == 'linear-svc':
            # Reference: the dual solver, scikit-learn 1.2's default (dual=True).
            primal = LinearSVC(C=1.0, loss='squared_hinge', dual=True, tol=1e-4, max_iter=1000, random_state=0)
            t = time.perf_counter()
            primal.fit(Xtr, ytr)
            primal_s = time.perf_counter() - t
            r['primal'] = {'settings': 'LinearSVC(dual=True)', 'fit_s': primal_s, 'accuracy': float(np.mean(primal.predict(Xte) == yte)), 'n_iter': int(np.max(primal.n_iter_))}
        if hasattr(model, 'n_iter_'):
            r['n_iter'] = np.asarray(model.n_iter_).ravel().tolist()
        if name == 'decision-tree':
            r['nodes'] = int(model.tree_.node_count)
            r['depth'] = int(model.get_depth())
        out['workloads'][name] = r
        print(f'[peer] {name}: fit {fit_s:.2f} s, accuracy {r["accuracy"]:.4f}', file=sys.stderr, flush=True)
    print(json.dumps(out, allow_nan=False, default=lambda o: o.item() if hasattr(o, 'item') else str(o)))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
