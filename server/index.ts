import type { Logger } from 'pino';
import type { Services } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createApiClientService } from './modules/apiclient/apiclient.service.ts';
import { createSigner } from './modules/audit/audit.checkpoint.ts';
import { setValueHashKey } from './modules/audit/audit.log.ts';
import { createSequencer } from './modules/audit/audit.sequencer.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { TreeCache } from './modules/audit/audit.tree.ts';
import { createHealthService } from './modules/health/health.service.ts';
import { createRegisterService } from './modules/register/register.service.ts';
import { createMessagesService } from './modules/messages/messages.service.ts';
import { createRegisterOversightService } from './modules/register/register.oversight.service.ts';
import { createRecordAccessService } from './modules/register/register.sharing.service.ts';
import { createItemsService } from './modules/register/register.items.service.ts';
import { createIdentityService } from './modules/register/register.identity.service.ts';
import { createLifecycleService } from './modules/register/register.lifecycle.service.ts';
import { createTransferService } from './modules/register/register.transfer.service.ts';
import { createNotificationService } from './modules/notification/notification.service.ts';
import { createReviewService } from './modules/notification/notification.review.service.ts';
import { createMappaService } from './modules/mappa/mappa.service.ts';
import { createEqualityService } from './modules/equality/equality.service.ts';
import { createFormService } from './modules/vetting/vetting.form.service.ts';
import { createSponsorService } from './modules/vetting/vetting.sponsor.service.ts';
import { createRelativesService } from './modules/vetting/vetting.relatives.service.ts';
import { createMappaReportService } from './modules/mappa/mappa.report.ts';
import { createCaseworkService } from './modules/vetting/vetting.casework.service.ts';
import { createChecksService } from './modules/vetting/vetting.checks.service.ts';
import { createDecisionService } from './modules/vetting/vetting.decision.service.ts';
import { createAppealService } from './modules/vetting/vetting.appeal.service.ts';
import { createOverrideService } from './modules/vetting/vetting.override.service.ts';
import { createAftercareService } from './modules/vetting/vetting.aftercare.service.ts';
import { createRenewalService } from './modules/vetting/vetting.renewal.service.ts';
import { createRightsService } from './modules/vetting/vetting.rights.service.ts';
import { createAccountService } from './modules/identity/identity.account.service.ts';
import { createAdminService } from './modules/identity/identity.admin.service.ts';
import { createSignInService } from './modules/identity/identity.signin.service.ts';
import { createWorklistService } from './modules/notification/notification.worklist.service.ts';

/** The composition root: repositories and services wired by plain factories. */
export function buildServices(config: Config, database: Database, logger: Logger, clock: Clock = systemClock): Services {
  setValueHashKey(config.dataKey);
  const signer = createSigner(config.audit.signingKey, config.audit.origin);
  const tree = new TreeCache();
  const signIn = createSignInService(database, config);
  return {
    config,
    database,
    logger,
    clock,
    health: createHealthService(database),
    signIn,
    account: createAccountService(database, signIn),
    admin: createAdminService(database),
    audit: createAuditService(database, { signer, tree }),
    sequencer: createSequencer(database, { signer, origin: config.audit.origin, tree, logger, checkpointMs: config.audit.checkpointMs, clock }),
    apiClients: createApiClientService(database),
    register: createRegisterService(database, config),
    oversight: createRegisterOversightService(database, config),
    recordAccess: createRecordAccessService(database, config),
    messages: createMessagesService(database),
    worklists: createWorklistService(database, config),
    items: createItemsService(database, config),
    identity: createIdentityService(database, config),
    transfers: createTransferService(database, config),
    lifecycle: createLifecycleService(database, config),
    notification: createNotificationService(database, config),
    notificationReviews: createReviewService(database, config),
    mappa: createMappaService(database, config),
    mappaReports: createMappaReportService(database),
    vettingForm: createFormService(database),
    vettingSponsor: createSponsorService(database, config),
    vettingRelatives: createRelativesService(database, config),
    equality: createEqualityService(database),
    vettingCasework: createCaseworkService(database, config),
    vettingChecks: createChecksService(database, config),
    vettingDecisions: createDecisionService(database, config),
    vettingAppeals: createAppealService(database, config),
    vettingOverrides: createOverrideService(database, config),
    vettingAftercare: createAftercareService(database, config),
    vettingRenewal: createRenewalService(database, config),
    vettingRights: createRightsService(database),
  };
}
