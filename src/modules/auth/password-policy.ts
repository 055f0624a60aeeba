/**
 * One password policy for every way a password is set (bootstrap admin, new user, reset, change):
 * at least 10 characters, at most 256, and not one of the ~49,000 most common passwords shipped
 * with `@zxcvbn-ts/language-common` (compared case-insensitively, also with the username removed).
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())));

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON' | 'CONTAINS_USERNAME';

export function passwordProblem(password: string, username?: string): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'TOO_SHORT';
  if (password.length > MAX_PASSWORD_LENGTH) return 'TOO_LONG';
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'TOO_COMMON';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
    const rest = lower.split(username.toLowerCase()).join('');
    if (rest.length < MIN_PASSWORD_LENGTH || commonPasswords().has(rest)) return 'CONTAINS_USERNAME';
  }
  return undefined;
}

const MESSAGES: Record<PasswordProblem, string> = {
  TOO_SHORT: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  TOO_LONG: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  TOO_COMMON: 'This password is on a list of common passwords; choose another',
  CONTAINS_USERNAME: 'This password is mostly the username; choose another',
};

/** Throws 422 WEAK_PASSWORD naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string | undefined, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (!problem) return;
  throw new AppError(422, 'WEAK_PASSWORD', MESSAGES[problem], [{ field, code: problem, message: MESSAGES[problem] }]);
}

/** A password being set, as a request field: the length rule answers 400 with the field; the list 422. */
export const NewPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
