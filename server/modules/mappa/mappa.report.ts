import type { Database } from '../../db/database.ts';
import { forbidden } from '../../errors.ts';
import type { RequestContext, Role } from '../../shared/context.ts';
import { parseInput } from '../../shared/validation.ts';
import { csvRow } from '../audit/audit.csv.ts';
import { operation, Refusal } from '../register/register.editing.ts';
import { itemKind } from '../register/register.items.ts';
import * as repo from './mappa.report.repository.ts';
import { reportQuerySchema } from './mappa.schemas.ts';

/** Who may see the annual figures: aggregates only, for those who prepare and check the report. */
export const REPORT_ROLES: readonly Role[] = ['mappa-coordinator', 'manager', 'data-protection-officer'];

export const CATEGORIES = ['1', '2', '3', '4'] as const;
export const LEVELS = ['1', '2', '3'] as const;

const orderTypeName = (value: string) => itemKind('court-order')!.fields.find((f) => f.name === 'orderType')!.choices!.find((c) => c.value === value)?.text ?? value;

export interface AnnualFigures {
  date: string;
  /** counts[category][level] */
  counts: Record<string, Record<string, number>>;
  categoryTotals: Record<string, number>;
  levelTotals: Record<string, number>;
  total: number;
  level2And3: number;
  breaches: { breaches: number; people: number; from: string };
  orders: { orderType: string; name: string; n: number }[];
  wanted: number;
  missing: number;
  population: number | null;
  /** Category 1 (registered sex offenders) per 100,000 of the population given, to one decimal place. */
  rsoPer100k: number | null;
}

/** The day after the same date a year earlier: the first day of the 12 months to D. */
function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const start = new Date(Date.UTC(y - 1, m - 1, d));
  // 29 February has no twin a year earlier: the year then runs from 1 March.
  if (start.getUTCMonth() !== m - 1) start.setUTCDate(0);
  start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString().slice(0, 10);
}

export function createMappaReportService(database: Database) {
  return {
    /** The MAPPA annual-report figures from the register as it stood at the end of a date; one access-log entry per view. */
    async annualFigures(ctx: RequestContext, query: unknown, format: 'page' | 'csv' = 'page'): Promise<AnnualFigures> {
      const action = format === 'csv' ? 'mappa.report-downloaded' : 'mappa.report-viewed';
      const roles = ctx.actor?.roles ?? [];
      const allowed = REPORT_ROLES.some((r) => roles.includes(r));
      const parsed = allowed ? parseInput(reportQuerySchema(ctx.now), query ?? {}) : undefined;
      return operation(database, ctx, async (tx) => {
        if (!parsed) {
          throw new Refusal(forbidden('Only MAPPA co-ordinators, managers and data protection officers can see the MAPPA annual figures.'), {
            kind: 'consultation', action, subjectType: 'mappa-report', purposeCode: 'mappa-meeting', decision: 'denied', policyIds: ['mappa.report-roles'],
          });
        }
        const { date, population } = parsed;
        // One after another: a transaction is one connection.
        const cells = await repo.countsByCategoryAndLevel(tx.db, date);
        const breaches = await repo.breachesInYearTo(tx.db, date);
        const orders = await repo.ordersInForce(tx.db, date);
        const flags = await repo.wantedAndMissing(tx.db, date);
        const counts = Object.fromEntries(CATEGORIES.map((c) => [c, Object.fromEntries(LEVELS.map((l) => [l, 0]))])) as Record<string, Record<string, number>>;
        for (const cell of cells) if (counts[cell.category]?.[cell.level] !== undefined) counts[cell.category]![cell.level] = cell.n;
        const categoryTotals = Object.fromEntries(CATEGORIES.map((c) => [c, LEVELS.reduce((s, l) => s + counts[c]![l]!, 0)]));
        const levelTotals = Object.fromEntries(LEVELS.map((l) => [l, CATEGORIES.reduce((s, c) => s + counts[c]![l]!, 0)]));
        const total = Object.values(categoryTotals).reduce((s, n) => s + n, 0);
        const rso = categoryTotals['1']!;
        await tx.log({ kind: 'consultation', action, subjectType: 'mappa-report', purposeCode: 'mappa-meeting', policyIds: ['mappa.report-roles'] });
        return {
          date,
          counts,
          categoryTotals,
          levelTotals,
          total,
          level2And3: levelTotals['2']! + levelTotals['3']!,
          breaches: { ...breaches, from: yearBefore(date) },
          orders: orders.map((o) => ({ ...o, name: orderTypeName(o.orderType) })),
          wanted: flags.wanted,
          missing: flags.missing,
          population,
          rsoPer100k: population ? Math.round((rso / population) * 100_000 * 10) / 10 : null,
        };
      });
    },
  };
}

/** The figures as CSV: one row per figure, so a spreadsheet can read them without a layout. */
export function figuresCsv(f: AnnualFigures): string {
  let out = csvRow(['figure', 'category', 'level', 'value', 'as at']);
  for (const c of CATEGORIES) for (const l of LEVELS) out += csvRow(['MAPPA-eligible people', c, l, f.counts[c]![l], f.date]);
  for (const c of CATEGORIES) out += csvRow(['MAPPA-eligible people', c, 'all', f.categoryTotals[c], f.date]);
  for (const l of LEVELS) out += csvRow(['MAPPA-eligible people', 'all', l, f.levelTotals[l], f.date]);
  out += csvRow(['MAPPA-eligible people', 'all', 'all', f.total, f.date]);
  out += csvRow(['Managed at level 2 or 3', 'all', '2 and 3', f.level2And3, f.date]);
  out += csvRow([`Breaches of notification requirements proven from ${f.breaches.from}`, '1', '', f.breaches.breaches, f.date]);
  out += csvRow([`People with a breach proven from ${f.breaches.from}`, '1', '', f.breaches.people, f.date]);
  for (const o of f.orders) out += csvRow([`Court orders in force: ${o.name}`, '', '', o.n, f.date]);
  out += csvRow(['Wanted', '', '', f.wanted, f.date]);
  out += csvRow(['Missing', '', '', f.missing, f.date]);
  if (f.rsoPer100k !== null) out += csvRow([`Registered sex offenders per 100,000 (population ${f.population})`, '1', '', f.rsoPer100k, f.date]);
  return out;
}

export type MappaReportService = ReturnType<typeof createMappaReportService>;
