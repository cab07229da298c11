#!/usr/bin/env python3
"""Alembic oracle for the facade differential test of koanf-alembic.

Reads JSON lines from stdin, one configuration a line, and writes one JSON
line per configuration to stdout, in order (flushed after each). Needs
Alembic 1.19.1 importable (PYTHONPATH=<its source tree>) with SQLAlchemy
and Mako (Debian: python3-alembic python3-typing-extensions).

Request:  {"id": n, "ini": "/abs/alembic.ini" or null,
           "toml": "/abs/pyproject.toml" or null,
           "config_args": {key: VALUE}, "ops": [[op, arg...], ...]}
VALUE  =  {"t": "str" | "int" | "bool", "v": ...}
ops:      ["get_alembic_option", name], ["get_alembic_boolean_option", name],
          ["get_main_option", name], ["toml_alembic_config"],
          ["get_version_locations_list"], ["get_prepend_sys_paths_list"],
          ["get_hooks_list"]
Answer:   {"id": n, "version": alembic.__version__,
           "ops": [{"repr": repr(result)} |
                   {"error": type(e).__name__, "message": str(e)}, ...]}

A fresh Config per request; ops run in order on it, each answer its own.
"""

import json
import sys
import warnings

import alembic
from alembic.config import Config

VERSION = alembic.__version__


def value(v):
    if v["t"] == "int":
        return int(v["v"])
    if v["t"] == "bool":
        return bool(v["v"])
    return v["v"]


def run(cfg, op):
    name, args = op[0], op[1:]
    if name == "toml_alembic_config":
        return dict(cfg.toml_alembic_config)
    return getattr(cfg, name)(*args)


def answer(req):
    args = {k: value(v) for k, v in req["config_args"].items()}
    cfg = Config(file_=req["ini"], toml_file=req["toml"], config_args=args)
    out = []
    for op in req["ops"]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out.append({"repr": repr(run(cfg, op))})
        except Exception as e:
            out.append({"error": type(e).__name__, "message": str(e)})
    return {"id": req["id"], "version": VERSION, "ops": out}


for line in sys.stdin:
    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
    sys.stdout.flush()
