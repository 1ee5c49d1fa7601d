import type { RegisterBenchResult } from './register.bench.ts';

/** The table `vigil bench register` prints. */
export function registerBenchTable(r: RegisterBenchResult): string[] {
  return [
    `engine                        ${r.engine}, ${r.nominals} records, ${r.users} signed-in users, ${r.concurrency} at a time, ${r.seconds} s each side`,
    `record page, Vigil (per s)    ${r.vigil.per_s}   p50 ${r.vigil.p50_ms} ms   p99 ${r.vigil.p99_ms} ms   (target p99 at most 50 ms)`,
    `same rows, raw SQL (per s)    ${r.raw.per_s}   p50 ${r.raw.p50_ms} ms   p99 ${r.raw.p99_ms} ms`,
    `Vigil / raw                   ${r.ratio}   (target at least 0.5)`,
    `CPU ms per page, Vigil        server thread ${r.cpu_ms.vigil.server ?? '?'}   bench process ${r.cpu_ms.vigil.process ?? '?'}   database ${r.cpu_ms.vigil.database ?? '?'}`,
    `CPU ms per operation, raw     bench process ${r.cpu_ms.raw.process ?? '?'}   database ${r.cpu_ms.raw.database ?? '?'}`,
    ...(r.vigil.errors ? [`record pages not answering 200  ${r.vigil.errors}`] : []),
  ];
}
