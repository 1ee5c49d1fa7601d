import type { Database } from '../../db/database.ts';
import { withTransaction } from '../../db/transaction.ts';
import { unauthenticated } from '../../errors.ts';
import { ROLE_NAMES, type RequestContext } from '../../shared/context.ts';
import * as users from './identity.repository.ts';
import type { SignInService } from './identity.signin.service.ts';

/** What signed-in users do with their own account. */
export function createAccountService(database: Database, signIn: SignInService) {
  return {
    async viewMyAccount(ctx: RequestContext) {
      if (!ctx.actor) throw unauthenticated();
      const me = ctx.actor.userId;
      return withTransaction(database, ctx, async (tx) => {
        const account = await users.findUserInAgency(tx.db, me, null);
        if (!account) throw unauthenticated();
        const recoveryCodesLeft = await users.countUnusedRecoveryCodes(tx.db, me);
        await tx.log({ kind: 'consultation', action: 'account.viewed', subjectType: 'user', subjectId: me, purposeCode: 'subject-access' });
        return { account, roleNames: account.roles.map((r) => ROLE_NAMES[r]), recoveryCodesLeft };
      });
    },

    async changeMyPassword(ctx: RequestContext, input: { currentPassword: string; newPassword: string; confirmPassword: string }) {
      if (!ctx.actor) throw unauthenticated();
      await signIn.changePassword(ctx, ctx.actor.userId, input, { requireCurrent: true });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
