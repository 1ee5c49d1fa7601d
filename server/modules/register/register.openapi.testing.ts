import type { Router } from 'express';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { Response } from 'supertest';
import { expect } from 'vitest';
import { withTransaction } from '../../db/transaction.ts';
import { systemContext } from '../../shared/context.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { API_BASE } from './register.api.ts';
import type { openApiDocument } from './register.openapi.ts';

type Doc = ReturnType<typeof openApiDocument>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }> };

const URN = 'urn:vigil:schema:';
// Absolute ids, so that each schema resolves the others however it is compiled.
const rewrite = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${URN}`));

/** Express ':id' as OpenAPI '{id}', without the API's base. */
const asTemplate = (path: string) => path.slice(API_BASE.length).replace(/:(\w+)/g, '{$1}');

/** The routes a router serves, as "METHOD /template". */
export function routesOf(router: Router): string[] {
  const out: string[] = [];
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${asTemplate(layer.route.path)}`);
  }
  return out;
}

export const operationsOf = (doc: Doc): string[] =>
  Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

/**
 * Checks live answers against the description: the status must be described for the operation,
 * and a JSON body must validate against its schema (JSON Schema 2020-12, strict, with formats).
 * Remembers which operations and statuses were seen, for the coverage check at the end.
 */
export function contract(doc: Doc) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  // A CommonJS module: its default export is the plugin under NodeNext typing.
  (formats as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(rewrite(schema), `${URN}${name}`);
  const seen = new Set<string>();

  function check(res: Response, method: string, template: string): Response {
    const op = (doc.paths as Record<string, Record<string, Operation>>)[template]?.[method.toLowerCase()];
    expect(op, `${method} ${template} is described`).toBeDefined();
    const described = op!.responses[String(res.status)];
    expect(described, `${method} ${template} describes status ${res.status}: ${(res.text ?? '').slice(0, 200)}`).toBeDefined();
    const schema = described!.content?.['application/json']?.schema;
    if (schema) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const validate = ajv.compile(rewrite(schema));
      const ok = validate(res.body);
      expect(ok, `${method} ${template} ${res.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`).toBe(true);
    }
    for (const header of Object.keys(described!.headers ?? {})) expect(res.headers[header.toLowerCase()], `${header} header`).toBeTruthy();
    seen.add(`${method.toUpperCase()} ${template}`);
    return res;
  }

  return { check, seen };
}

/** Active register clearance for a test user. */
export async function clearUser(t: TestApp, userId: string): Promise<void> {
  const now = t.clock.now().getTime();
  await withTransaction(t.database, systemContext(t.clock.now()), (tx) =>
    tx.db
      .insertInto('clearance')
      .values({ user_id: userId, level: 'NPPV3', granted_at: new Date(now - 86_400_000), expires_at: new Date(now + 300 * 86_400_000) })
      .execute(),
  );
}

/** A token for a client acting as the given user (none for audit-only clients). */
export const issueToken = async (t: TestApp, name: string, scopes: string[], actingUsername?: string) =>
  (await t.services.apiClients.createClient(systemContext(t.clock.now()), { name, scopes, days: 1, actingUsername })).token;

export const bearer = (token: string | undefined) => ({ Authorization: `Bearer ${token}` });
export const BAD_TOKEN = { Authorization: 'Bearer vgl_not-a-real-token-at-all-0000000000000000000000' };

/** Access-log entries of one action, newest first. */
export const loggedAs = (t: TestApp, action: string) =>
  t.database.db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();
