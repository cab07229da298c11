#!/usr/bin/python3
"""Generates cases.json, the libpq expectations of TestParametersLibpq.

Run with a Python that has psycopg2 (Debian: apt-get install
python3-psycopg2; /usr/bin/python3 gen.py > cases.json). Each case is a
libpq keyword DSN with a password in it, quoted or not, escaped as libpq
reads it; "password" is the byte range of its raw value (inside the quotes
when quoted), which Parameters must mask, and mask alone. libpq's own parser
(psycopg2's parse_dsn) checks that it reads back every value as written.
"""

import json
import os
import random
import sys

import psycopg2
from psycopg2.extensions import parse_dsn

SECRET = "ABCDEFGHIJ0123456789 \t\n;=:@/#?%{}()'\"\\&$*+,"
PLAIN = "abcdefghij0123456789.-_"
KEYWORDS = ["host", "port", "user", "dbname", "sslmode", "application_name", "connect_timeout"]


def quoted(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def escaped(value):
    out = []
    for c in value:
        if c in " \t\n\\';":  # ';' escaped too: a libpq value, never ODBC's
            out.append("\\")
        out.append(c)
    return "".join(out)


def main():
    rnd = random.Random(20240602)
    cases = []
    while len(cases) < int(os.environ.get("CASES", "1000")):
        secret = "QZ" + "".join(rnd.choice(SECRET) for _ in range(rnd.randint(4, 16)))
        keywords = rnd.sample(KEYWORDS, rnd.randint(0, 4))
        pairs = [(k, "".join(rnd.choice(PLAIN) for _ in range(rnd.randint(1, 8)))) for k in keywords]
        where = rnd.randint(0, len(pairs))
        pairs.insert(where, ("password", secret))
        dsn, span = "", None
        for n, (k, v) in enumerate(pairs):
            if n:
                dsn += rnd.choice([" ", "  ", "\t", "\n"])
            dsn += k + rnd.choice(["=", " = ", "= "])
            raw = v
            if k == "password":
                raw = quoted(v) if rnd.random() < 0.5 else escaped(v)
            start = len(dsn.encode())
            dsn += raw
            end = len(dsn.encode())
            if raw.startswith("'"):
                start, end = start + 1, end - 1
            if k == "password":
                span = [start, end]
        got = parse_dsn(dsn)
        assert got == dict(pairs), (dsn, got, dict(pairs))
        cases.append({"in": dsn, "password": span})
    # One case a line, for readable diffs.
    sys.stdout.write("{" + json.dumps({"psycopg2": psycopg2.__version__})[1:-1] + ', "cases": [\n')
    sys.stdout.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
    sys.stdout.write("\n]}\n")


main()
