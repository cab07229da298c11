#!/usr/bin/env python3
"""CPython oracle for the %-formatting differential test of koanf-alembic.

Reads JSON lines from stdin, one format a line, and writes one JSON line
per format to stdout, in order (flushed after each). Standard library
only; CPython 3.11 or later.

Each request is computed as Alembic computes a pyproject.toml value
(value % toml_args), for any args:

Request:  {"id": n, "format": str, "args": VALUE}
VALUE  =  {"t": "none"} | {"t": "bool", "v": b} | {"t": "int", "v": decimal}
        | {"t": "float", "v": repr} | {"t": "str", "v": s}
        | {"t": "list" | "tuple", "v": [VALUE...]}
        | {"t": "dict", "v": [[key, VALUE]...]}
        | {"t": "date", "v": [y, m, d]}
Answer:   {"id": n, "version": "3.11.7", "result": base64 of the result's
          UTF-8: U+DC80..U+DCFF as the bytes they escape (surrogateescape),
          as the library holds them; other lone surrogates, which %c makes,
          as surrogatepass encodes them} or
          {"id": n, "version": ..., "error": type(e).__name__, "message": str(e)}
"""

import base64
import datetime
import json
import sys

if sys.version_info < (3, 11):
    sys.exit("format_oracle.py needs CPython 3.11 or later, not %s" % sys.version.split()[0])

VERSION = sys.version.split()[0]


def value(v):
    t = v["t"]
    if t == "none":
        return None
    if t == "bool":
        return bool(v["v"])
    if t == "int":
        return int(v["v"])
    if t == "float":
        return float(v["v"])
    if t == "str":
        return v["v"]
    if t == "list":
        return [value(x) for x in v["v"]]
    if t == "tuple":
        return tuple(value(x) for x in v["v"])
    if t == "dict":
        return {k: value(x) for k, x in v["v"]}
    if t == "date":
        return datetime.date(*v["v"])
    raise ValueError("unknown type %r" % t)


def answer(req):
    out = {"id": req["id"], "version": VERSION}
    try:
        result = req["format"] % value(req["args"])
        try:
            data = result.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = result.encode("utf-8", "surrogatepass")
        out["result"] = base64.b64encode(data).decode()
    except Exception as e:
        out["error"] = type(e).__name__
        out["message"] = str(e)
    return out


for line in sys.stdin:
    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
    sys.stdout.flush()
