import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * The benchmark's load: `concurrency` loops calling `op` for `seconds`, with what finished
 * measured. Record pages are requested from a worker thread, so that the browsers' side of
 * the exchange (building requests, reading responses) does not run on the server's thread,
 * as it would not in service: the measured thread serves pages and nothing else.
 */
export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function forDuration(seconds: number, concurrency: number, op: (worker: number, i: number) => Promise<boolean | void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        if ((await op(worker, i++)) === false) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, errors };
}

const ticksOf = (path: string): number | undefined => {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the command name), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
};

/**
 * CPU time the process's main thread (the server's) has used, in ms, from /proc (Linux): the cost
 * of a page on the server itself, which other work on a shared machine does not inflate as it does
 * wall-clock rates. Undefined where /proc is not there.
 */
export const mainThreadCpuMs = (): number | undefined => ticksOf(`/proc/self/task/${process.pid}/stat`);

/** CPU used so far: the server's thread, this whole process (with the load thread), and the database's backends. */
export interface CpuSnapshot {
  main?: number;
  process: number;
  /** CPU ms of each backend serving the scratch database, by pid; absent where /proc cannot be read. */
  database?: Map<number, number>;
}

/**
 * What a side of the comparison costs the machine, not only this process: the PostgreSQL backends
 * serving the scratch database (readable from /proc when the server runs on this machine) do their
 * share of every page and every raw operation, and both sides compete for the same cores. Backends
 * are compared one by one: one that started in between counts from nothing, and one that ended in
 * between is lost from the figure (the bench keeps its connections open so that none do).
 */
export function cpuMeter(backendPids: () => Promise<number[]>) {
  const snapshot = async (): Promise<CpuSnapshot> => {
    const usage = process.cpuUsage();
    const pids = await backendPids().catch(() => []);
    const ticks = pids.map((pid) => [pid, ticksOf(`/proc/${pid}/stat`)] as const);
    const database = ticks.length && ticks.every(([, t]) => t !== undefined) ? new Map(ticks as [number, number][]) : undefined;
    return { main: mainThreadCpuMs(), process: (usage.user + usage.system) / 1000, database };
  };
  const per = (a: number | undefined, b: number | undefined, n: number) => (a === undefined || b === undefined ? undefined : (b - a) / Math.max(1, n));
  const backends = (a: Map<number, number> | undefined, b: Map<number, number> | undefined, n: number) => {
    if (!a || !b) return undefined;
    let used = 0;
    for (const [pid, ms] of b) used += ms - (a.get(pid) ?? 0);
    return used / Math.max(1, n);
  };
  return {
    snapshot,
    /** CPU ms per unit of work between two snapshots. */
    perUnit: (from: CpuSnapshot, to: CpuSnapshot, units: number) => ({
      main: per(from.main, to.main, units),
      process: per(from.process, to.process, units),
      database: backends(from.database, to.database, units),
    }),
  };
}

/** One signed-in reader: their session's cookies and the records they may read. */
export interface PageReader {
  cookie: string;
  records: string[];
}

interface LoadRequest {
  base: string;
  readers: PageReader[];
  concurrency: number;
  seconds: number;
}

type LoadMessage = { kind: 'closed'; request: LoadRequest } | { kind: 'open'; request: OpenLoadRequest };

/** Reader `worker % readers` opens records in a fixed, spread order; the same order every run. */
export const pickRecord = <R extends { records: string[] }>(readers: R[], worker: number, i: number) => {
  const r = readers[worker % readers.length]!;
  return { r, id: r.records[(i * 7_919) % r.records.length]! };
};

/**
 * GET with node:http over kept-alive sockets, one per request in flight: browsers keep their
 * connections open too, and this client costs the shared cores less than fetch does, so the
 * load thread takes less of the machine from the server it measures.
 */
function getPage(agent: http.Agent, url: URL, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function recordPages(request: LoadRequest): Promise<LoadResult & { bytesPerPage: number }> {
  let bytes = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.concurrency });
  try {
    const result = await forDuration(request.seconds, request.concurrency, async (worker, i) => {
      const { r, id } = pickRecord(request.readers, worker, i);
      const page = await getPage(agent, new URL(`/nominals/${id}`, request.base), r.cookie);
      bytes += page.bytes;
      return page.status === 200;
    });
    return { ...result, bytesPerPage: Math.round(bytes / Math.max(1, result.count)) };
  } finally {
    agent.destroy();
  }
}

/** What the open-loop phase asks for: `rate` record pages a second for `seconds`, whatever the replies do. */
export interface OpenLoadRequest {
  base: string;
  readers: PageReader[];
  rate: number;
  seconds: number;
  /** How long replies are awaited after the last request is sent (default 5 s). */
  drainMs?: number;
}

export interface OpenLoadResult {
  /** Requests scheduled (rate x seconds). */
  scheduled: number;
  /** Answered 200. */
  ok: number;
  /** Not 200, a socket error, or still unanswered when the wait after the last send ran out. */
  errors: number;
  p50: number;
  p99: number;
  /** How late the client itself was, at worst, in sending a request (its own thread busy). */
  maxSendLagMs: number;
}

/** How long replies are awaited after the last request is sent; what is still out then is an error. */
const OPEN_DRAIN_MS = 5_000;

/**
 * Open loop: request i is sent at start + i/rate, whether or not earlier ones have been answered,
 * as independent users would, and its latency runs from that scheduled time, not from when it went
 * out. A server that falls behind therefore shows its queue in the percentiles instead of slowing
 * the client down (no coordinated omission). Every request in the schedule is in the percentiles:
 * a failed one at the time it took, an unanswered one at the time it had waited when the wait
 * ended (a lower bound), and both are counted as errors.
 */
export async function openPages(request: OpenLoadRequest): Promise<OpenLoadResult> {
  // As many sockets as requests in flight: a browser per user, not a fixed pool that would queue here.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const interval = 1000 / request.rate;
  const total = Math.max(1, Math.round(request.rate * request.seconds));
  const latencies: number[] = [];
  let errors = 0;
  let ok = 0;
  let maxSendLagMs = 0;
  const pending = new Map<number, number>();
  let settleAll: () => void = () => {};
  const allSettled = new Promise<void>((resolve) => (settleAll = resolve));
  let sent = 0;
  const settle = (i: number, good: boolean) => {
    const due = pending.get(i);
    if (due === undefined) return;
    pending.delete(i);
    latencies.push(performance.now() - due);
    if (good) ok++;
    else errors++;
    if (sent === total && pending.size === 0) settleAll();
  };
  const send = (i: number, due: number) => {
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    pending.set(i, due);
    const { r, id } = pickRecord(request.readers, i, i);
    getPage(agent, new URL(`/nominals/${id}`, request.base), r.cookie).then(
      (page) => settle(i, page.status === 200),
      () => settle(i, false),
    );
  };
  const start = performance.now();
  await new Promise<void>((scheduled) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        send(sent, start + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else scheduled();
    };
    tick();
  });
  if (pending.size) {
    let drained: NodeJS.Timeout | undefined;
    await Promise.race([allSettled, new Promise((r) => (drained = setTimeout(r, request.drainMs ?? OPEN_DRAIN_MS)))]);
    clearTimeout(drained);
  }
  const cutOff = performance.now();
  for (const due of pending.values()) latencies.push(cutOff - due);
  errors += pending.size;
  pending.clear();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { scheduled: total, ok, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), maxSendLagMs };
}

/** A thread that requests record pages when asked; one run at a time. */
export function startPageLoad() {
  // tsx's loader is registered per thread: the worker registers it before importing this file.
  const self = new URL(import.meta.url).pathname;
  const worker = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(self)}); })`, { eval: true, workerData: { pageLoad: true } });
  const ask = <R>(message: LoadMessage) =>
    new Promise<R>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once('message', (result: R) => {
        worker.off('error', failed);
        resolve(result);
      });
      worker.once('error', failed);
      worker.postMessage(message);
    });
  return {
    /** Record pages for a while. */
    run: (request: LoadRequest) => ask<LoadResult & { bytesPerPage: number }>({ kind: 'closed', request }),
    /** Record pages at a fixed rate for a while (the open loop). */
    open: (request: OpenLoadRequest) => ask<OpenLoadResult>({ kind: 'open', request }),
    stop: () => worker.terminate(),
  };
}

if ((workerData as { pageLoad?: boolean } | null)?.pageLoad) {
  parentPort!.on('message', (message: LoadMessage) => {
    const work = message.kind === 'open' ? openPages(message.request) : recordPages(message.request);
    void work.then((result) => parentPort!.postMessage(result));
  });
}
