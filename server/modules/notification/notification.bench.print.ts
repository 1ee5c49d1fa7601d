import type { ClockBenchResult } from './notification.bench.ts';

/** The table `vigil bench clock` prints, with each target beside its figure. */
export function clockBenchTable(r: ClockBenchResult): string[] {
  const ok = (pass: boolean) => (pass ? 'met' : 'NOT met');
  return [
    `engine                         ${r.engine}`,
    `recompute, nominals            ${r.recompute.nominals}   (${r.recompute.duties} open duties)`,
    `first compute, seconds         ${r.recompute.first_seconds}   (every row written)`,
    `daily recompute, seconds       ${r.recompute.seconds}   (${r.recompute.per_s} nominals/s; target 10 s or less: ${ok(r.recompute.seconds <= 10)})`,
    `unit work list, records        ${r.worklist.unit_records} owned, ${r.worklist.rows} overdue duties`,
    `unit work list, p50 (ms)       ${r.worklist.p50_ms}`,
    `unit work list, p95 (ms)       ${r.worklist.p95_ms}   (over ${r.worklist.repeats}; target 100 ms or less: ${ok(r.worklist.p95_ms <= 100)})`,
  ];
}
