import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import type { FieldError } from './errors.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..');
const modulesDir = path.join(here, 'modules');

/** Nunjucks over Vigil's own views, each module's views, GOV.UK Frontend and MoJ Frontend. */
export function configureViews(app: Express, options: { demo: boolean; watch?: boolean }): nunjucks.Environment {
  const moduleViews = readdirSync(modulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(modulesDir, d.name, 'views'));
  const env = nunjucks.configure(
    [
      path.join(here, 'views'),
      ...moduleViews,
      path.join(ROOT, 'node_modules/govuk-frontend/dist'),
      path.join(ROOT, 'node_modules/@ministryofjustice/frontend'),
    ],
    { autoescape: true, express: app, noCache: options.watch ?? false, throwOnUndefined: false },
  );
  env.addGlobal('serviceName', 'Vigil');
  env.addGlobal('demoMode', options.demo);
  // The GOV.UK macros want `{ text }` for a field's error, or nothing.
  env.addGlobal('fieldError', (errors: FieldError[] | undefined, field: string) => {
    const found = errors?.find((e) => e.field === field);
    return found ? { text: found.message } : undefined;
  });
  env.addGlobal('errorList', (errors: FieldError[] | undefined) =>
    (errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` })),
  );
  env.addFilter('dateTime', (d: Date | string | null | undefined) =>
    d
      ? new Date(d).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' })
      : '',
  );
  // A DATE column ('2026-03-31') as GOV.UK writes dates: 31 March 2026.
  env.addFilter('govukDate', (d: string | null | undefined) =>
    d && /^\d{4}-\d{2}-\d{2}$/.test(d)
      ? new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      : (d ?? ''),
  );
  app.set('view engine', 'njk');
  return env;
}
