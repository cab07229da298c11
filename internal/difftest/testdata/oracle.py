#!/usr/bin/env python3
"""CPython oracle for the differential test of koanf-alembic.

Reads JSON lines from stdin, one request per line, and writes one JSON line
per request to stdout, in order (flushed after each, so that the Go side can
compare a document while the next one is being read here).  Standard library
only; CPython 3.11 or later.

Each ini file is read as Alembic 1.19.1 reads it (alembic.config.Config's
file_config):

    here = Path(path).absolute().parent.as_posix()
    cp = ConfigParser({"here": here})        # config_args: none
    cp.read([path], encoding="utf-8")

and Alembic's methods used by the ops are re-stated below from Alembic's
source (get_section, get_section_option, set_section_option,
remove_main_option with config_ini_section "alembic").

Request:  {"id": n, "path": "/abs/alembic.ini", "measure": bool,
           "ops": [{"op": ..., ...}, ...], "final": [section, ...]}
Answer:   {"id": n, "version": "3.11.7", "read_error": ERR or null,
           "sections": [...], "defaults": SEC, "per": [SEC, ...],
           "ops": [RESULT, ...], "final": {"sections": [...], "per": [SEC...]}}

  SEC    = {"name": s, "options": [...] or ERR, "items": [[k, V], ...] or ERR,
            "get": [V, ...], "raw": [V, ...]}        (get/raw in options order)
  V      = a string; or, when long, {"n": utf-8 length, "sha": sha256 hex,
           "head": first 80 characters}; or ERR
  ERR    = {"error": type(e).__name__, "message": str(e)}
  RESULT = {"ok": true} | {"value": V-or-null} | {"items": [[k, V]...] or null}
           | {"list": [...]} | {"bool": b} | ERR; with "measure", the results
           of get_section, get_section_option and get also carry "works":
           {option: work} for the section's options of at least 256 KiB

With "measure" the oracle keeps a twin parser whose interpolation is
CPython's BasicInterpolation observed (bytes appended plus references
followed: the library's measure for MaxValueSize); every interpolated V and
ERR of the read phase then carries "work" when that is at least 256 KiB.
The answers themselves always come from the plain, unmodified parser.
"""

import configparser
import hashlib
import json
import sys
from pathlib import Path

if sys.version_info < (3, 11):
    sys.exit("oracle.py needs CPython 3.11 or later, not %s" % sys.version.split()[0])

MAIN_SECTION = "alembic"  # Alembic's default config_ini_section
LONG = 512  # characters: longer values travel as a hash
WORK_REPORTED = 256 * 1024


class CommandError(Exception):
    """alembic.util.CommandError (only its class name matters here)."""


def err(e):
    return {"error": type(e).__name__, "message": str(e)}


def enc(v):
    if v is None:
        return None
    if len(v) <= LONG:
        return v
    b = v.encode("utf-8")
    return {"n": len(b), "sha": hashlib.sha256(b).hexdigest(), "head": v[:80]}


# --- the twin's observed interpolation (measure only) -----------------------

class _Accum(list):
    __slots__ = ("n",)

    def __init__(self):
        super().__init__()
        self.n = 0

    def append(self, s):
        self.n += len(s) if s.isascii() else len(s.encode("utf-8"))
        list.append(self, s)


class _CountingMap:
    __slots__ = ("m", "n")

    def __init__(self, m):
        self.m = m
        self.n = 0

    def __getitem__(self, k):
        v = self.m[k]
        self.n += 1
        return v


class MeasuringInterpolation(configparser.BasicInterpolation):
    """BasicInterpolation.before_get, with what it does counted."""

    last_work = 0

    def before_get(self, parser, section, option, value, defaults):
        L = _Accum()
        m = _CountingMap(defaults)
        try:
            self._interpolate_some(parser, option, L, value, section, m, 1)
        finally:
            self.last_work = L.n + m.n
        return "".join(L)


def work_of(twin, section, option):
    if twin is None:
        return 0
    cp, interp = twin
    interp.last_work = 0
    try:
        cp.get(section, option)
    except Exception:
        pass
    return interp.last_work


def with_work(v, w):
    if w < WORK_REPORTED:
        return v
    if isinstance(v, str):
        b = v.encode("utf-8")
        v = {"n": len(b), "sha": hashlib.sha256(b).hexdigest(), "head": v[:80]}
    v = dict(v)
    v["work"] = w
    return v


# --- Alembic's Config methods over file_config -------------------------------

def get_section(cp, name):
    if not cp.has_section(name):
        return None
    return dict(cp.items(name))


def get_section_option(cp, section, name, path):
    if not cp.has_section(section):
        raise CommandError(
            "No config file %r found, or file has no '[%s]' section" % (path, section))
    if cp.has_option(section, name):
        return cp.get(section, name)
    return None


def set_section_option(cp, section, name, value):
    if not cp.has_section(section):
        cp.add_section(section)
    cp.set(section, name, value)


def remove_main_option(cp, name):
    cp.remove_option(MAIN_SECTION, name)


# --- answers -----------------------------------------------------------------

def section_answer(cp, name, twin):
    out = {"name": name}
    try:
        if name == cp.default_section:
            opts = list(cp.defaults().keys())
        else:
            opts = cp.options(name)
    except Exception as e:
        out["options"] = err(e)
        return out
    out["options"] = opts
    if name != cp.default_section:
        try:
            out["items"] = [[k, enc(v)] for k, v in dict(cp.items(name)).items()]
        except Exception as e:
            out["items"] = err(e)
    gets, raws = [], []
    for o in opts:
        try:
            v = enc(cp.get(name, o))
        except Exception as e:
            v = err(e)
        if twin is not None:
            v = with_work(v, work_of(twin, name, o))
        gets.append(v)
        try:
            raws.append(enc(cp.get(name, o, raw=True)))
        except Exception as e:
            raws.append(err(e))
    out["get"] = gets
    out["raw"] = raws
    return out


def works_of(twin, section):
    """CPython's work for each option of section that reaches WORK_REPORTED."""
    out = {}
    if twin is None or not twin[0].has_section(section):
        return out
    for o in twin[0].options(section):
        w = work_of(twin, section, o)
        if w >= WORK_REPORTED:
            out[o] = w
    return out


def run_op(cp, op, path, twin=None):
    res = _run_op(cp, op, path)
    if twin is not None and op["op"] in ("get_section", "get_section_option", "get"):
        res["works"] = works_of(twin, op["section"])
    return res


def _run_op(cp, op, path):
    kind = op["op"]
    try:
        if kind == "set_section_option":
            set_section_option(cp, op["section"], op["name"], op["value"])
            return {"ok": True}
        if kind == "remove_main_option":
            remove_main_option(cp, op["name"])
            return {"ok": True}
        if kind == "get_section":
            d = get_section(cp, op["section"])
            return {"items": None if d is None else [[k, enc(v)] for k, v in d.items()]}
        if kind == "get_section_option":
            return {"value": enc(get_section_option(cp, op["section"], op["name"], path))}
        if kind == "options":
            return {"list": cp.options(op["section"])}
        if kind == "has_option":
            return {"bool": cp.has_option(op["section"], op["name"])}
        if kind == "get":
            return {"value": enc(cp.get(op["section"], op["name"]))}
        if kind == "raw_get":
            return {"value": enc(cp.get(op["section"], op["name"], raw=True))}
    except Exception as e:
        return err(e)
    return {"error": "OracleUnknownOp", "message": kind}


def new_parser(path, interpolation=None):
    here = Path(path).absolute().parent.as_posix()
    if interpolation is None:
        cp = configparser.ConfigParser({"here": here})
    else:
        cp = configparser.ConfigParser({"here": here}, interpolation=interpolation)
    cp.read([path], encoding="utf-8")
    return cp


def answer(req):
    path = req["path"]
    out = {"id": req.get("id"), "version": sys.version.split()[0]}
    try:
        cp = new_parser(path)
    except Exception as e:
        out["read_error"] = err(e)
        return out
    out["read_error"] = None
    twin = None
    if req.get("measure"):
        interp = MeasuringInterpolation()
        twin = (new_parser(path, interp), interp)
    sections = cp.sections()
    out["sections"] = sections
    out["defaults"] = section_answer(cp, cp.default_section, twin)
    out["per"] = [section_answer(cp, s, twin) for s in sections]
    results = []
    for op in req.get("ops") or []:
        results.append(run_op(cp, op, path, twin))
        if twin is not None and op["op"] in ("set_section_option", "remove_main_option"):
            _run_op(twin[0], op, path)
    out["ops"] = results
    final = req.get("final")
    if final is not None:
        sections = cp.sections()
        names = [s for s in final if s in sections]
        out["final"] = {"sections": sections,
                        "per": [section_answer(cp, s, twin) for s in names]}
    return out


def main():
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            ans = answer(req)
        except Exception as e:  # a bug of this script: say so, keep going
            ans = {"id": req.get("id"), "oracle_error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(ans))
        out.write("\n")
        out.flush()


if __name__ == "__main__":
    main()
