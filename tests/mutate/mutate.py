#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Mutation check of the unit tests: do they notice when the code under test is wrong?

For each source file (default user/proto/*.c) this makes simple mutants, one change each:
relational operators flipped (< <=, > >=, == !=), && <-> ||, an if/while condition negated, a
'!' dropped, an integer constant +1/-1, a statement deleted (a call, an assignment, a counter
increment, an early return), true <-> false. Each mutant is compiled alone (the other modules
come from the unit-test archive the Makefile built) and linked into every unit test whose link
pulls that module in (found with ld --trace --trace); the tests run with a timeout, the
module's own test first. A mutant that every plain test passes is built again under ASan +
UBSan and runs the sanitized twins (as make test does: a leak or an overflow is caught there).
A mutant is killed when a test fails (FAIL line, non-zero exit, crash, sanitizer report or
timeout), survived when all pass, stillborn when it does not compile (not counted).

Mutants listed in tests/mutate/equivalent.txt (same behaviour as the original: no test can
tell them apart) are reported but not counted. Score = killed / (killed + survived).

Deterministic: mutants are enumerated in source order, and --sample N picks N per file with a
fixed --seed. Parallel-safe: every run builds in its own scratch directory.
--recheck results.json: after tests were added, keep that run's killed mutants (a test that
killed one still does) and run only the others, with the same --sample and --seed.
Usage: see `make mutate` (tests/mutate/mutate.mk) or --help.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# ---- a small C lexer: enough to find operators, literals and statements outside comments,
# strings and preprocessor lines ----

TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:\\.|[^"\\\n])*")
  | (?P<chr>'(?:\\.|[^'\\\n])*')
  | (?P<num>0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?[uUlLfF]*)
  | (?P<id>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|[{}()\[\];,.?:~!<>=+\-*/%&|^])
""", re.VERBOSE | re.DOTALL)


class Tok:
    __slots__ = ("kind", "text", "start", "end", "line")

    def __init__(self, kind, text, start, end, line):
        self.kind, self.text, self.start, self.end, self.line = kind, text, start, end, line


def lex(src):
    """Tokens of src without whitespace, comments and preprocessor lines."""
    toks = []
    pos, line, n = 0, 1, len(src)
    bol = True			# at the beginning of a line (only whitespace since)
    while pos < n:
        if bol and src[pos] == "#":
            # a preprocessor directive, with its continuation lines
            end = pos
            while True:
                nl = src.find("\n", end)
                if nl < 0:
                    end = n
                    break
                if src[nl - 1] == "\\":
                    end = nl + 1
                    continue
                end = nl
                break
            line += src.count("\n", pos, end)
            pos = end
            continue
        m = TOKEN_RE.match(src, pos)
        if not m:
            raise ValueError("cannot lex at line %d: %r" % (line, src[pos:pos + 20]))
        kind, text = m.lastgroup, m.group()
        if kind == "ws":
            if "\n" in text:
                bol = True
        else:
            if kind != "comment":
                toks.append(Tok(kind, text, m.start(), m.end(), line))
            bol = False
        line += text.count("\n")
        pos = m.end()
    return toks


KEYWORDS = {"if", "else", "for", "while", "do", "switch", "case", "default", "return", "break",
            "continue", "goto", "sizeof", "typedef"}
TYPE_WORDS = {"int", "char", "unsigned", "signed", "long", "short", "struct", "enum", "union",
              "const", "static", "volatile", "bool", "float", "double", "void", "register",
              "_Bool", "__typeof__", "typeof", "_Static_assert"}
ROR = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


class Mutant:
    __slots__ = ("file", "func", "line", "op", "start", "end", "repl", "text", "key")

    def __init__(self, file, func, line, op, start, end, repl):
        self.file, self.func, self.line, self.op = file, func, line, op
        self.start, self.end, self.repl = start, end, repl
        self.text = ""
        self.key = ""

    def apply(self, src):
        return src[:self.start] + self.repl + src[self.end:]


def match_paren(toks, i):
    """Index of the token closing the bracket at toks[i]."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    want, depth = pairs[toks[i].text], 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if t == toks[i].text:
            depth += 1
        elif t == want:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def functions(toks):
    """(name, body_open, body_close, is_void) for each function definition."""
    out, i, depth = [], 0, 0
    while i < len(toks):
        t = toks[i]
        if t.text == "{":
            if depth == 0 and i > 0 and toks[i - 1].text == ")":
                # walk back to the parameter list's '(' and the name before it
                j, d = i - 1, 0
                while j >= 0:
                    if toks[j].text == ")":
                        d += 1
                    elif toks[j].text == "(":
                        d -= 1
                        if d == 0:
                            break
                    j -= 1
                name = toks[j - 1].text if j > 0 else "?"
                # the return type: tokens back to the previous ';' or '}' at file scope
                k = j - 2
                ret = []
                while k >= 0 and toks[k].text not in (";", "}"):
                    ret.append(toks[k].text)
                    k -= 1
                is_void = "void" in ret and "*" not in ret
                close = match_paren(toks, i)
                out.append((name, i, close, is_void))
                i = close + 1
                continue
            depth += 1
        elif t.text == "}":
            depth -= 1
        i += 1
    return out


def stmt_start(toks, i):
    """True when toks[i] begins a statement (after ; { } or a ')' that closes if/for/while,
    or after else / a label colon)."""
    p = toks[i - 1]
    if p.text in (";", "{", "}") or p.text == "else":
        return True
    if p.text == ":":
        return True
    if p.text == ")":
        j, d = i - 1, 0
        while j >= 0:
            if toks[j].text == ")":
                d += 1
            elif toks[j].text == "(":
                d -= 1
                if d == 0:
                    break
            j -= 1
        return j > 0 and toks[j - 1].text in ("if", "for", "while")
    return False


def stmt_end(toks, i, limit):
    """Index of the ';' ending the simple statement at i (not crossing braces), or -1."""
    d = 0
    for j in range(i, limit):
        t = toks[j].text
        if t in ("(", "["):
            d += 1
        elif t in (")", "]"):
            d -= 1
        elif t in ("{", "}") and d == 0:
            return -1
        elif t == ";" and d == 0:
            return j
    return -1


def is_declaration(toks, i):
    t0 = toks[i]
    if t0.kind != "id":
        return False
    if t0.text in TYPE_WORDS or t0.text.endswith("_t"):
        return True
    t1 = toks[i + 1]
    # "type name", "type *name"
    if t1.kind == "id":
        return True
    if t1.text == "*" and toks[i + 2].kind == "id" and toks[i + 3].text in ("=", ";", ",", "["):
        return True
    return False


def parse_int(text):
    t = text.rstrip("uUlL")
    if "." in t or (("e" in t or "E" in t) and not t.lower().startswith("0x")):
        return None
    try:
        return int(t, 16) if t.lower().startswith("0x") else int(t, 10 if t == "0" or
                                                               t[0] != "0" else 8)
    except ValueError:
        return None


def gen_mutants(path, src):
    toks = lex(src)
    out = []
    fname = os.path.basename(path)
    for name, lo, hi, is_void in functions(toks):
        def add(tok_i, op, start, end, repl, line=None):
            out.append(Mutant(fname, name, line or toks[tok_i].line, op, start, end, repl))
        for i in range(lo + 1, hi):
            t = toks[i]
            if t.kind == "op" and t.text in ROR:
                add(i, "'%s' -> '%s'" % (t.text, ROR[t.text]), t.start, t.end, ROR[t.text])
            elif t.text in ("&&", "||"):
                r = "||" if t.text == "&&" else "&&"
                add(i, "'%s' -> '%s'" % (t.text, r), t.start, t.end, r)
            elif t.text == "!" and toks[i + 1].text != "=":
                add(i, "drop '!'", t.start, t.end, "")
            elif t.text in ("true", "false"):
                r = "false" if t.text == "true" else "true"
                add(i, "%s -> %s" % (t.text, r), t.start, t.end, r)
            elif t.kind == "num":
                v = parse_int(t.text)
                if v is None:
                    continue
                # not inside array declarators of declarations ([N] after a name) nor case labels
                if toks[i - 1].text == "case":
                    continue
                suffix = t.text[len(t.text.rstrip("uUlL")):]
                add(i, "%s -> %d" % (t.text, v + 1), t.start, t.end, "%d%s" % (v + 1, suffix))
                if v > 0:
                    add(i, "%s -> %d" % (t.text, v - 1), t.start, t.end,
                        "%d%s" % (v - 1, suffix))
            if t.text in ("if", "while") and toks[i + 1].text == "(":
                c = match_paren(toks, i + 1)
                if c <= hi:
                    a, b = toks[i + 1], toks[c]
                    cond = src[a.end:b.start]
                    add(i, "negate %s condition" % t.text, a.start, b.end,
                        "(!(%s))" % cond)
            # statement deletion
            if t.kind in ("id", "op") and stmt_start(toks, i):
                if t.text in ("++", "--", "*", "(") or (t.kind == "id" and
                                                        t.text not in KEYWORDS and
                                                        not is_declaration(toks, i)):
                    e = stmt_end(toks, i, hi)
                    if e > i:
                        body = src[t.start:toks[e].end]
                        if "=" in body or "(" in body or "++" in body or "--" in body:
                            add(i, "delete statement", t.start, toks[e].end, ";")
                elif t.text == "return":
                    e = stmt_end(toks, i, hi)
                    # not the function's last statement: deleting it changes nothing in a
                    # void function and falls off the end of any other
                    if e > i and e + 1 != hi:
                        add(i, "delete return", t.start, toks[e].end, ";")
                elif t.text in ("break", "continue"):
                    if toks[i + 1].text == ";":
                        add(i, "delete %s" % t.text, t.start, toks[i + 1].end, ";")
    # stable keys: file, function, mutation, the line's text, and which occurrence of the same
    # mutation on that line
    span = {}			# line -> (first token start, last token end): no comments
    for t in toks:
        a, b = span.get(t.line, (t.start, t.end))
        span[t.line] = (min(a, t.start), max(b, t.end))
    seen = {}
    for m in out:
        a, b = span.get(m.line, (0, 0))
        m.text = " ".join(src[a:b].split())
        k = (m.file, m.func, m.op, m.text)
        seen[k] = seen.get(k, 0) + 1
        m.key = "%s\t%s\t%s #%d\t%s" % (m.file, m.func, m.op, seen[k], m.text)
    return out


# ---- building and running ----

def run(cmd, cwd=None, timeout=None, env=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, env=env)


def load_equivalent(path):
    eq = {}
    if not path or not os.path.exists(path):
        return eq
    with open(path) as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln.strip() or ln.lstrip().startswith("#"):
                continue
            parts = ln.split("\t")
            if len(parts) < 5 or not parts[4].strip():
                sys.exit("%s: want 5 tab-separated fields (file, function, mutation, line, "
                         "reason): %r" % (path, ln))
            eq["\t".join(parts[:4])] = parts[4].strip()
    return eq


class Suite:
    """A way to build and run the tests: plain, or under the sanitizers."""

    def __init__(self, name, cc, cflags, ldflags, ldlibs, lib, tests):
        self.name, self.cc, self.lib = name, shlex.split(cc), os.path.abspath(lib)
        # mutants may warn (an unused variable once a statement is gone): no -Werror
        self.cflags = [f for f in shlex.split(cflags) if f != "-Werror"] + ["-g0"]
        self.ldflags, self.ldlibs = shlex.split(ldflags), shlex.split(ldlibs)
        self.tests = [os.path.abspath(t) for t in tests]
        self.deps, self.times = {}, {}

    def link(self, test, objs, exe, extra=()):
        return run(self.cc + self.ldflags + [test] + list(objs) + [self.lib, "-o", exe] +
                   list(extra) + self.ldlibs)


def baseline(args, suite, scratch):
    """Which archive members each test links (ld --trace --trace), how long it runs; every
    test must pass unmutated."""
    for t in suite.tests:
        exe = os.path.join(scratch, "base", suite.name + "-" + os.path.basename(t)[:-2])
        r = suite.link(t, [], exe, ["-Wl,--trace,--trace"])
        if r.returncode:
            sys.exit("mutate: cannot link %s:\n%s" % (t, r.stdout.decode(errors="replace")))
        suite.deps[t] = set(re.findall(r"\(%s\)([^\s)]+)\.o" % re.escape(suite.lib),
                                       r.stdout.decode(errors="replace")))
        s = time.monotonic()
        r = run([exe], cwd=args.root, timeout=900)
        suite.times[t] = time.monotonic() - s
        if r.returncode or re.search(rb"^FAIL ", r.stdout, re.M):
            sys.exit("mutate: %s fails without any mutation:\n%s" %
                     (exe, r.stdout.decode(errors="replace")[-2000:]))


def users(suite, mod):
    """The tests of suite that link module mod, its own test first, then the fastest."""
    own = "test_%s.o" % mod
    u = [t for t in suite.tests if mod in suite.deps[t]]
    u.sort(key=lambda t: (os.path.basename(t) != own, suite.times[t]))
    return u


def try_mutant(args, scratch, m, src, suites):
    d = tempfile.mkdtemp(prefix="m", dir=scratch)
    try:
        c = os.path.join(d, m.file)
        with open(c, "w") as f:
            f.write(m.apply(src))
        mod = m.file[:-2]
        for su in suites:
            obj = os.path.join(d, "%s-%s.o" % (su.name, mod))
            r = run(su.cc + su.cflags + ["-c", c, "-o", obj])
            if r.returncode:
                return "stillborn", None
            for t in users(su, mod):
                exe = os.path.join(d, "t")
                r = su.link(t, [obj], exe)
                if r.returncode:
                    return "stillborn", None
                name = os.path.basename(t)[:-2]
                if su.name != "plain":
                    name = "%s/%s" % (su.name, name)
                try:
                    r = run([exe], cwd=args.root,
                            timeout=max(args.min_timeout, args.timeout_factor * su.times[t]))
                except subprocess.TimeoutExpired:
                    return "killed", name + " (timeout)"
                if r.returncode or re.search(rb"^FAIL ", r.stdout, re.M):
                    return "killed", name
        return "survived", None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=".", help="repository root (tests run here)")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cflags", default="", help="the Makefile's CFLAGS (-Werror is dropped)")
    ap.add_argument("--ldflags", default="", help="link flags (before the objects)")
    ap.add_argument("--ldlibs", default="", help="libraries (after the objects)")
    ap.add_argument("--lib", help="archive of the unmutated modules")
    ap.add_argument("--tests", nargs="+", help="unit test objects")
    ap.add_argument("--san-cc", default="")
    ap.add_argument("--san-cflags", default="")
    ap.add_argument("--san-ldflags", default="")
    ap.add_argument("--san-ldlibs", default="")
    ap.add_argument("--san-lib", default="")
    ap.add_argument("--san-tests", nargs="*", default=[],
                    help="the same tests under ASan + UBSan (optional second stage)")
    ap.add_argument("--files", nargs="+", required=True, help="sources to mutate")
    ap.add_argument("--sample", type=int, default=0, help="mutants per file (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout-factor", type=float, default=5.0,
                    help="a test gets this many times its unmutated run time")
    ap.add_argument("--min-timeout", type=float, default=20.0)
    ap.add_argument("--equivalent", default="", help="list of equivalent mutants")
    ap.add_argument("--out", default="", help="directory for report.txt and results.json")
    ap.add_argument("--scratch", default="", help="parent of the scratch directory")
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    ap.add_argument("--recheck", default="",
                    help="results.json of an earlier run: keep its killed mutants, "
                         "run only the others (after adding tests)")
    ap.add_argument("--fail-under", type=float, default=0.0,
                    help="exit 1 when the overall score (%%) is lower")
    args = ap.parse_args()
    args.root = os.path.abspath(args.root)
    scratch = None

    def on_term(sig, frame):
        # a killed run removes its scratch directory and stops at once (sys.exit would wait
        # for every queued mutant in the thread pool)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        os._exit(143)
    signal.signal(signal.SIGTERM, on_term)
    eq = load_equivalent(args.equivalent)
    # Killed stays killed while tests are only added: rerun the survivors alone. The keys
    # include the mutated line, so a mutant of changed code is run again.
    done_before = {}
    if args.recheck:
        with open(args.recheck) as f:
            for r in json.load(f):
                if r["result"] == "killed":
                    done_before[r["key"]] = (r["result"], r["by"])

    plan = []			# (file, src, [mutants])
    keys = set()
    for path in args.files:
        with open(path) as f:
            src = f.read()
        ms = gen_mutants(path, src)
        keys.update(m.key for m in ms)
        if args.sample and len(ms) > args.sample:
            rnd = random.Random("%d:%s" % (args.seed, os.path.basename(path)))
            ms = sorted(rnd.sample(ms, args.sample), key=lambda m: (m.start, m.op))
        plan.append((path, src, ms))
    names = {os.path.basename(p) for p in args.files}
    stale = [k for k in eq if k.split("\t")[0] in names and k not in keys]
    if stale:
        print("mutate: %d entries of %s match no mutant (the code changed?):" %
              (len(stale), args.equivalent), file=sys.stderr)
        for k in stale:
            print("  " + k.replace("\t", " | "), file=sys.stderr)
    if args.list:
        for path, _, ms in plan:
            for m in ms:
                print("%s:%d\t%s" % (path, m.line, m.key))
        return 0

    os.makedirs(args.scratch or tempfile.gettempdir(), exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="xdp6-mutate.", dir=args.scratch or None)
    os.makedirs(os.path.join(scratch, "base"))
    try:
        if not args.lib or not args.tests:
            sys.exit("mutate: --lib and --tests are needed to run mutants")
        # plain first, -O1 to compile faster; the sanitizers' flags as make test uses them
        suites = [Suite("plain", args.cc, args.cflags + " -O1", args.ldflags, args.ldlibs,
                        args.lib, args.tests)]
        if args.san_tests:
            suites.append(Suite("san", args.san_cc or args.cc, args.san_cflags,
                                args.san_ldflags, args.san_ldlibs, args.san_lib,
                                args.san_tests))
        for su in suites:
            baseline(args, su, scratch)
        jobs = []
        for path, src, ms in plan:
            for m in ms:
                jobs.append((path, src, m, any(users(su, m.file[:-2]) for su in suites)))
        total = len(jobs)
        print("mutate: %d mutants of %d files, %d jobs, scratch %s" %
              (total, len(plan), args.jobs, scratch), flush=True)
        results = []
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            futs = {}
            for path, src, m, linked in jobs:
                if m.key in eq:
                    results.append((path, m, "equivalent", eq[m.key]))
                    continue
                if m.key in done_before:
                    results.append((path, m) + done_before[m.key])
                    continue
                if not linked:
                    results.append((path, m, "survived", "no unit test links it"))
                    continue
                futs[ex.submit(try_mutant, args, scratch, m, src, suites)] = (path, m)
            done = 0
            for fut in concurrent.futures.as_completed(futs):
                path, m = futs[fut]
                res, by = fut.result()
                results.append((path, m, res, by))
                done += 1
                if done % 25 == 0 or done == len(futs):
                    el = time.monotonic() - start
                    print("mutate: %d/%d run, %.0f s" % (done, len(futs), el), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report(args, plan, results)


def report(args, plan, results):
    order = {p: i for i, (p, _, _) in enumerate(plan)}
    results.sort(key=lambda r: (order[r[0]], r[1].start, r[1].op))
    lines = []
    tot = {"killed": 0, "survived": 0, "equivalent": 0, "stillborn": 0}
    lines.append("%-14s %7s %8s %10s %9s %6s" % ("file", "killed", "survived", "equivalent",
                                                   "stillborn", "score"))
    for path, _, _ in plan:
        c = {k: 0 for k in tot}
        for p, m, res, by in results:
            if p == path:
                c[res] += 1
        for k in tot:
            tot[k] += c[k]
        n = c["killed"] + c["survived"]
        lines.append("%-14s %7d %8d %10d %9d %5.1f%%" % (
            os.path.basename(path), c["killed"], c["survived"], c["equivalent"],
            c["stillborn"], 100.0 * c["killed"] / n if n else 100.0))
    n = tot["killed"] + tot["survived"]
    score = 100.0 * tot["killed"] / n if n else 100.0
    lines.append("%-14s %7d %8d %10d %9d %5.1f%%" % ("overall", tot["killed"], tot["survived"],
                                                     tot["equivalent"], tot["stillborn"],
                                                     score))
    lines.append("")
    lines.append("survivors (file:line function: mutation | line):")
    for p, m, res, by in results:
        if res == "survived":
            lines.append("  %s:%d %s: %s | %s%s" % (p, m.line, m.func, m.key.split("\t")[2],
                                                    m.text, " (%s)" % by if by else ""))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "report.txt"), "w") as f:
            f.write(text)
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump([{"file": p, "line": m.line, "function": m.func, "key": m.key,
                        "result": res, "by": by} for p, m, res, by in results], f, indent=1)
        # survivors in the equivalent list's format, ready to copy with a reason
        with open(os.path.join(args.out, "survivors.txt"), "w") as f:
            for p, m, res, by in results:
                if res == "survived":
                    f.write(m.key + "\t\n")
    return 1 if score < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
