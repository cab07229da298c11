#!/usr/bin/python3
"""CPython's side of the benchmarks, printed in Go's benchmark format so that
benchstat reads it with the Go results (bench/compare.sh appends it).

  BenchmarkTemplateGetMainOption/cpython-configparser   ConfigParser().read_string(template) + get("alembic", "sqlalchemy.url")
  BenchmarkEndToEnd/alembic                             alembic.config.Config(template path).get_main_option("sqlalchemy.url")

Usage: bench.py [-count N] [TEMPLATE]   (default: ../../examples/quickstart/alembic.ini)
Alembic is imported from ALEMBIC_SRC (a source tree, e.g. Alembic 1.19.1's) when
set, else from the interpreter's packages (Debian's python3-alembic); without
Alembic only the configparser line is printed. The name of the Alembic line
carries its version: BenchmarkEndToEnd/alembic-1.19.1.
"""
import configparser
import os
import sys
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))


def per_op_ns(fn, min_seconds=0.5):
    """Mean ns per call over a run of at least min_seconds (after warm-up)."""
    for _ in range(200):
        fn()
    n = 1
    while True:
        t = timeit.timeit(fn, number=n)
        if t >= min_seconds:
            return n, t / n * 1e9
        n *= 2


def main():
    args = sys.argv[1:]
    count = 6
    if len(args) >= 2 and args[0] == "-count":
        count, args = int(args[1]), args[2:]
    path = os.path.abspath(args[0] if args else os.path.join(HERE, "..", "..", "examples", "quickstart", "alembic.ini"))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    size = len(text.encode("utf-8"))

    def cpython():
        cp = configparser.ConfigParser({"here": os.path.dirname(path)})
        cp.read_string(text)
        return cp.get("alembic", "sqlalchemy.url")

    alembic_config = None
    src = os.environ.get("ALEMBIC_SRC")
    if src:
        sys.path.insert(0, src)
    try:
        import alembic
        from alembic.config import Config as alembic_config

        version = alembic.__version__
    except ImportError:
        version = None

    for _ in range(count):
        n, ns = per_op_ns(cpython)
        print(f"BenchmarkTemplateGetMainOption/cpython-configparser-2\t{n}\t{ns:.0f} ns/op\t{size / ns * 1e3:.2f} MB/s")
        if alembic_config is not None:
            n, ns = per_op_ns(lambda: alembic_config(path).get_main_option("sqlalchemy.url"))
            print(f"BenchmarkEndToEnd/alembic-{version}-2\t{n}\t{ns:.0f} ns/op")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
