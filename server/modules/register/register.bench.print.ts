import type { RegisterBenchResult } from './register.bench.ts';

const engineName = (r: RegisterBenchResult) => `${r.engine === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL'} ${r.server_version}`;

/** The table `vigil bench register` prints. */
export function registerBenchTable(r: RegisterBenchResult): string[] {
  return [
    `engine                        ${engineName(r)}, ${r.nominals} records, ${r.users} signed-in users`,
    `closed loop                   ${r.concurrency} in flight, ${r.seconds} s each side`,
    `record page, Vigil (per s)    ${r.vigil.per_s}   p50 ${r.vigil.p50_ms} ms   p99 ${r.vigil.p99_ms} ms`,
    `same rows, raw SQL (per s)    ${r.raw.per_s}   p50 ${r.raw.p50_ms} ms   p99 ${r.raw.p99_ms} ms`,
    `Vigil / raw                   ${r.ratio}   (target at least 0.5)`,
    `open loop, ${r.open.rate} pages/s`.padEnd(30) + `p50 ${r.open.p50_ms} ms   p99 ${r.open.p99_ms} ms   errors ${r.open.errors}   over ${r.open_seconds} s   (target p99 at most 50 ms at 100/s)`,
    `CPU ms per page, Vigil        server thread ${r.cpu_ms.vigil.server ?? '?'}   bench process ${r.cpu_ms.vigil.process ?? '?'}   database ${r.cpu_ms.vigil.database ?? '?'}`,
    `CPU ms per page, open loop    server thread ${r.cpu_ms.open.server ?? '?'}   bench process ${r.cpu_ms.open.process ?? '?'}   database ${r.cpu_ms.open.database ?? '?'}`,
    `CPU ms per operation, raw     bench process ${r.cpu_ms.raw.process ?? '?'}   database ${r.cpu_ms.raw.database ?? '?'}`,
    ...(r.vigil.errors ? [`record pages not answering 200  ${r.vigil.errors}`] : []),
  ];
}
