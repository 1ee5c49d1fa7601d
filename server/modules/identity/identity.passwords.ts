import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The maintained list of the most used passwords, from the zxcvbn-ts project.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

// OWASP's recommended minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Returns what is wrong with a new password, in words a user can act on, or null. */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  }
  if (COMMON.has(password.toLowerCase())) {
    return 'This password is too common. Choose one that others are unlikely to use, for example three random words';
  }
  if (context.username && password.toLowerCase().includes(context.username.toLowerCase())) {
    return 'Password must not contain your username';
  }
  return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when an account does not exist, so that a wrong username
// takes as long to refuse as a wrong password.
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that is never valid');
  await verifyPassword(await decoy, password);
  return false;
}
