#!/usr/bin/python3
"""CPython's side of the benchmarks, printed in Go's benchmark format so that
benchstat and cmd/report read it with the Go results (compare.sh appends it).

  BenchmarkLoadTemplate/alembic-<version>          alembic.config.Config(template path).get_main_option("sqlalchemy.url")
  BenchmarkLoadTemplateBytes/cpython-configparser  ConfigParser({"here": dir}).read_string(template) + get("alembic", "sqlalchemy.url")
  BenchmarkParse/<input>/cpython-configparser      ConfigParser().read_string(text of <input>.ini in -inputs DIR)

Usage: bench.py [-count N] [TEMPLATE]         the two template rows, N times
       bench.py [-count N] [-hugecount N] -inputs DIR   the BenchmarkParse rows
       bench.py -config    (prints the python: and alembic: config lines only)
  (TEMPLATE defaults to ../../examples/quickstart/alembic.ini; DIR holds the
  generated inputs, written by `go run ./cmd/geninputs -dir DIR`.) The
  template rows and the inputs are separate calls so that compare.sh can run
  the template rows round by round beside Go's.

Each figure is the mean of a timeit run of at least 0.5 s (one call for
inputs above 20 MB and for 1Msections, which run -hugecount times, default
1: CPython takes ~40 s to read one million sections). From 64 KB up
the BenchmarkParse lines carry the memory of one read_string, measured
with tracemalloc in a separate call (so it does not slow the timed ones):
peak-B/B is tracemalloc's peak during the call over the input's size in
UTF-8 bytes, retained-B/B what is still allocated afterwards with the
ConfigParser alive. The text is decoded before timing, as Go's inputs are
bytes in memory before theirs.

The cyclic garbage collector runs while timing, as it does in a program
(timeit turns it off unless told otherwise): Go's figures include its
collector's work too, and a ConfigParser holds reference cycles (its
section proxies point back at it), so turning it off would leave out work
CPython does in every program that reads one.

Alembic is imported from ALEMBIC_SRC (a source tree, e.g. Alembic 1.19.1's)
when set, else from the interpreter's packages (Debian's python3-alembic);
without Alembic its line is left out. The name carries the version:
BenchmarkLoadTemplate/alembic-1.19.1. compare.sh puts the config lines of
-config at the top of the whole output, so that benchstat sees one
configuration for the Go and the Python rows.
"""
import configparser
import gc
import os
import platform
import sys
import timeit
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
PROCS = os.cpu_count() or 1  # the -N suffix, as Go prints GOMAXPROCS
HUGE = 21 << 20  # inputs above this, and 1Msections, run -hugecount times, one call each

# The order of gen.Inputs.
INPUTS = ["1KB", "64KB", "1MB", "20MB", "100MB", "1Msections", "500opts"]


def per_op_ns(fn, min_seconds=0.5, once=False):
    """(calls, mean ns per call) over a run of at least min_seconds after a
    short warm-up, or of a single call when once."""
    if once:
        t = timeit.timeit(fn, setup=gc.enable, number=1)
        return 1, t * 1e9
    deadline = timeit.default_timer() + 0.1
    while timeit.default_timer() < deadline:
        fn()
    n = 1
    while True:
        t = timeit.timeit(fn, setup=gc.enable, number=n)
        if t >= min_seconds:
            return n, t / n * 1e9
        n *= 2


def memory(fn):
    """(peak, retained) bytes of one call of fn, by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        current, peak = tracemalloc.get_traced_memory()
        gc.collect()
        current = tracemalloc.get_traced_memory()[0]
        del result
    finally:
        tracemalloc.stop()
    return peak - base, current - base


def line(name, n, ns, size=None, extra=""):
    s = f"{name}-{PROCS}\t{n}\t{ns:.0f} ns/op"
    if size:
        s += f"\t{size / ns * 1e3:.2f} MB/s"
    print(s + extra)
    sys.stdout.flush()


def main():
    args = sys.argv[1:]
    count, hugecount, inputs, config = 6, 1, None, False
    if args and args[0] == "-config":
        config, args = True, args[1:]
    while len(args) >= 2 and args[0].startswith("-"):
        flag, val, args = args[0], args[1], args[2:]
        if flag == "-count":
            count = int(val)
        elif flag == "-hugecount":
            hugecount = int(val)
        elif flag == "-inputs":
            inputs = val
        else:
            sys.exit(f"bench.py: unknown flag {flag}")
    path = os.path.abspath(args[0] if args else os.path.join(HERE, "..", "..", "examples", "quickstart", "alembic.ini"))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    size = len(text.encode("utf-8"))
    here = os.path.dirname(path)

    def cpython():
        cp = configparser.ConfigParser({"here": here})
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
        where = "source tree" if src and os.path.abspath(alembic.__file__).startswith(os.path.abspath(src)) else "installed"
    except ImportError:
        version = None

    if config:
        print(f"python: {platform.python_implementation()} {platform.python_version()}")
        print(f"alembic: {version or 'none'}" + (f" ({where})" if version else ""))
        return

    if not inputs:
        for _ in range(count):
            if alembic_config is not None:
                n, ns = per_op_ns(lambda: alembic_config(path).get_main_option("sqlalchemy.url"))
                line(f"BenchmarkLoadTemplate/alembic-{version}", n, ns)
            n, ns = per_op_ns(cpython)
            line("BenchmarkLoadTemplateBytes/cpython-configparser", n, ns, size)
        return
    for name in INPUTS:
        p = os.path.join(inputs, name + ".ini")
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8") as f:
            doc = f.read()
        nbytes = len(doc.encode("utf-8"))

        def parse():
            cp = configparser.ConfigParser()
            cp.read_string(doc)
            return cp

        extra = ""
        if nbytes >= 64 << 10:
            peak, retained = memory(parse)
            extra = f"\t{peak / nbytes:.3f} peak-B/B\t{retained / nbytes:.3f} retained-B/B"
        huge = nbytes > HUGE or name == "1Msections"
        for _ in range(hugecount if huge else count):
            n, ns = per_op_ns(parse, once=huge)
            line(f"BenchmarkParse/{name}/cpython-configparser", n, ns, nbytes, extra)


if __name__ == "__main__":
    main()
