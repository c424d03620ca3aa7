#!/usr/bin/env python3
"""Prints the cases of an Autobahn report that are not OK (NON-STRICT, UNIMPLEMENTED, FAILED) with their
behaviour, and exits 1 when any case FAILED or is UNIMPLEMENTED (e.g. permessage-deflate cases 12.*/13.* when the
extension was not negotiated), or when none ran.  usage: autobahn_verdicts.py OUTDIR"""
import json
import sys

index = json.load(open(sys.argv[1] + "/index.json"))
failed = 0
total = 0
counts = {}
for agent, cases in index.items():
    for case, result in sorted(cases.items(), key=lambda kv: [int(p) for p in kv[0].split(".")]):
        total += 1
        behavior = result["behavior"]
        counts[behavior] = counts.get(behavior, 0) + 1
        if behavior not in ("OK", "INFORMATIONAL"):
            print("  %s %s (close: %s)" % (case, behavior, result.get("behaviorClose")))
        if behavior in ("FAILED", "UNIMPLEMENTED"):
            failed += 1
print("autobahn: %d cases: %s" % (total, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
sys.exit(1 if failed or total == 0 else 0)
