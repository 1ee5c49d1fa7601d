import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { withTransaction, type Tx } from '../../db/transaction.ts';
import { AppError, badRequest, tooManyRequests } from '../../errors.ts';
import type { Actor, RequestContext } from '../../shared/context.ts';
import * as mfa from './identity.mfa.ts';
import { hashPassword, passwordProblem, verifyAgainstDecoy, verifyPassword } from './identity.passwords.ts';
import * as users from './identity.repository.ts';
import * as throttle from './identity.throttle.repository.ts';

export type SignInStep = 'change-password' | 'mfa-enrol' | 'mfa-verify' | 'complete';

export interface SignInResult {
  userId: string;
  step: SignInStep;
}

const WRONG_CREDENTIALS = 'Enter a correct username and password';
const WRONG_CODE = 'Enter the 6-digit code from your authenticator app, or one of your recovery codes';

function lockedMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask your administrator for help.`;
}

export function createSignInService(database: Database, config: Config) {
  const { db } = database;
  const accountKey = (username: string) => username.trim().toLowerCase();
  // Failures on one account are counted per client address: anyone who knows a username could
  // otherwise lock its owner out with five wrong passwords. From every address together they are
  // counted too, against a far higher limit, to slow guessing spread over many addresses (the
  // password alone never signs anyone in: the authenticator is asked for next).
  const fromHere = (ctx: RequestContext, username: string) => `${accountKey(username)}@${ctx.ip ?? 'unknown'}`;

  async function ensureNotLocked(ctx: RequestContext, username: string): Promise<void> {
    const account =
      (await throttle.lockedUntil(db, 'account', fromHere(ctx, username), ctx.now)) ?? (await throttle.lockedUntil(db, 'account', accountKey(username), ctx.now));
    const address = ctx.ip ? await throttle.lockedUntil(db, 'address', ctx.ip, ctx.now) : null;
    const until = account ?? address;
    if (!until) return;
    await withTransaction(database, ctx, (tx) =>
      tx.record({ type: 'auth.sign-in-throttled', payload: { scope: account ? 'account' : 'address' } }),
    );
    throw tooManyRequests(lockedMessage(until, ctx.now));
  }

  async function countFailure(ctx: RequestContext, username: string, userId: string | null, reason: string) {
    const { maxFailures, lockMs, addressMaxFailures, accountMaxFailures } = config.signIn;
    await withTransaction(database, ctx, async (tx) => {
      await throttle.countFailure(tx.db, 'account', fromHere(ctx, username), ctx.now, maxFailures, lockMs, lockMs);
      await throttle.countFailure(tx.db, 'account', accountKey(username), ctx.now, accountMaxFailures, lockMs, lockMs);
      if (ctx.ip) await throttle.countFailure(tx.db, 'address', ctx.ip, ctx.now, addressMaxFailures, lockMs, lockMs);
      // The typed username is not recorded: people type passwords into it.
      await tx.record({
        type: 'auth.sign-in-failed',
        subjectType: userId ? 'user' : undefined,
        subjectId: userId ?? undefined,
        payload: { reason },
        // Nobody is signed in yet: the person trying to is the actor, when the account is known.
        log: userId ? { actorUserId: userId } : undefined,
      });
    });
  }

  function nextStep(user: { password_change_required: boolean; mfa_enrolled_at: Date | null; is_demo: boolean }): SignInStep {
    if (user.password_change_required) return 'change-password';
    if (config.demo && user.is_demo) return 'complete';
    return user.mfa_enrolled_at ? 'mfa-verify' : 'mfa-enrol';
  }

  async function completeIn(tx: Tx, userId: string, username: string, method: string): Promise<void> {
    await throttle.clearFailures(tx.db, 'account', fromHere(tx.ctx, username));
    await throttle.clearFailures(tx.db, 'account', accountKey(username));
    await tx.record({ type: 'auth.signed-in', subjectType: 'user', subjectId: userId, payload: { method }, log: { actorUserId: userId } });
  }

  async function complete(ctx: RequestContext, userId: string, method: string): Promise<void> {
    await withTransaction(database, ctx, async (tx) => {
      const user = await users.findUserById(tx.db, userId);
      if (user) await completeIn(tx, userId, user.username, method);
    });
  }

  return {
    /** First step: the password. Says only "wrong username or password" whatever went wrong. */
    async signIn(ctx: RequestContext, input: { username: string; password: string }): Promise<SignInResult> {
      const username = input.username.trim();
      if (!username || !input.password) {
        throw badRequest('sign-in-failed', WRONG_CREDENTIALS, [
          ...(!username ? [{ field: 'username', message: 'Enter your username' }] : []),
          ...(!input.password ? [{ field: 'password', message: 'Enter your password' }] : []),
        ]);
      }
      await ensureNotLocked(ctx, username);
      const user = await users.findUserByUsername(db, username);
      const ok = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDecoy(input.password);
      if (!user || !ok) {
        await countFailure(ctx, username, user?.id ?? null, user ? 'wrong-password' : 'unknown-account');
        throw badRequest('sign-in-failed', WRONG_CREDENTIALS, [{ field: 'username', message: WRONG_CREDENTIALS }]);
      }
      if (user.status !== 'active') {
        await countFailure(ctx, username, user.id, 'account-disabled');
        throw new AppError(403, 'account-disabled', 'Your account is disabled. Ask your administrator to re-enable it.');
      }
      const step = nextStep(user);
      if (step === 'complete') await complete(ctx, user.id, 'password (demo account, demo mode)');
      return { userId: user.id, step };
    },

    /** The second factor: a TOTP code, or one of the recovery codes. */
    async verifySecondFactor(ctx: RequestContext, userId: string, code: string): Promise<void> {
      const user = await users.findUserById(db, userId);
      if (!user || user.status !== 'active' || !user.mfa_secret_enc) throw badRequest('mfa-failed', WRONG_CODE);
      await ensureNotLocked(ctx, user.username);
      const trimmed = code.replace(/\s/g, '');
      const secret = mfa.openSecret(config.dataKey, user.mfa_secret_enc);
      const step = /^\d{6}$/.test(trimmed) ? await mfa.verifyTotp(secret, trimmed, user.mfa_last_step, ctx.now) : null;
      const recovery = step === null ? mfa.normaliseRecoveryCode(trimmed) : null;
      const accepted = await withTransaction(database, ctx, async (tx) => {
        let method: string | null = null;
        if (step !== null && (await users.advanceMfaStep(tx.db, user.id, step))) method = 'password+totp';
        if (recovery && (await users.useRecoveryCode(tx.db, user.id, mfa.hashRecoveryCode(recovery), ctx.now))) {
          method = 'password+recovery-code';
        }
        if (method) await completeIn(tx, user.id, user.username, method);
        return method !== null;
      });
      if (!accepted) {
        await countFailure(ctx, user.username, user.id, 'wrong-second-factor');
        throw badRequest('mfa-failed', WRONG_CODE, [{ field: 'code', message: WRONG_CODE }]);
      }
    },

    async startEnrolment(userId: string): Promise<mfa.Enrolment> {
      const user = await users.findUserById(db, userId);
      if (!user) throw badRequest('mfa-failed', 'Sign in again');
      return mfa.newEnrolment(user.username);
    },

    async enrolmentFor(userId: string, secret: string): Promise<mfa.Enrolment> {
      const user = await users.findUserById(db, userId);
      if (!user) throw badRequest('mfa-failed', 'Sign in again');
      return mfa.enrolmentFor(user.username, secret);
    },

    /** Confirms the authenticator works, stores it, and returns new recovery codes (shown once). */
    async confirmEnrolment(ctx: RequestContext, userId: string, secret: string, code: string): Promise<string[]> {
      const step = await mfa.verifyTotp(secret, code.replace(/\s/g, ''), null, ctx.now);
      if (step === null) {
        throw badRequest('mfa-enrol-failed', 'Enter the 6-digit code shown in your authenticator app', [
          { field: 'code', message: 'Enter the 6-digit code shown in your authenticator app' },
        ]);
      }
      const codes = mfa.newRecoveryCodes();
      await withTransaction(database, ctx, async (tx) => {
        await users.setMfa(tx.db, userId, mfa.sealSecret(config.dataKey, secret), ctx.now, step);
        await users.replaceRecoveryCodes(tx.db, userId, codes.map(mfa.hashRecoveryCode));
        await tx.record({ type: 'account.mfa-enrolled', subjectType: 'user', subjectId: userId });
        const user = await users.findUserById(tx.db, userId);
        if (user) await completeIn(tx, userId, user.username, 'password+totp (enrolment)');
      });
      return codes;
    },

    /** Sets a new password: forced after an administrator's reset, or chosen from "my account". */
    async changePassword(
      ctx: RequestContext,
      userId: string,
      input: { currentPassword?: string; newPassword: string; confirmPassword: string },
      options: { requireCurrent: boolean },
    ): Promise<SignInStep> {
      const user = await users.findUserById(db, userId);
      if (!user || user.status !== 'active') throw badRequest('password-change-failed', 'Sign in again');
      const errors = [];
      if (options.requireCurrent && !(await verifyPassword(user.password_hash, input.currentPassword ?? ''))) {
        errors.push({ field: 'currentPassword', message: 'Your current password is not right' });
      }
      const problem = passwordProblem(input.newPassword, { username: user.username });
      if (problem) errors.push({ field: 'newPassword', message: problem });
      else if (input.newPassword !== input.confirmPassword) {
        errors.push({ field: 'confirmPassword', message: 'The passwords do not match' });
      }
      if (!problem && (await verifyPassword(user.password_hash, input.newPassword))) {
        errors.push({ field: 'newPassword', message: 'Choose a password different from your current one' });
      }
      if (errors.length) throw badRequest('password-change-failed', 'The new password was not saved', errors);
      const hashed = await hashPassword(input.newPassword);
      await withTransaction(database, ctx, async (tx) => {
        await users.setPassword(tx.db, userId, hashed, false, ctx.now);
        // Whoever else held a session (a stolen cookie, a forgotten browser) is signed out with the old
        // password; the person's own browser gets a new session id from the route.
        await users.deleteSessionsOf(tx.db, userId);
        await tx.record({ type: 'account.password-changed', subjectType: 'user', subjectId: userId });
      });
      return nextStep({ ...user, password_change_required: false });
    },

    async completeDemoSignIn(ctx: RequestContext, userId: string): Promise<void> {
      await complete(ctx, userId, 'password (demo account, demo mode)');
    },

    async signOut(ctx: RequestContext): Promise<void> {
      if (!ctx.actor) return;
      const userId = ctx.actor.userId;
      await withTransaction(database, ctx, (tx) => tx.record({ type: 'auth.signed-out', subjectType: 'user', subjectId: userId }));
    },

    /** The signed-in user for a session, if still active. */
    resolveActor(userId: string): Promise<Actor | undefined> {
      return users.findActiveActor(db, userId);
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
