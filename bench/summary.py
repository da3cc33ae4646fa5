#!/usr/bin/env python3
"""Side-by-side summary of one benchmark: the reference against IEMS, with IEMS's ratio.

usage: summary.py RESULTS_DIR KIND REFERENCE_PREFIX IEMS_PREFIX RUNS
  KIND is smtp (smtp_bench.py results) or access (imapload.py / pop3load.py results); the
  measured rounds are PREFIX-1.json … PREFIX-RUNS.json, written by the bench scripts of this
  folder (the reference set-up's summarize.py expects other file names).
"""
import json
import os
import statistics
import sys

METRICS = {
    "smtp": [("accept msg/s", "accept_msgs_per_s", True), ("delivered msg/s", "e2e_msgs_per_s", True),
             ("server CPU s per 1,000 msg", "cpu_per_1k", False), ("server PSS max MB", "pss_mb", False),
             ("server RSS max MB (summed over processes)", "rss_mb", False)],
    "access": [("commands/s", "commands_per_s", True), ("sessions/s", "sessions_per_s", True),
               ("command p50 ms", "cmd_p50_ms", False), ("command p99 ms", "cmd_p99_ms", False),
               ("server PSS max MB", "pss_mb", False), ("server RSS max MB (summed over processes)", "rss_mb", False)],
}


def rounds(folder, prefix, runs):
    found = []
    for r in range(1, runs + 1):
        path = os.path.join(folder, f"{prefix}-{r}.json")
        if os.path.exists(path):
            with open(path) as f:
                found.append(json.load(f))
    return found


def value(result, key):
    if key == "pss_mb":
        return result["server_pss_kb_max"]["median"] / 1000
    if key == "rss_mb":
        return result["server_rss_kb_max"]["median"] / 1000
    if key == "cpu_per_1k":
        return result["server_cpu_s"]["median"] * 1000 / result["params"]["messages"]
    return result[key]["median"]


def cell(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.1f}" + (f" [{min(values):.1f}–{max(values):.1f}]" if len(values) > 1 else "")


def main():
    folder, kind, reference, iems, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    ref_results, iems_results = rounds(folder, reference, runs), rounds(folder, iems, runs)
    print(f"| {kind} ({len(ref_results)} / {len(iems_results)} rounds) | {reference} | IEMS | IEMS / {reference} |")
    print("|---|---|---|---|")
    for label, key, higher_is_better in METRICS[kind]:
        ref = [value(r, key) for r in ref_results]
        mine = [value(r, key) for r in iems_results]
        ratio = f"{statistics.median(mine) / statistics.median(ref):.2f}×" if ref and mine and statistics.median(ref) else "-"
        print(f"| {label} ({'higher' if higher_is_better else 'lower'} is better) | {cell(ref)} | {cell(mine)} | {ratio} |")


if __name__ == "__main__":
    main()
