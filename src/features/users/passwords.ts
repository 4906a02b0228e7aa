// Password hashing (argon2id) and the password policy, which follows NCSC guidance: length and a
// deny-list of common passwords, no composition rules.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// The most common passwords and predictable service words, lower-cased. NCSC: block the obvious.
const DENY_LIST = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'p@ssw0rd',
  '123456789012',
  '1234567890',
  '123456789',
  '12345678',
  'qwertyuiop',
  'qwertyuiop12',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123',
  'football1234',
  'monkey123456',
  'abc123456789',
  'administrator',
  'changeme1234',
  'changeme',
  'trustno1trustno1',
  'sunshine1234',
  'princess1234',
  'dragon123456',
  'baseball1234',
  'superman1234',
  'starwars1234',
  'whatever1234',
  'passwordpassword',
  'waymarkwaymark',
  'waymark12345',
  'waymark123456',
  'childrensservices',
  'socialwork123',
  'ofsted123456',
  'council12345',
  'council123456',
  'summer2024!!',
  'summer2025!!',
  'summer2026!!',
  'winter2025!!',
  'winter2026!!',
  'spring2026!!',
  'autumn2026!!',
  'january2026!',
  'november2026',
  'december2026',
]);

export function checkPasswordPolicy(
  password: string,
  context: { email?: string; name?: string } = {},
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more. Three random words work well.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (DENY_LIST.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890)+/.test(lower)) {
    return 'Password is too common. Choose a password that is harder to guess, such as three random words.';
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return 'Password must not contain your email address';
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** A generated password for demo users and resets: four random words' worth of entropy, easy to type. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);
}
