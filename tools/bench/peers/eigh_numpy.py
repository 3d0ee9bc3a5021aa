"""numpy side of tlkit's eigensolver rows: numpy.linalg.eigh (LAPACK syevd through OpenBLAS) on the same symmetric
matrix the JS side decomposes (raw float64, row-major). Prints the times and the eigenvalues' extremes."""
import numpy as np

from common import emit, spec, times


def main():
    s = spec()
    n = s["n"]
    A = np.fromfile(s["path"], dtype="<f8").reshape(n, n)
    result = {}

    def run():
        result["w"], result["v"] = np.linalg.eigh(A)

    seconds = times(run, s["repeats"])
    emit({"numpy": np.__version__, "seconds": seconds, "min": float(result["w"][0]), "max": float(result["w"][-1])})


if __name__ == "__main__":
    main()
