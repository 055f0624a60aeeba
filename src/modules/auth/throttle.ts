/**
 * Failed-login throttling, kept in the database (`login_throttle`) so every instance behind a load
 * balancer sees the same counters. Three counters, each over a 15-minute window:
 *
 * | key                 | limit | when over the limit                                            |
 * |---------------------|-------|----------------------------------------------------------------|
 * | `acct-ip:<user>|<ip>` | 5   | that account from that address waits until the window ends     |
 * | `ip:<ip>`           | 20    | that address waits, whatever account it tries (spraying)       |
 * | `acct:<user>`       | 10    | every try on that account waits 2^(n−10) s after the last      |
 * |                     |       | failure, at most 60 s: a growing, capped delay, never a lock   |
 *
 * So a victim logging in from their own address is not blocked by an attacker's failures from
 * another (the attacker's address runs out after 5 tries on the account); only failures from many
 * addresses slow the account down, and then by a minute at most. A throttled try is answered 429
 * with Retry-After without checking the password and is not counted. A success clears the
 * account × address counter. Counters are bumped with one atomic upsert each, so concurrent
 * failures are all counted on both dialects.
 */
import { sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import type { Executor } from '../../db/create-db.js';

export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_IP_LIMIT = 5;
export const IP_LIMIT = 20;
export const ACCOUNT_LIMIT = 10;
export const MAX_ACCOUNT_DELAY_SECONDS = 60;

const norm = (username: string) => username.trim().toLowerCase();
const keysOf = (username: string, ip: string) => ({
  accountIp: `acct-ip:${norm(username)}|${ip}`, ip: `ip:${ip}`, account: `acct:${norm(username)}`,
});

const windowStartCutoff = (now: Date) => new Date(now.getTime() - THROTTLE_WINDOW_SECONDS * 1000).toISOString();

/** Seconds this try must wait, or 0 when it may go ahead. */
export async function retryAfterSeconds(db: Executor, now: Date, username: string, ip: string): Promise<number> {
  const k = keysOf(username, ip);
  const rows = await db.selectFrom('loginThrottle').selectAll()
    .where('key', 'in', [k.accountIp, k.ip, k.account])
    .where('windowStart', '>=', windowStartCutoff(now))
    .execute();
  const at = now.getTime();
  let wait = 0;
  for (const r of rows) {
    const windowEnds = Date.parse(r.windowStart) + THROTTLE_WINDOW_SECONDS * 1000;
    if (r.key === k.accountIp && r.failures >= ACCOUNT_IP_LIMIT) wait = Math.max(wait, windowEnds - at);
    if (r.key === k.ip && r.failures >= IP_LIMIT) wait = Math.max(wait, windowEnds - at);
    if (r.key === k.account && r.failures >= ACCOUNT_LIMIT) {
      const delay = Math.min(2 ** (r.failures - ACCOUNT_LIMIT), MAX_ACCOUNT_DELAY_SECONDS) * 1000;
      wait = Math.max(wait, Date.parse(r.lastFailureAt) + delay - at);
    }
  }
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

export function tooManyAttempts(seconds: number): AppError {
  return new AppError(429, 'TOO_MANY_LOGIN_ATTEMPTS',
    `Too many failed logins; try again in ${seconds} s`, [], { retryAfterSeconds: seconds });
}

/** Counts one failure on each of the three counters (a counter whose window has passed restarts). */
export async function recordFailure(db: Executor, now: Date, username: string, ip: string): Promise<void> {
  const iso = now.toISOString();
  const cutoff = windowStartCutoff(now);
  for (const key of Object.values(keysOf(username, ip))) {
    await db.insertInto('loginThrottle')
      .values({ key, failures: 1, windowStart: iso, lastFailureAt: iso })
      .onConflict((oc) => oc.column('key').doUpdateSet({
        failures: sql`case when login_throttle.window_start < ${cutoff} then 1 else login_throttle.failures + 1 end`,
        windowStart: sql`case when login_throttle.window_start < ${cutoff} then ${iso} else login_throttle.window_start end`,
        lastFailureAt: iso,
      }))
      .execute();
  }
}

/** A good password from this address: its account × address counter starts over. */
export async function recordSuccess(db: Executor, username: string, ip: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', '=', keysOf(username, ip).accountIp).execute();
}

/** Counters whose window has passed; the cleanup job drops them. */
export async function forgetOldFailures(db: Executor, now: Date): Promise<number> {
  const res = await db.deleteFrom('loginThrottle').where('windowStart', '<', windowStartCutoff(now)).executeTakeFirst();
  return Number(res.numDeletedRows);
}
