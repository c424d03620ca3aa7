#!/usr/bin/env python3
"""Checks an Autobahn|Testsuite report against the verdicts checked in under Vectors/autobahn/.

usage: autobahn_verdicts.py OUTDIR [--expect FILE] [--cases PATTERNS] [--exclude PATTERNS] [--write]

Always prints a summary of OUTDIR/index.json (counts per verdict, and every case that is not OK).

--expect FILE   compare every case of the report with FILE (a table `case behavior behaviorClose`, see
                Vectors/autobahn/README.md) and exit 1 naming, with the expected and the actual verdict, every case
                whose `behavior` or `behaviorClose` differs, every expected case the report lacks and every case the
                report has that FILE does not list.
--cases, --exclude
                the case patterns of the run (the suite's own: comma separated, `*` a wildcard anchored at the
                start, `1.*` does not match `10.1.1`). Only the expected cases these patterns select are required in
                the report, so a run of a subset compares that subset. Default: every case.
--write         (re)write FILE from the report instead of comparing: the selected cases take the report's verdicts,
                the cases of FILE outside the selection are kept.

Without --expect (the old gate): exit 1 when any case FAILED or is UNIMPLEMENTED.
Exit 1 also when the report holds no case; exit 2 on usage errors or an unreadable report or FILE.
"""
import argparse
import json
import os
import re
import sys

BEHAVIORS = ("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED")
CLOSE_BEHAVIORS = ("OK", "WRONG CODE", "UNCLEAN", "FAILED BY CLIENT", "FAILED", "INFORMATIONAL", "UNIMPLEMENTED")
DEFAULT_HEADER = ["# Autobahn|Testsuite verdicts expected by .ci/autobahn_verdicts.py (see README.md beside this file)",
                  "# case  behavior  behaviorClose"]
CASE_ID = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def fail(message):
    print("autobahn: " + message, file=sys.stderr)
    sys.exit(2)


def case_key(case):
    return [int(p) for p in case.split(".")]


def split_patterns(text):
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def matches(case, pattern):
    """The suite's pattern rule: with a `*`, a regular expression (`.` literal, `*` any text) matched at the start
    of the case id; without one, the id itself."""
    if "*" in pattern:
        return re.match(pattern.replace(".", r"\.").replace("*", ".*"), case) is not None
    return case == pattern


def selected(case, cases, exclude):
    return any(matches(case, p) for p in cases) and not any(matches(case, p) for p in exclude)


def load_report(outdir):
    try:
        with open(os.path.join(outdir, "index.json"), encoding="utf-8") as f:
            index = json.load(f)
    except (OSError, ValueError) as error:
        fail("no readable report in %s: %s" % (outdir, error))
    if len(index) != 1:
        fail("%s/index.json holds %d agents, expected one" % (outdir, len(index)))
    (agent, cases), = index.items()
    return agent, {case: (r["behavior"], r.get("behaviorClose", "?")) for case, r in cases.items()}


def load_expectation(path):
    """Reads a table `case behavior behaviorClose` (behaviorClose may hold spaces; `#` starts a comment line).
    Returns (header comment lines, {case: (behavior, behaviorClose)}); a malformed or repeated line is an error."""
    header, verdicts = [], {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                if not verdicts:
                    header.append(line)
                continue
            if not line.strip():
                continue
            fields = line.split(None, 2)
            if len(fields) != 3 or not CASE_ID.match(fields[0]) or fields[1] not in BEHAVIORS \
                    or fields[2].strip() not in CLOSE_BEHAVIORS:
                fail("%s:%d: not `case behavior behaviorClose`: %r" % (path, number, line))
            if fields[0] in verdicts:
                fail("%s:%d: case %s listed twice" % (path, number, fields[0]))
            verdicts[fields[0]] = (fields[1], fields[2].strip())
    return header, verdicts


def write_expectation(path, header, verdicts):
    width = max([len(c) for c in verdicts] + [4])
    with open(path, "w", encoding="utf-8") as f:
        for line in header:
            f.write(line + "\n")
        for case in sorted(verdicts, key=case_key):
            behavior, close = verdicts[case]
            f.write("%-*s  %-13s  %s\n" % (width, case, behavior, close))


def describe(verdict):
    return "%s (close %s)" % verdict


def summarize(report):
    counts = {}
    for case in sorted(report, key=case_key):
        behavior, close = report[case]
        counts[behavior] = counts.get(behavior, 0) + 1
        if behavior not in ("OK", "INFORMATIONAL"):
            print("  %s %s" % (case, describe(report[case])))
    print("autobahn: %d cases: %s" % (len(report), ", ".join("%s %d" % kv for kv in sorted(counts.items()))))


def compare(report, expected, cases, exclude, path):
    """Prints every difference between the report and the expected verdicts; returns their number."""
    wanted = {c for c in expected if selected(c, cases, exclude)}
    differences = []
    for case in sorted(set(report) | wanted, key=case_key):
        if case not in report:
            differences.append("%s: expected %s, missing from the report" % (case, describe(expected[case])))
        elif case not in expected:
            differences.append("%s: not in %s, got %s" % (case, path, describe(report[case])))
        elif report[case] != expected[case]:
            differences.append("%s: expected %s, got %s" % (case, describe(expected[case]), describe(report[case])))
    for line in differences:
        print("  CHANGED " + line)
    if differences:
        print("autobahn: %d case(s) differ from %s (above); if the change is intended, regenerate it "
              "(Vectors/autobahn/README.md)" % (len(differences), path))
    else:
        print("autobahn: all %d cases as expected by %s" % (len(report), path))
    return len(differences)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--expect", metavar="FILE")
    parser.add_argument("--cases", default="*")
    parser.add_argument("--exclude", default="")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.write and not args.expect:
        parser.error("--write needs --expect FILE")
    cases, exclude = split_patterns(args.cases), split_patterns(args.exclude)

    agent, report = load_report(args.outdir)
    summarize(report)
    if not report:
        print("autobahn: the report holds no case")
        return 1

    if args.write:
        header, verdicts = load_expectation(args.expect) if os.path.exists(args.expect) else (DEFAULT_HEADER, {})
        kept = {c: v for c, v in verdicts.items() if not selected(c, cases, exclude)}
        kept.update(report)
        write_expectation(args.expect, header, kept)
        print("autobahn: wrote %d cases (%d from this run of agent %s) to %s"
              % (len(kept), len(report), agent, args.expect))
        return 0

    if args.expect:
        try:
            _, expected = load_expectation(args.expect)
        except OSError as error:
            fail("cannot read the expected verdicts: %s" % error)
        return 1 if compare(report, expected, cases, exclude, args.expect) else 0

    broken = [c for c, (behavior, _) in report.items() if behavior in ("FAILED", "UNIMPLEMENTED")]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
