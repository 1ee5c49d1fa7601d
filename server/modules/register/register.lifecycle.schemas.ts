import { z } from 'zod';

const text = (what: string, max = 2000) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `The ${what.replace(/^the /, '')} must be ${max} characters or fewer`);

const version = z.coerce.number({ error: 'The form is out of date: open it again' }).int().min(1, 'The form is out of date: open it again');
const id = (message: string) => z.string({ error: message }).uuid(message);

export const RequestTransferSchema = z.object({
  toUnitId: id('Select the unit to transfer the record to'),
  reason: text('the reason for the transfer'),
  version,
});

export const AcceptTransferSchema = z.object({
  managingOfficerId: id('Select the new managing officer'),
  version,
});

export const RejectTransferSchema = z.object({
  reason: text('the reason for rejecting the transfer'),
  version,
});

export const ARCHIVE_REASONS = ['notification-ended', 'mappa-ended', 'died'] as const;
export const ARCHIVE_REASON_NAMES: Record<(typeof ARCHIVE_REASONS)[number], string> = {
  'notification-ended': 'The notification period has ended',
  'mappa-ended': 'MAPPA management has ended',
  died: 'The person has died',
};

/** The GOV.UK date input's three boxes, as an ISO date not in the future. */
function dateOfDeath(now: Date) {
  return z
    .object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() })
    .transform((d, ctx) => {
      const [day, month, year] = [Number(d.day), Number(d.month), Number(d.year)];
      if (!d.day || !d.month || !d.year || [day, month, year].some((v) => !Number.isInteger(v))) {
        ctx.addIssue({ code: 'custom', message: 'Enter the date of death, including a day, month and year' });
        return z.NEVER;
      }
      const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const date = new Date(`${iso}T00:00:00Z`);
      if (year < 1900 || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
        ctx.addIssue({ code: 'custom', message: 'Date of death must be a real date' });
        return z.NEVER;
      }
      if (date > now) {
        ctx.addIssue({ code: 'custom', message: 'Date of death must be today or in the past' });
        return z.NEVER;
      }
      return iso;
    });
}

export function archiveSchema(now: Date) {
  return z
    .object({
      reason: z.enum(ARCHIVE_REASONS, { error: 'Select why the record is being archived' }),
      details: z.string().trim().max(2000, 'Details must be 2000 characters or fewer').optional().default(''),
      dateOfDeath: z.object({ day: z.string(), month: z.string(), year: z.string() }),
      version,
    })
    .transform((v, ctx) => {
      if (v.reason !== 'died') return { ...v, dateOfDeath: null };
      const parsed = dateOfDeath(now).safeParse(v.dateOfDeath);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]!.message, path: ['dateOfDeath'] });
        return z.NEVER;
      }
      return { ...v, dateOfDeath: parsed.data };
    });
}

export const RestoreSchema = z.object({
  reason: text('the reason for restoring the record'),
  version,
});

export const MergeFindSchema = z.object({
  with: z.string({ error: 'Enter the reference of the other record' }).trim().toUpperCase().min(1, 'Enter the reference of the other record').max(40, 'Enter a reference like NPF-000123'),
});

export const MergeSchema = z.object({
  otherId: id('Select the other record again'),
  survivor: z.enum(['this', 'other'], { error: 'Select which record stays' }),
  version: version,
  otherVersion: version,
});
