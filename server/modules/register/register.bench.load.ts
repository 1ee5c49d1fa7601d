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
  database?: number;
}

/**
 * What a side of the comparison costs the machine, not only this process: the PostgreSQL backends
 * serving the scratch database (readable from /proc when the server runs on this machine) do their
 * share of every page and every raw operation, and both sides compete for the same cores.
 */
export function cpuMeter(backendPids: () => Promise<number[]>) {
  const snapshot = async (): Promise<CpuSnapshot> => {
    const usage = process.cpuUsage();
    const pids = await backendPids().catch(() => []);
    const ticks = pids.map((pid) => ticksOf(`/proc/${pid}/stat`));
    const database = ticks.length && ticks.every((t) => t !== undefined) ? ticks.reduce<number>((a, t) => a + t!, 0) : undefined;
    return { main: mainThreadCpuMs(), process: (usage.user + usage.system) / 1000, database };
  };
  const per = (a: number | undefined, b: number | undefined, n: number) => (a === undefined || b === undefined ? undefined : (b - a) / Math.max(1, n));
  return {
    snapshot,
    /** CPU ms per unit of work between two snapshots. */
    perUnit: (from: CpuSnapshot, to: CpuSnapshot, units: number) => ({ main: per(from.main, to.main, units), process: per(from.process, to.process, units), database: per(from.database, to.database, units) }),
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

/** A thread that requests record pages when asked; one at a time. */
export function startPageLoad() {
  // tsx's loader is registered per thread: the worker registers it before importing this file.
  const self = new URL(import.meta.url).pathname;
  const worker = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(self)}); })`, { eval: true, workerData: { pageLoad: true } });
  return {
    /** Record pages for a while. */
    run: (request: LoadRequest) =>
      new Promise<LoadResult & { bytesPerPage: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(request);
      }),
    stop: () => worker.terminate(),
  };
}

if ((workerData as { pageLoad?: boolean } | null)?.pageLoad) {
  parentPort!.on('message', (request: LoadRequest) => {
    void recordPages(request).then((result) => parentPort!.postMessage(result));
  });
}
