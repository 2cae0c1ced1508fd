#!/usr/bin/env python3
"""Summarizes bench/run.sh results: medians per (target, scenario), ratios to nginx, and a PNG of the ratios.

Usage: summarize.py results.tsv idle.tsv OUT_DIR MACHINE_DESCRIPTION
"""
import csv
import datetime
import os
import statistics
import sys

TARGETS = ["mosn", "nginx", "haproxy"]


def med(rows, key):
    values = [float(r[key]) for r in rows if r[key] not in ("n/a", "")]
    return statistics.median(values) if values else float("nan")


def main():
    results, idle_path, out, machine = sys.argv[1:5]
    rows = list(csv.DictReader(open(results), delimiter="\t"))
    idle = {r["target"]: r["bytes_per_idle_connection"] for r in csv.DictReader(open(idle_path), delimiter="\t")}
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    table = {}
    for s in scenarios:
        for t in TARGETS:
            sel = [r for r in rows if r["scenario"] == s and r["target"] == t]
            if sel:
                table[(t, s)] = {k: med(sel, k) for k in ("req_per_s", "p50_ms", "p99_ms", "req_per_cpu_s", "rss_kb")}

    lines = [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine}; medians of "
             f"{len({r['round'] for r in rows})} interleaved rounds.", "",
             "| scenario | target | req/s | p50 ms | p99 ms | req per proxy-CPU-s | RSS under load | ratio req/s | ratio req/CPU-s |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in scenarios:
        base = table.get(("nginx", s))
        for t in TARGETS:
            v = table.get((t, s))
            if not v:
                continue
            ratio = lambda k: f"{v[k] / base[k]:.2f}" if base and base[k] else "n/a"
            p99 = "n/a" if v["p99_ms"] != v["p99_ms"] else f"{v['p99_ms']:.2f}"
            lines.append(f"| {s} | {t} | {v['req_per_s']:.0f} | {v['p50_ms']:.2f} | {p99} | {v['req_per_cpu_s']:.0f} | "
                         f"{v['rss_kb'] / 1024:.0f} MiB | {ratio('req_per_s')} | {ratio('req_per_cpu_s')} |")
    lines += ["", "h2c rows: h2load gives the mean request time (in the p50 column), not percentiles.", "",
              "| target | RSS growth per idle keep-alive connection (1000 connections) |", "| --- | ---: |"]
    for t in TARGETS:
        if t in idle:
            lines.append(f"| {t} | {idle[t]} B |")
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing: no plot")
        return
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.13
    labels = []
    for i, s in enumerate(scenarios):
        labels.append(s)
        for j, (t, key) in enumerate([(t, k) for t in TARGETS for k in ("req_per_s", "req_per_cpu_s")]):
            v, base = table.get((t, s)), table.get(("nginx", s))
            if not v or not base or not base[key]:
                continue
            x = i + (j - 2.5) * width
            ax.bar(x, v[key] / base[key], width, color={"mosn": "#3b7dd8", "nginx": "#999999", "haproxy": "#e08a2c"}[t],
                   hatch="" if key == "req_per_s" else "//", edgecolor="white",
                   label=f"{t} {'req/s' if key == 'req_per_s' else 'req/CPU-s'}" if i == 0 else None)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(scenarios)), labels)
    ax.set_ylabel("ratio to nginx (higher is better)")
    ax.set_title("Mosn.NET, nginx and HAProxy as reverse proxies (1 worker each)")
    ax.legend(fontsize=8, ncol=3)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "ratios.png"), dpi=110)


if __name__ == "__main__":
    main()
