#!/usr/bin/env python3
"""Prints the median (and mean) of each criterion benchmark saved under a target directory:
`scripts/bench_medians.py [TARGET_DIR]` (default: $CARGO_TARGET_DIR or ./target).
Criterion's console output shows means; these are the medians of its last run."""

import json
import os
import sys
from pathlib import Path


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:10.2f} ms"
    return f"{ns / 1e3:10.1f} µs"


def main():
    target = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"))
    rows = []
    for est in sorted((target / "criterion").glob("**/new/estimates.json")):
        meta = json.loads((est.parent / "benchmark.json").read_text())
        e = json.loads(est.read_text())
        rows.append((meta["full_id"], e["median"]["point_estimate"], e["mean"]["point_estimate"]))
    if not rows:
        sys.exit(f"no criterion results under {target / 'criterion'}")
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median':>13}  {'mean':>13}")
    for name, median, mean in rows:
        print(f"{name:<{width}}  {fmt(median)}  {fmt(mean)}")


if __name__ == "__main__":
    main()
