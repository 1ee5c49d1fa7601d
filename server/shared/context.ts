import { randomUUID } from 'node:crypto';
import { systemClock } from './clock.ts';

export const ROLES = [
  'practitioner',
  'manager',
  'vetting-officer',
  'appeal-panel-member',
  'equality-lead',
  'data-protection-officer',
  'administrator',
  'mappa-coordinator',
  'national-administrator',
  'vetting-authoriser',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  'vetting-officer': 'Vetting officer',
  'appeal-panel-member': 'Appeal panel member',
  'equality-lead': 'Equality lead',
  'data-protection-officer': 'Data protection officer',
  administrator: 'Administrator',
  'mappa-coordinator': 'MAPPA co-ordinator',
  'national-administrator': 'National administrator',
  'vetting-authoriser': 'Vetting authoriser (risk-accepted overrides)',
};

/**
 * Roles whose reach crosses agencies: vetting, appeals, equality monitoring, the whole access log,
 * every agency's accounts, and overrides. Only a national administrator grants or removes them, so
 * an agency's administrator cannot give anyone (least of all themselves) a view beyond the agency.
 */
export const NATIONAL_ROLES: readonly Role[] = [
  'vetting-officer',
  'appeal-panel-member',
  'equality-lead',
  'data-protection-officer',
  'national-administrator',
  'vetting-authoriser',
];

/** Roles an actor may grant or remove: an agency administrator the agency's own, a national administrator all. */
export function grantableRoles(actor: Actor | null): readonly Role[] {
  if (hasRole(actor, 'national-administrator')) return ROLES;
  if (hasRole(actor, 'administrator')) return ROLES.filter((r) => !NATIONAL_ROLES.includes(r));
  return [];
}

/** Administers accounts: of their own agency (administrator) or of every agency (national administrator). */
export const isAdministrator = (actor: Actor | null): boolean => hasRole(actor, 'administrator') || hasRole(actor, 'national-administrator');

/** Who is acting: the signed-in user with their unit and agency. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  unitId: string;
  agencyId: string;
  roles: Role[];
  /** Unread messages when the actor was loaded for this request, for the page header: read in the same statement. */
  unreadMessages?: number;
}

/** Everything an operation needs to know about the request it serves. */
export interface RequestContext {
  correlationId: string;
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  now: Date;
  /** True for the operator's own commands (`vigil user ...`), which act with no signed-in user. */
  system: boolean;
  /** A machine client signed in with a bearer token. */
  apiClient?: {
    id: string;
    name: string;
    scopes: string[];
    /** Usernames of whoever issued and approved it (null: the operator's command), named in the access log. */
    issuedBy?: string | null;
    approvedBy?: string | null;
  };
}

export function systemContext(now = systemClock.now()): RequestContext {
  return { correlationId: randomUUID(), actor: null, ip: null, userAgent: 'vigil-cli', now, system: true };
}

export const hasRole = (actor: Actor | null, role: Role): boolean => !!actor && actor.roles.includes(role);
