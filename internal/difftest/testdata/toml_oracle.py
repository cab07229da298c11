#!/usr/bin/env python3
"""CPython oracle for the TOML differential test of koanf-alembic.

Reads JSON lines from stdin, one document a line, and writes one JSON line
per document to stdout, in order (flushed after each). Standard library
only; CPython 3.11 or later.

Each document is read as Alembic 1.19.1 reads pyproject.toml:

    with open(path, "rb") as f:
        data = tomllib.load(f)

Request:  {"id": n, "b64": the document's bytes, base64}
Answer:   {"id": n, "version": "3.11.7", "repr": repr(data)} when it reads,
          plus "bigint": true when it holds an integer beyond 64 bits;
          {"id": n, "version": ..., "error": type(e).__name__,
           "message": str(e)} when it does not.
"""

import base64
import io
import json
import sys
import tomllib

if sys.version_info < (3, 11):
    sys.exit("toml_oracle.py needs CPython 3.11 or later, not %s" % sys.version.split()[0])

VERSION = sys.version.split()[0]


def has_bigint(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return not (-(1 << 63) <= v < (1 << 63))
    if isinstance(v, dict):
        return any(has_bigint(x) for x in v.values())
    if isinstance(v, list):
        return any(has_bigint(x) for x in v)
    return False


def answer(req):
    out = {"id": req["id"], "version": VERSION}
    try:
        data = tomllib.load(io.BytesIO(base64.b64decode(req["b64"])))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        out["error"] = type(e).__name__
        out["message"] = str(e)
        return out
    out["repr"] = repr(data)
    if has_bigint(data):
        out["bigint"] = True
    return out


for line in sys.stdin:
    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
    sys.stdout.flush()
