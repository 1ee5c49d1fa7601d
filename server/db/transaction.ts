import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { kindForEvent, writeAccessLog, type AccessLogInput } from '../modules/audit/audit.log.ts';
import type { RequestContext } from '../shared/context.ts';
import { appendOutboxEvent, type OutboxEvent } from '../shared/outbox.repository.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** An event that an operation records about what it did, in its own transaction. */
export interface DomainEvent extends OutboxEvent {
  /** How the access log describes it, where the defaults (kind by event family) are not enough. */
  log?: Partial<AccessLogInput>;
}

/**
 * What an operation's body gets: the transaction, the request it serves, and
 * the two ways to leave a trace. Both write in the same transaction as the
 * change, so no operation can change or show data without its record.
 */
export interface Tx {
  /** Kysely over this transaction's connection. */
  readonly db: Kysely<DB>;
  ctx: RequestContext;
  /** An event for other systems (the outbox), which also leaves its access-log entry. */
  record(event: DomainEvent): Promise<void>;
  /** An access-log entry alone: every view of personal data writes one. */
  log(entry: AccessLogInput): Promise<void>;
}

/** Kysely bound to one checked-out connection; built only if the operation uses it. */
function bind(client: pg.PoolClient): Kysely<DB> {
  const borrowed = { query: client.query.bind(client), release() {} };
  const pool = { connect: async () => borrowed, end: async () => {} };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

/**
 * Runs `fn` in one transaction on one connection. If `fn`, the outbox or the
 * access log throws, nothing is kept: the change and its record stand or fall
 * together. The plumbing is plain BEGIN/COMMIT on the pg client because every
 * logged read takes this path and it is measured (vigil bench audit).
 */
export async function withTransaction<T>(database: Database, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  let broken = false;
  try {
    // The pool pipelines, so BEGIN is not awaited and travels with the first statement (BEGIN
    // fails only on a broken connection, which fails those statements too). It is also held back
    // until the operation's first statement is on its way, so that both leave in one write to the
    // socket rather than two (each write is a system call).
    const socket = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
    socket?.cork?.();
    const begun = client.query('begin');
    begun.catch(() => {});
    if (socket?.uncork) setImmediate(() => socket.uncork!());
    const prepared = true;
    let db: Kysely<DB> | undefined;
    // Access-log entries sent and not yet confirmed (see log below).
    const pendingLogs: Promise<unknown>[] = [];
    // The first of them known to have failed: an entry refused before it was sent (a purpose
    // without its text) must stop the COMMIT, which would otherwise keep the change without it.
    let refused: { error: unknown } | undefined;
    const tx: Tx = {
      get db() {
        return (db ??= bind(client));
      },
      ctx,
      async record(event) {
        await appendOutboxEvent(tx.db, ctx, event);
        await writeAccessLog(
          client,
          ctx,
          { kind: kindForEvent(event.type), action: event.type, subjectType: event.subjectType, subjectId: event.subjectId, ...event.log },
          prepared,
        );
      },
      async log(entry) {
        if (!socket?.cork) return void (await writeAccessLog(client, ctx, entry, prepared));
        // A view's entry is usually its last statement: sent now but not waited for, it leaves
        // with the COMMIT in one socket write. It is still part of the transaction, and the
        // operation still fails if it does (checked at commit, below).
        socket.cork();
        const written = writeAccessLog(client, ctx, entry, prepared);
        written.catch((error: unknown) => (refused ??= { error }));
        pendingLogs.push(written);
        setImmediate(() => socket.uncork!());
      },
    };
    let result: T;
    try {
      result = await fn(tx);
      await begun;
      if (refused) throw refused.error;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      // A statement refused because an entry before it failed: the entry's failure is the cause.
      const failedLog = (await Promise.allSettled(pendingLogs)).find((r) => r.status === 'rejected');
      throw failedLog ? failedLog.reason : error;
    }
    if (!pendingLogs.length) {
      await client.query('commit');
      return result;
    }
    const [logs, committed] = await Promise.allSettled([Promise.all(pendingLogs), client.query('commit')]);
    // An entry that failed has aborted the transaction, and PostgreSQL then answers COMMIT with ROLLBACK.
    if (logs.status === 'rejected') throw logs.reason;
    if (committed.status === 'rejected') throw committed.reason;
    if (committed.value.command !== 'COMMIT') throw new Error(`The transaction ended with ${committed.value.command}, not COMMIT`);
    return result;
  } catch (error) {
    if ((error as { code?: string }).code === undefined && /Connection terminated|ECONNRESET/.test(String(error))) broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}
