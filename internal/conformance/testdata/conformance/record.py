#!/usr/bin/python3
"""Re-record the expectations of this conformance suite from real Alembic.

The cases (``*.json`` next to this script) are the source of truth for the
*requests*; this script only rewrites their ``expect`` lists.  Fixtures in
``fx/`` are never modified.

What it does (PROTOCOL.md, "Running a suite"):
  1. copies this suite directory to a fresh temporary directory (some cases
     may rewrite fixtures) and resolves its absolute path;
  2. replaces the token ``${SUITE}`` in every string of every request;
  3. gives requests without ``cwd`` the suite directory as ``cwd`` (the
     protocol's default) and runs the oracle once, in Alembic 1.19.1 ("new")
     mode, for all cases in one batch;
  4. drops the oracle-only keys ``mro`` and ``log`` from every result (also
     the results nested in ``dump``), turns the temporary path back into
     ``${SUITE}``, and
  5. validates the answers (one result per op, no OracleUnknownOp, only the
     error classes PROTOCOL.md lists, no leftover temporary path) before
     writing anything.

Usage:
  record.py              re-record every *.json file of the suite
  record.py FILE...      only these files (names relative to the suite)
  record.py --check      record, compare with the stored expectations,
                         print differences, write nothing (exit 1 on diff)

Environment (defaults in brackets):
  ORACLE            path of oracle.py   [<repo>/../shared/oracle/oracle.py]
  ORACLE_PYTHON     interpreter         [/usr/bin/python3]
  ORACLE_ALEMBIC_SRC  Alembic 1.19.1 source tree  [/tmp/alembic-1.19.1]
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

SUITE_DIR = os.path.dirname(os.path.abspath(__file__))
TOKEN = "${SUITE}"
EXPECTED_VERSION = "1.19.1"

# error classes a result may carry (PROTOCOL.md, "Results and comparison")
ALLOWED_ERRORS = {
    "ParsingError", "MissingSectionHeaderError", "DuplicateSectionError",
    "DuplicateOptionError", "NoSectionError",
    "InterpolationMissingOptionError", "InterpolationSyntaxError",
    "InterpolationDepthError", "CommandError", "ValueError", "TypeError",
    "KeyError", "AttributeError", "TOMLDecodeError", "UnicodeDecodeError",
    "IsADirectoryError",
}


def repo_root() -> str:
    d = SUITE_DIR
    while d != os.path.dirname(d):
        if os.path.exists(os.path.join(d, "go.mod")):
            return d
        d = os.path.dirname(d)
    sys.exit("record.py: no go.mod above " + SUITE_DIR)


def oracle_path() -> str:
    return os.environ.get("ORACLE") or os.path.normpath(
        os.path.join(repo_root(), "..", "shared", "oracle", "oracle.py")
    )


def subst(v, old: str, new: str):
    """Replace old by new in every string (and object key) of v."""
    if isinstance(v, str):
        return v.replace(old, new)
    if isinstance(v, list):
        return [subst(x, old, new) for x in v]
    if isinstance(v, dict):
        return {subst(k, old, new): subst(x, old, new) for k, x in v.items()}
    return v


def clean_result(res: dict, op) -> dict:
    """Drop mro/log from a result; for dump, from the nested results too."""
    res = {k: v for k, v in res.items() if k not in ("mro", "log")}
    name = op if isinstance(op, str) else op[0]
    if name == "dump" and isinstance(res.get("ok"), dict):
        d = res["ok"]
        for sec in d.get("sections", []):
            sec["get_section"] = clean_result(sec["get_section"], "")
            for o in sec["options"]:
                o["value"] = clean_result(o["value"], "")
        for o in d.get("defaults", []):
            o["value"] = clean_result(o["value"], "")
        if "toml" in d:
            t = d["toml"]
            t["raw"] = clean_result(t["raw"], "")
            t["values"] = {
                k: clean_result(v, "") for k, v in t["values"].items()
            }
    return res


def iter_results(res: dict):
    """Yield res and every result nested in it (dump)."""
    yield res
    ok = res.get("ok")
    if isinstance(ok, dict) and "sections" in ok and "defaults" in ok:
        for sec in ok["sections"]:
            if isinstance(sec, dict) and "get_section" in sec:
                yield sec["get_section"]
                for o in sec["options"]:
                    yield o["value"]
        for o in ok["defaults"]:
            if isinstance(o, dict) and "value" in o:
                yield o["value"]


def run_oracle(requests: list, cwd: str) -> list:
    env = dict(os.environ)
    env["ORACLE_ALEMBIC"] = "new"
    env.setdefault("ORACLE_ALEMBIC_SRC", "/tmp/alembic-1.19.1")
    env.pop("ORACLE_PRETTY", None)
    # no stray ALEMBIC_* variable may influence a result
    for k in list(env):
        if k.startswith("ALEMBIC"):
            del env[k]
    py = os.environ.get("ORACLE_PYTHON", "/usr/bin/python3")
    batch = [{"ops": ["alembic_version"]}] + requests
    p = subprocess.run(
        [py, oracle_path()], input=json.dumps(batch).encode("utf-8"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
    )
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("record.py: oracle failed (exit %d)" % p.returncode)
    out = json.loads(p.stdout.decode("utf-8"))
    version = out[0][0].get("ok")
    if version != EXPECTED_VERSION:
        sys.exit("record.py: oracle runs Alembic %r, need %s"
                 % (version, EXPECTED_VERSION))
    return out[1:]


def main(argv: list) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    if names:
        files = [os.path.join(SUITE_DIR, n) for n in names]
    else:
        files = sorted(glob.glob(os.path.join(SUITE_DIR, "*.json")))

    suites = []  # (path, cases)
    seen = set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            cases = json.load(fh)
        for c in cases:
            if c["name"] in seen:
                sys.exit("record.py: duplicate case name %s" % c["name"])
            seen.add(c["name"])
            if "toml" in c["request"] and not os.path.basename(
                f
            ).startswith("toml"):
                sys.exit("record.py: %s uses the toml key outside toml*.json"
                         % c["name"])
        suites.append((f, cases))

    tmp_parent = tempfile.mkdtemp(prefix="alembiccfg-record-")
    try:
        suite = os.path.realpath(os.path.join(tmp_parent, "suite"))
        shutil.copytree(
            SUITE_DIR, suite,
            ignore=shutil.ignore_patterns("*.json", "*.py", "__pycache__"),
        )
        requests = []
        for _, cases in suites:
            for c in cases:
                req = subst(c["request"], TOKEN, suite)
                if not req.get("cwd"):
                    req["cwd"] = suite
                requests.append(req)
        answers = run_oracle(requests, suite)
    finally:
        shutil.rmtree(tmp_parent, ignore_errors=True)

    problems = []
    i = 0
    new_suites = []
    for f, cases in suites:
        new_cases = []
        for c in cases:
            ans = answers[i]
            i += 1
            ops = c["request"]["ops"]
            if len(ans) != len(ops):
                problems.append("%s: %d results for %d ops"
                                % (c["name"], len(ans), len(ops)))
            expect = [clean_result(r, op) for r, op in zip(ans, ops)]
            expect = subst(expect, suite, TOKEN)
            for j, r in enumerate(expect):
                for sub in iter_results(r):
                    if "error" in sub and sub["error"] not in ALLOWED_ERRORS:
                        problems.append("%s op %d: unexpected error %s: %s"
                                        % (c["name"], j, sub["error"],
                                           sub.get("message")))
            if tmp_parent in json.dumps(expect, ensure_ascii=False):
                problems.append("%s: temporary path left in expectation"
                                % c["name"])
            nc = {"name": c["name"], "tags": c["tags"],
                  "request": c["request"], "expect": expect}
            new_cases.append(nc)
        new_suites.append((f, cases, new_cases))

    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2

    changed = 0
    for f, old, new in new_suites:
        diff = [n["name"] for o, n in zip(old, new)
                if o.get("expect") != n["expect"]]
        changed += len(diff)
        rel = os.path.relpath(f, SUITE_DIR)
        if check:
            for name in diff:
                print("%s: %s differs" % (rel, name))
        else:
            with open(f, "w", encoding="utf-8") as fh:
                json.dump(new, fh, indent=1, ensure_ascii=True)
                fh.write("\n")
        print("%-28s %4d cases, %d (re)recorded" % (rel, len(new), len(diff)),
              file=sys.stderr)
    if check and changed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
