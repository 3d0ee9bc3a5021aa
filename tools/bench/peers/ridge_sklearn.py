"""scikit-learn side of tlkit's ridge benchmark: reads the same raw float64 data the JS side used and times
Ridge(solver='cholesky') and RidgeCV (efficient LOO), single-threaded. Prints one JSON object."""
import json
import sys
import time

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.linear_model import Ridge, RidgeCV


def best_time(fn, repeats):
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    spec = json.loads(sys.argv[1])
    out = {"sklearn": sklearn_version, "numpy": np.__version__, "results": []}
    for case in spec:
        n, d = case["n"], case["d"]
        X = np.fromfile(case["x"], dtype="<f8").reshape(n, d)
        y = np.fromfile(case["y"], dtype="<f8")
        if case["kind"] == "fit":
            model = Ridge(alpha=case["alpha"], solver="cholesky")
            seconds = best_time(lambda: model.fit(X, y), case["repeats"])
            coef = model.coef_
        else:
            alphas = np.array(case["alphas"])
            model = RidgeCV(alphas=alphas)
            seconds = best_time(lambda: model.fit(X, y), case["repeats"])
            coef = model.coef_
        out["results"].append({"name": case["name"], "seconds": seconds, "coef": coef[:5].tolist()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
