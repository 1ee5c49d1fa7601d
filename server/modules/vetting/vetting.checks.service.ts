import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Tx } from '../../db/transaction.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import type { RequestContext } from '../../shared/context.ts';
import { isUuid } from '../../shared/ids.ts';
import { checkUpload, type Upload } from '../register/register.files.ts';
import { operation } from '../register/register.editing.ts';
import { consulted, officerCase } from './vetting.casework.access.ts';
import { CHECK_KINDS, checkSubjects, requiredChecks, simulatedConnector, type CheckConnector, type CheckKind, type CheckSubject } from './vetting.checks.ts';
import * as repo from './vetting.checks.repository.ts';
import { ukToday } from '../../shared/clock.ts';
import { parseManualCheck } from './vetting.checks.schemas.ts';
import type { ApplicationRow } from './vetting.repository.ts';

const SUBJECT_NOT_FOUND = 'That person or check is not part of this application.';

/** Checks are recorded while the case is in checks, and at no other time. */
function assertInChecks(application: ApplicationRow) {
  if (application.state !== 'checks') throw conflict('out-of-order', 'Checks can only be recorded while the case is in checks: take the case first. Once it is decided, or a refusal is proposed, the checks are closed.');
}

/** The subject and the kind of check from the URL, if this check is required of that subject. */
async function subjectCheck(tx: Tx, applicationId: string, subjectKey: unknown, kind: unknown): Promise<{ subject: CheckSubject; kind: CheckKind }> {
  const subject = (await checkSubjects(tx.db, applicationId)).find((s) => s.key === subjectKey);
  if (!subject || !(CHECK_KINDS as readonly unknown[]).includes(kind) || !requiredChecks(subject).includes(kind as CheckKind)) throw notFound(SUBJECT_NOT_FOUND);
  return { subject, kind: kind as CheckKind };
}

/** Checks, run through a connector or recorded by hand. The connector is the place real systems plug in. */
export function createChecksService(database: Database, config: Pick<Config, 'register'>, connector: CheckConnector = simulatedConnector) {
  const maxBytes = config.register.maxUploadBytes;

  return {
    connector: { name: connector.name, label: connector.label },

    /** The form to record one check on one subject, with that check's history on them. */
    async checkForm(ctx: RequestContext, id: unknown, subjectKey: unknown, kind: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.check-viewed');
        const target = await subjectCheck(tx, application.id, subjectKey, kind);
        const history = (await repo.checksOf(tx.db, application.id)).filter((c) => c.subject_key === target.subject.key && c.kind === target.kind);
        await consulted(tx, application.id, 'vetting.check-viewed');
        return { application, ...target, history };
      });
    },

    /** Records a check by hand: result, date, evidence and an optional file (checked by its content). */
    async recordCheck(ctx: RequestContext, id: unknown, subjectKey: unknown, kind: unknown, input: unknown, upload?: Upload) {
      const check = parseManualCheck(input, ctx.now);
      const file = upload ? checkUpload(upload, 'image-or-pdf', maxBytes) : undefined;
      if (file && !file.ok) throw badRequest('invalid-file', file.message, [{ field: 'file', message: file.message }]);
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.check-recorded', true);
        const target = await subjectCheck(tx, application.id, subjectKey, kind);
        assertInChecks(application);
        const fileId = file?.ok ? await repo.insertFile(tx.db, { applicationId: application.id, contentType: file.contentType, content: upload!.buffer, sha256: file.sha256, userId: ctx.actor!.userId, at: ctx.now }) : null;
        await repo.insertChecks(tx.db, [{ applicationId: application.id, subjectKey: target.subject.key, subjectLabel: target.subject.label, kind: target.kind, result: check.result, checkedOn: check.checkedOn, officerUserId: ctx.actor!.userId, connector: 'manual', evidence: check.evidence, fileId, at: ctx.now }]);
        await tx.record({ type: 'vetting.check-recorded', subjectType: 'vetting-application', subjectId: application.id, payload: { kind: target.kind, connector: 'manual', file: !!fileId }, log: { kind: 'collection', purposeCode: 'vetting' } });
        return { id: application.id };
      });
    },

    /** Runs every required check still missing, on every subject, through the connector. */
    async runAllChecks(ctx: RequestContext, id: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.checks-run', true);
        assertInChecks(application);
        const subjects = await checkSubjects(tx.db, application.id);
        const have = new Set((await repo.checksOf(tx.db, application.id)).map((c) => `${c.subject_key}|${c.kind}`));
        const today = ukToday(ctx.now);
        const rows: repo.NewCheck[] = [];
        for (const subject of subjects) {
          for (const kind of requiredChecks(subject)) {
            if (have.has(`${subject.key}|${kind}`)) continue;
            const found = await connector.run(subject, kind);
            rows.push({ applicationId: application.id, subjectKey: subject.key, subjectLabel: subject.label, kind, result: found.result, checkedOn: today, officerUserId: ctx.actor!.userId, connector: connector.name, evidence: found.summary, fileId: null, at: ctx.now });
          }
        }
        await repo.insertChecks(tx.db, rows);
        await tx.record({ type: 'vetting.checks-run', subjectType: 'vetting-application', subjectId: application.id, payload: { connector: connector.name, checks: rows.length }, log: { kind: 'collection', purposeCode: 'vetting' } });
        return { id: application.id, ran: rows.length };
      });
    },

    /** An evidence file, through its application. */
    async viewFile(ctx: RequestContext, id: unknown, fileId: unknown) {
      return operation(database, ctx, async (tx) => {
        const application = await officerCase(tx, id, 'vetting.check-file-viewed');
        const file = isUuid(fileId) ? await repo.findFile(tx.db, application.id, fileId) : undefined;
        if (!file) throw notFound('That file was not found on this application.');
        await consulted(tx, application.id, 'vetting.check-file-viewed');
        return { contentType: file.content_type, content: file.content, byteSize: file.byte_size };
      });
    },
  };
}

export type ChecksService = ReturnType<typeof createChecksService>;
