import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { apiAuth } from './middleware/api-auth.ts';
import { loadActor } from './middleware/auth.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { uploads } from './middleware/upload.ts';
import { errorHandler, notFoundHandler } from './middleware/errors.ts';
import { cleanInput } from './middleware/input.ts';
import { requestContext } from './middleware/request-context.ts';
import { cspNonce, noStore, securityHeaders } from './middleware/security.ts';
import { saveBeforeRedirect, sessions } from './middleware/session.ts';
import type { ApiClientService } from './modules/apiclient/apiclient.service.ts';
import { apiClientRoutes } from './modules/apiclient/apiclient.routes.ts';
import { auditApi } from './modules/audit/audit.api.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import type { Sequencer } from './modules/audit/audit.sequencer.ts';
import type { AuditService } from './modules/audit/audit.service.ts';
import { contentRoutes } from './modules/content/content.routes.ts';
import { notificationRoutes } from './modules/notification/notification.routes.ts';
import type { NotificationService } from './modules/notification/notification.service.ts';
import { reviewRoutes } from './modules/notification/notification.review.routes.ts';
import type { ReviewService } from './modules/notification/notification.review.service.ts';
import { worklistRoutes } from './modules/notification/notification.worklist.routes.ts';
import type { WorklistService } from './modules/notification/notification.worklist.service.ts';
import { registerApi } from './modules/register/register.api.ts';
import { registerRoutes } from './modules/register/register.routes.ts';
import { messagesRoutes, unreadMessages } from './modules/messages/messages.routes.ts';
import type { MessagesService } from './modules/messages/messages.service.ts';
import { registerOversightRoutes } from './modules/register/register.oversight.routes.ts';
import type { RegisterOversightService } from './modules/register/register.oversight.service.ts';
import type { RecordAccessService } from './modules/register/register.sharing.service.ts';
import { itemRoutes } from './modules/register/register.items.routes.ts';
import { identityRoutes } from './modules/register/register.identity.routes.ts';
import type { IdentityService } from './modules/register/register.identity.service.ts';
import type { ItemsService } from './modules/register/register.items.service.ts';
import { lifecycleRoutes } from './modules/register/register.lifecycle.routes.ts';
import type { LifecycleService } from './modules/register/register.lifecycle.service.ts';
import { transferRoutes } from './modules/register/register.transfer.routes.ts';
import type { TransferService } from './modules/register/register.transfer.service.ts';
import type { RegisterService } from './modules/register/register.service.ts';
import { mappaRoutes } from './modules/mappa/mappa.routes.ts';
import type { MappaReportService } from './modules/mappa/mappa.report.ts';
import type { MappaService } from './modules/mappa/mappa.service.ts';
import { equalityRoutes } from './modules/equality/equality.routes.ts';
import type { EqualityService } from './modules/equality/equality.service.ts';
import { formRoutes } from './modules/vetting/vetting.form.routes.ts';
import type { FormService } from './modules/vetting/vetting.form.service.ts';
import { sponsorRoutes } from './modules/vetting/vetting.sponsor.routes.ts';
import type { SponsorService } from './modules/vetting/vetting.sponsor.service.ts';
import { relativesRoutes } from './modules/vetting/vetting.relatives.routes.ts';
import type { RelativesService } from './modules/vetting/vetting.relatives.service.ts';
import { caseworkRoutes } from './modules/vetting/vetting.casework.routes.ts';
import type { CaseworkService } from './modules/vetting/vetting.casework.service.ts';
import type { ChecksService } from './modules/vetting/vetting.checks.service.ts';
import { decisionRoutes } from './modules/vetting/vetting.decision.routes.ts';
import type { DecisionService } from './modules/vetting/vetting.decision.service.ts';
import { appealRoutes } from './modules/vetting/vetting.appeal.routes.ts';
import type { AppealService } from './modules/vetting/vetting.appeal.service.ts';
import { overrideRoutes } from './modules/vetting/vetting.override.routes.ts';
import type { OverrideService } from './modules/vetting/vetting.override.service.ts';
import { aftercareRoutes } from './modules/vetting/vetting.aftercare.routes.ts';
import type { AftercareService } from './modules/vetting/vetting.aftercare.service.ts';
import { renewalRoutes } from './modules/vetting/vetting.renewal.routes.ts';
import type { RenewalService } from './modules/vetting/vetting.renewal.service.ts';
import { rightsRoutes } from './modules/vetting/vetting.rights.routes.ts';
import type { RightsService } from './modules/vetting/vetting.rights.service.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import type { HealthService } from './modules/health/health.service.ts';
import type { AccountService } from './modules/identity/identity.account.service.ts';
import { accountRoutes } from './modules/identity/identity.account.routes.ts';
import type { AdminService } from './modules/identity/identity.admin.service.ts';
import { adminRoutes } from './modules/identity/identity.admin.routes.ts';
import type { SignInService } from './modules/identity/identity.signin.service.ts';
import { signInRoutes } from './modules/identity/identity.signin.routes.ts';
import { configureViews, ROOT } from './views.ts';
import type { Clock } from './shared/clock.ts';

export interface Services {
  config: Config;
  database: Database;
  logger: Logger;
  /** Where every request's `now` comes from: the system clock, or the one a test sets. */
  clock: Clock;
  health: HealthService;
  signIn: SignInService;
  account: AccountService;
  admin: AdminService;
  audit: AuditService;
  sequencer: Sequencer;
  apiClients: ApiClientService;
  register: RegisterService;
  oversight: RegisterOversightService;
  recordAccess: RecordAccessService;
  messages: MessagesService;
  worklists: WorklistService;
  items: ItemsService;
  identity: IdentityService;
  transfers: TransferService;
  lifecycle: LifecycleService;
  notification: NotificationService;
  notificationReviews: ReviewService;
  mappa: MappaService;
  mappaReports: MappaReportService;
  vettingForm: FormService;
  vettingSponsor: SponsorService;
  vettingRelatives: RelativesService;
  equality: EqualityService;
  vettingCasework: CaseworkService;
  vettingChecks: ChecksService;
  vettingDecisions: DecisionService;
  vettingAppeals: AppealService;
  vettingOverrides: OverrideService;
  vettingAftercare: AftercareService;
  vettingRenewal: RenewalService;
  vettingRights: RightsService;
}

const STATIC = { maxAge: '1d', index: false, fallthrough: true } as const;

/** Every middleware, in order, in one place. */
export function createApp(services: Services): Express {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  // A number is a count of proxy hops, 'true' trusts all, anything else is a list of addresses.
  if (config.trustProxy) {
    const tp = config.trustProxy;
    app.set('trust proxy', /^\d+$/.test(tp) ? Number(tp) : tp === 'true' ? true : tp);
  }
  configureViews(app, { demo: config.demo, watch: config.env === 'development' });

  app.use(requestContext(services.logger, services.clock));
  app.use(cspNonce);
  app.use(securityHeaders({ secure: config.cookieSecure }));

  // Assets first: they need no session, no database and no log line.
  const frontend = path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk');
  const moj = path.join(ROOT, 'node_modules/@ministryofjustice/frontend/moj');
  app.use('/assets', express.static(path.join(frontend, 'assets'), STATIC));
  app.use('/assets', express.static(path.join(moj, 'assets'), STATIC));
  app.get('/stylesheets/govuk-frontend.min.css', (_req, res) => res.sendFile(path.join(frontend, 'govuk-frontend.min.css')));
  app.get('/stylesheets/moj-frontend.min.css', (_req, res) => res.sendFile(path.join(moj, 'moj-frontend.min.css')));
  app.get('/javascripts/govuk-frontend.min.js', (_req, res) => res.sendFile(path.join(frontend, 'govuk-frontend.min.js')));
  // Under their own prefixes, so that ordinary pages do not pay for a file look-up.
  app.use('/stylesheets', express.static(path.join(ROOT, 'server/public/stylesheets'), STATIC));
  app.use('/javascripts', express.static(path.join(ROOT, 'server/public/javascripts'), STATIC));

  app.use(healthRoutes(services.health));

  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 200 }));
  // API bodies may carry a file as base64, so they are read (with room for one) only once the
  // client has shown a valid token, below: an unknown caller cannot make the server read megabytes.
  const json = express.json({ limit: config.bodyLimit });
  app.use((req, res, next) => (req.path.startsWith('/api/v1/') ? next() : json(req, res, next)));
  app.use(uploads(config.register.maxUploadBytes));
  app.use(noStore);
  // Machine clients use bearer tokens and never a session or a CSRF token.
  app.use(
    apiAuth({
      authenticate: (token, now) => services.apiClients.authenticate(token, now),
      resolveActor: (id) => services.signIn.resolveActor(id),
      admit: (clientId, now) => services.apiClients.admit(clientId, now, services.config.apiRateLimitPerMinute),
    }),
  );
  const apiJson = express.json({ limit: Math.ceil((config.register.maxUploadBytes * 4) / 3) + 65_536 });
  app.use('/api/v1', (req, res, next) => (req.ctx.apiClient ? apiJson : json)(req, res, next));
  app.use(
    sessions({
      pool: services.database.pool,
      secret: config.sessionSecret,
      idleMs: config.sessionIdleMs,
      secure: config.cookieSecure,
      pruneIntervalSeconds: config.env === 'test' ? false : 15 * 60,
    }),
  );
  app.use(saveBeforeRedirect);
  app.use(loadActor({ absoluteMs: config.sessionAbsoluteMs, resolveActor: (id) => services.signIn.resolveActor(id) }));
  app.use(...csrfProtection());
  // Every body is read by now, and a forged form was refused as such: the one place input is cleaned (ADR 0025).
  app.use(cleanInput);
  app.use(unreadMessages(services.messages));
  app.use(messagesRoutes(services.messages));

  app.use(signInRoutes(services.signIn));
  app.use(accountRoutes(services.account));
  app.use(adminRoutes(services.admin));
  app.use(registerOversightRoutes(services.oversight, services.recordAccess));
  app.use(registerRoutes(services.register));
  app.use(itemRoutes(services.items));
  app.use(identityRoutes(services.register, services.identity));
  app.use(transferRoutes(services.transfers));
  app.use(lifecycleRoutes(services.lifecycle));
  app.use(notificationRoutes(services.notification));
  app.use(reviewRoutes(services.notificationReviews));
  app.use(mappaRoutes(services.mappa, services.mappaReports));
  app.use(sponsorRoutes(services.vettingSponsor));
  app.use(formRoutes(services.vettingForm));
  app.use(relativesRoutes(services.vettingRelatives));
  app.use(equalityRoutes(services.equality));
  app.use(caseworkRoutes(services.vettingCasework, services.vettingChecks));
  app.use(decisionRoutes(services.vettingDecisions, services.vettingCasework));
  app.use(appealRoutes(services.vettingAppeals));
  app.use(overrideRoutes(services.vettingOverrides));
  app.use(aftercareRoutes(services.vettingAftercare, services.vettingRenewal));
  app.use(renewalRoutes(services.vettingRenewal));
  app.use(rightsRoutes(services.vettingRights));
  app.use(worklistRoutes(services.worklists));
  app.use(auditRoutes(services.audit));
  app.use(auditApi(services.audit));
  app.use(apiClientRoutes(services.apiClients));
  app.use(registerApi(services));
  app.use(contentRoutes(services.worklists));

  app.use(notFoundHandler);
  app.use(errorHandler());
  return app;
}
