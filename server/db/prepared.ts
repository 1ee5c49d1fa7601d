import { createHash } from 'node:crypto';
import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';
import type pg from 'pg';
import type { DB } from './schema.ts';

/*
 * Statements that run on every page (the session, the actor, a record's facts and detail) cost
 * PostgreSQL more to parse and plan than to execute: a record's detail, with its four subselects,
 * was about 0.8 ms of the server's CPU unnamed and 0.13 ms as a prepared statement. Registered
 * statements are sent by name, so each connection parses and plans them once. Only texts
 * registered here are named: a connection's prepared statements stay a small, fixed set.
 */
const names = new Map<string, string>();

/** Marks a statement's text to be sent as a named prepared statement on PostgreSQL servers. */
export function registerPrepared(text: string): void {
  if (!names.has(text)) names.set(text, `vigil_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`);
}

/** For a PostgreSQL server's connections: registered texts go out by name, everything else as before. */
export function sendRegisteredByName(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    return query(name ? { name, text: config } : config, ...rest);
  };
}

// Builds and compiles queries without a connection.
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

// A value no caller could pass, so each argument's position in the compiled parameters can be found.
const argumentMarker = (i: number) => `\u0000vigil-argument-${i}\u0000`;

/**
 * A hot query built with Kysely once, compiled once, and then run by name with each call's
 * arguments: neither Kysely nor PostgreSQL does the same work twice. The builder is called with
 * stand-ins for the arguments, which must each reach the statement as one parameter (a value
 * compared or selected, not SQL text or a list).
 */
export function preparedQuery<A extends string[], R>(build: (db: Kysely<DB>, ...args: A) => Compilable<R>) {
  let compiled: { sql: string; parameters: ({ arg: number } | { value: unknown })[] } | undefined;
  const compile = (arity: number) => {
    const stand = Array.from({ length: arity }, (_, i) => argumentMarker(i)) as A;
    const { sql, parameters } = build(compiler, ...stand).compile();
    const mapped = parameters.map((p) => {
      const arg = stand.indexOf(p as string);
      return arg >= 0 ? { arg } : { value: p };
    });
    for (let i = 0; i < arity; i++) if (!mapped.some((m) => 'arg' in m && m.arg === i)) throw new Error(`preparedQuery: argument ${i} is not a parameter of the statement`);
    registerPrepared(sql);
    return { sql, parameters: mapped };
  };
  return async (db: Kysely<DB>, ...args: A): Promise<R[]> => {
    compiled ??= compile(args.length);
    const values = compiled.parameters.map((p) => ('arg' in p ? args[p.arg] : p.value));
    const { rows } = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values));
    return rows;
  };
}
