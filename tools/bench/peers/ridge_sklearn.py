"""scikit-learn side of tlkit's ridge rows: reads the same raw float64 data the JS side used and times
Ridge(solver='cholesky') fits or RidgeCV (efficient leave-one-out over the given alphas, several outputs), with the
threads the environment allows. Prints the times and the first coefficients."""
import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.linear_model import Ridge, RidgeCV

from common import emit, spec, times


def main():
    s = spec()
    n, d, k = s["n"], s["d"], s.get("outputs", 1)
    X = np.fromfile(s["x"], dtype="<f8").reshape(n, d)
    y = np.fromfile(s["y"], dtype="<f8")
    if k > 1:
        y = y.reshape(n, k)
    if s["kind"] == "fit":
        model = Ridge(alpha=s["alpha"], solver="cholesky")
    else:
        model = RidgeCV(alphas=np.array(s["alphas"]))
    seconds = times(lambda: model.fit(X, y), s["repeats"])
    coef = np.atleast_2d(model.coef_)[0]
    emit({"sklearn": sklearn_version, "numpy": np.__version__, "seconds": seconds, "coef": coef[:5].tolist(),
          "alpha": float(getattr(model, "alpha_", s.get("alpha", 0)))})


if __name__ == "__main__":
    main()
