"""Reads the JSON lines of apex bench saga and the peer harnesses; prints one Markdown table."""
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
base = {r["system"]: r["sagas_per_s"] for r in rows}
print("| system | tools | mode | tool latency | N | ended | sagas/s | vs Restate | p50 ms | p99 ms | outcomes | CPU s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    ratio = r["sagas_per_s"] / base["restate"] if base.get("restate") else float("nan")
    cpu = ", ".join(f"{k} {v}" for k, v in sorted(r["cpu_seconds"].items()))
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
    print(f"| {r['system']} | {r['tools']} | {r['mode']} | {r['latency_ms']} ms"
          f"{' fail ' + ','.join(r['fail']) if r['fail'] else ''} | {r['n']} | {r['ended']} | {r['sagas_per_s']} | "
          f"{ratio:.2f}× | {r['p50_ms']} | {r['p99_ms']} | {outcomes} | {cpu} |")
