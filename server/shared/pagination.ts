import { z } from 'zod';

export const PAGE_SIZE = 25;

/** `?page=N` on a list page: a whole number from 1, or the first page when absent. */
const PAGE_MESSAGE = 'Page must be a whole number, like 2';
export const PageSchema = z.object({
  page: z.preprocess(
    (v) => (v === undefined || v === '' ? '1' : v),
    z.string({ error: PAGE_MESSAGE }).regex(/^[1-9]\d{0,5}$/, PAGE_MESSAGE).transform(Number),
  ),
});

export interface Page<T> {
  items: T[];
  page: number;
  total: number;
  pageSize: number;
}

export const pageWindow = (page: number, pageSize = PAGE_SIZE) => ({ limit: pageSize, offset: (page - 1) * pageSize });

/**
 * The parameters of the GOV.UK pagination component for a list at `basePath`:
 * previous and next, and a window of page numbers with ellipses.
 */
export function paginationFor(basePath: string, p: Pick<Page<unknown>, 'page' | 'total' | 'pageSize'>) {
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (last === 1) return null;
  const href = (n: number) => `${basePath}${basePath.includes('?') ? '&' : '?'}page=${n}`;
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - p.page) <= 1) items.push({ number: n, href: href(n), current: n === p.page });
    else if (items.at(-1)?.ellipsis !== true) items.push({ ellipsis: true });
  }
  return {
    previous: p.page > 1 ? { href: href(p.page - 1) } : undefined,
    next: p.page < last ? { href: href(p.page + 1) } : undefined,
    items,
  };
}
