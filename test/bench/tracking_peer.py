"""Peer of the `tracking` benchmark's search: the same three-clause filter on a pandas DataFrame.

Usage: tracking_peer.py RUNS_JSON REPS
RUNS_JSON holds the runs that Benchtop stored (tracking.mjs writes it): ids, start times, statuses,
params p0..p19 (strings) and the latest value of metrics m0..m9. One row per run, one column per
key, named as MLflow's search_runs DataFrame names them (params.p1, metrics.m0, status, start_time).
Timed with time.perf_counter (median of REPS): the boolean mask of the three clauses and the rows
sorted newest first (what searchRuns returns), and DataFrame.query of the same filter.
Prints one JSON line.
"""
import json
import statistics
import sys
import time

try:
    import pandas as pd
except ImportError as e:  # pandas is optional: the benchmark reports its targets without it
    print(json.dumps({"missing": str(e)}))
    sys.exit(0)


def main() -> None:
    path, reps = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    cols = {"run_id": data["ids"], "start_time": data["start"], "status": data["status"]}
    cols.update({f"params.{k}": v for k, v in data["params"].items()})
    cols.update({f"metrics.{k}": v for k, v in data["metrics"].items()})
    df = pd.DataFrame(cols)

    def mask_sort():
        m = (df["metrics.m0"] > 0.5) & (df["params.p1"] == "b") & (df["status"] == "FINISHED")
        return df[m].sort_values(["start_time", "run_id"], ascending=[False, True])

    def query():
        return df.query("`metrics.m0` > 0.5 and `params.p1` == 'b' and status == 'FINISHED'")

    out = {}
    for name, fn in (("mask_sort", mask_sort), ("query", query)):
        fn()  # warm-up
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            res = fn()
            times.append(time.perf_counter() - t)
        out[name] = {"median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000, "matches": int(len(res))}
    print(json.dumps({
        "pandas": pd.__version__, "python": sys.version.split()[0], "runs": int(len(df)), "columns": int(df.shape[1]), "reps": reps,
        **out,
    }))


if __name__ == "__main__":
    main()
