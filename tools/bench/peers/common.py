"""Shared helpers of the Python peers: thread pinning happens in the environment (OMP/OPENBLAS/MKL) before numpy
loads; each peer times its work `repeats` times after one warm-up and prints one JSON object on stdout."""
import json
import sys
import time


def spec():
    return json.loads(sys.argv[1])


def times(fn, repeats):
    fn()  # warm-up
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def emit(obj):
    print(json.dumps(obj))
