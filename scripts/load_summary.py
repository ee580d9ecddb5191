#!/usr/bin/env python3
"""Summarises goose's request log (CSV) from scripts/bench-load.sh: per request, the count,
p50 / p95 / p99 latency and errors, for the sign-in wave (while learners are still arriving)
and for the steady state after it, as a Markdown table.

    load_summary.py REQUESTS.csv --wave-seconds 100
Standard library only.
"""

import argparse
import csv
import math
from collections import defaultdict


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    k = max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)
    return sorted_ms[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log")
    ap.add_argument("--wave-seconds", type=float, required=True)
    args = ap.parse_args()
    wave_ms = args.wave_seconds * 1000
    times = defaultdict(list)
    errors = defaultdict(int)
    first = None
    with open(args.log, newline="") as f:
        for row in csv.DictReader(f):
            elapsed = float(row["elapsed"])
            first = elapsed if first is None else min(first, elapsed)
            phase = "sign-in wave" if elapsed - (first or 0) < wave_ms else "steady"
            key = (row["name"], phase)
            times[key].append(float(row["response_time"]))
            if row.get("success", "true").lower() != "true":
                errors[key] += 1
    print("| request | phase | requests | p50 | p95 | p99 | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (name, phase) in sorted(times, key=lambda k: (k[1] != "sign-in wave", k[0])):
        ms = sorted(times[name, phase])
        print(f"| {name} | {phase} | {len(ms):,} | {pct(ms, 50):.0f} ms | {pct(ms, 95):.0f} ms "
              f"| {pct(ms, 99):.0f} ms | {errors[name, phase]} |")


if __name__ == "__main__":
    main()
