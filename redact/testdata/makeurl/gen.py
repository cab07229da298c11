#!/usr/bin/python3
"""Generates cases.json, the make_url expectations of TestURLPasswordsMakeURL.

Run with a Python that has SQLAlchemy (Debian: apt-get install
python3-sqlalchemy; /usr/bin/python3 gen.py > cases.json). Each case is a
string that starts with a URL; "password" is the byte range of the password
SQLAlchemy's make_url reads from it (null when it reads none), taken from
make_url's own regular expression, which is checked against make_url's
result; "masked" is the byte range URLPasswords must mask: make_url's
password, extended to the last '@' before the first '/', '?' or '#' after
make_url's '@', or null when the password is empty. gen.py checks that
"masked" also covers the password Python's urllib.parse.urlsplit reads
(the last '@' of the authority ends it).
"""

import json
import os
import random
import re
import sys
import urllib.parse

import sqlalchemy
from sqlalchemy.engine import url as saurl

# sqlalchemy/engine/url.py, _parse_url (1.4 and 2.0 alike).
PATTERN = re.compile(
    r"""
        (?P<name>[\w\+]+)://
        (?:
            (?P<username>[^:/]*)
            (?::(?P<password>[^@]*))?
        @)?
        (?:
            (?:
                \[(?P<ipv6host>[^/\?]+)\] |
                (?P<ipv4host>[^/:\?]+)
            )?
            (?::(?P<port>[^/\?]*))?
        )?
        (?:/(?P<database>[^\?]*))?
        (?:\?(?P<query>.*))?
        """,
    re.X,
)

HAND = [
    "postgresql://u:pw@db/app",
    "postgresql://u:pa/ss#w?rd x@host/db",
    "postgresql://u:p@ss@h/db",
    "postgresql://u:p%40ss@db/app",
    "postgresql://u:p%%40ss@db/app",
    "postgresql://u:%(db_password)s@h/db",
    "postgresql://u:pa:ss@h/db",
    "postgresql://h?user=a:b@c",
    "postgresql://h#a:b@c",
    "postgresql://h:5432/db?x=a@b",
    "postgresql://h:5432/db",
    "postgresql://u@h/db?x=a:b@c",
    "postgresql://[::1]:5432/db",
    "postgresql://u:p@[::1]:5432/db",
    "postgresql://u@[::1]/db",
    "postgresql://u@[::1]:5432/db?x=a@b",
    "postgresql://me@server:pw@server.example.com/db",
    "postgresql://u:@h/db",
    "postgresql://u:@x@h/db",
    "postgresql://:pass@h",
    "postgresql://u:p w@h",
    "postgresql://u:pa\nss@h/db",
    "postgresql://u:p\u00a0w@h",
    "postgresql://u:pé@h",
    "mysql+pymysql://root:pw@localhost:3306/x",
    "oracle+cx_oracle://scott:tiger@tnsname",
    "mssql+pyodbc://u:p@dsn?driver=ODBC+Driver+17",
    "redis://:secret@cache:6379/0",
    "1://u:p@h",
    "+://u:p@h",
    "héllo://u:p@h",
    "a_b://u:p@h",
    "a://b://u:p@h",
    "sqlite:///app.db",
    "sqlite:////abs/path.db",
    "sqlite://",
    "postgresql://",
    "postgresql://u:p",
    "postgresql://u:p/x?y#z",
]

ALPHABET = "uph::@@/?# %\n[].=&;é"


def byte_range(s, start, end):
    return [len(s[:start].encode()), len(s[:end].encode())]


def case(s):
    m = PATTERN.match(s)
    assert m is not None, s
    try:
        u = saurl.make_url(s)
    except Exception:
        u = None  # a bad port, say: the regular expression matched all the same
    if u is not None:
        want = m.group("password")
        if want is not None:
            want = urllib.parse.unquote(want)
        assert u.password == want, (s, u.password, want)
    if m.group("password") is None:
        return {"in": s, "password": None, "masked": None}
    start, at = m.span("password")
    end = at
    if at < len(s):  # on to the last '@' before the first '/', '?' or '#' after it
        auth = len(s)
        for k in range(at, len(s)):
            if s[k] in "/?#":
                auth = k
                break
        end = s.rindex("@", at, auth)
    check_urllib(s, start, end)
    masked = byte_range(s, start, end) if end > start else None
    return {"in": s, "password": byte_range(s, start, at), "masked": masked}


def check_urllib(s, start, end):
    """Asserts that s[start:end] holds urllib's password of s, if any."""
    if any(c in s for c in "\t\r\n"):
        return  # urlsplit removes them: its offsets differ
    try:
        parts = urllib.parse.urlsplit(s)
    except ValueError:
        return  # "Invalid IPv6 URL"
    head = s.index("://") + 3
    if not s.startswith(parts.netloc, head) or "@" not in parts.netloc:
        return  # not a scheme urllib knows ("1://")
    userinfo = parts.netloc.rpartition("@")[0]
    user, colon, password = userinfo.partition(":")
    if not colon or not password:
        return
    pstart = head + len(user) + 1
    assert start <= pstart and pstart + len(password) <= end, (s, password, s[start:end])


def main():
    rnd = random.Random(20240601)
    inputs = list(HAND)
    seen = set(inputs)
    while len(inputs) < len(HAND) + int(os.environ.get("CASES", "3000")):
        scheme = rnd.choice(["postgresql", "mysql+pymysql", "s", "1", "+", "a_b"])
        if rnd.random() < 0.5:
            body = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 14)))
        else:  # user:password@host/database, each part of anything
            part = lambda n: "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, n)))
            body = part(4) + ":" + part(6) + "@" + part(4) + rnd.choice(["", "/", "?"]) + part(4)
        s = scheme + "://" + body
        if "://" in body or s in seen:
            continue
        seen.add(s)
        inputs.append(s)
    cases = [case(s) for s in inputs]
    # One case a line, for readable diffs.
    sys.stdout.write("{" + json.dumps({"sqlalchemy": sqlalchemy.__version__})[1:-1] + ', "cases": [\n')
    sys.stdout.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
    sys.stdout.write("\n]}\n")


main()
