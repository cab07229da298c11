#!/usr/bin/env python3
"""Reads a JSON list of ini paths on stdin and prints, for each, what
CPython's ConfigParser (set up as Alembic sets it up: the defaults hold
`here`, the directory of the file) gives: the sections and every section's
items() without `here`, or the class of the error. Standard library only."""
import configparser, json, sys
from pathlib import Path

out = []
for path in json.load(sys.stdin):
    here = Path(path).absolute().parent.as_posix()
    cp = configparser.ConfigParser({"here": here})
    try:
        cp.read([path], encoding="utf-8")
    except Exception as e:
        out.append({"read_error": type(e).__name__})
        continue
    secs = {}
    for s in cp.sections():
        try:
            secs[s] = {k: v for k, v in cp.items(s) if k != "here"}
        except Exception as e:
            secs[s] = {"__error__": type(e).__name__}
    out.append({"sections": cp.sections(), "items": secs})
json.dump(out, sys.stdout)
