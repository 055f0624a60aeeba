/** Passwords (argon2id), opaque bearer tokens stored only as hashes, with an expiry. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../db/create-db.js';
import { precompiled } from '../../db/precompiled.js';
import type { UserRow } from '../../db/types.js';
import { addSeconds, type Actor, type Clock, type Role } from '../shared/context.js';

export const TOKEN_TTL_SECONDS = 12 * 3600;

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export const hashPassword = (password: string) => hash(password);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface UserView {
  id: string;
  username: string;
  role: Role;
  merchantId?: string;
  warehouseId?: string;
}

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role as Role,
    ...(u.merchantId ? { merchantId: u.merchantId } : {}),
    ...(u.warehouseId ? { warehouseId: u.warehouseId } : {}),
  };
}

export async function login(db: Db, clock: Clock, username: string, password: string) {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  dummyHash ??= hash('not-a-password');
  const ok = user ? await verify(user.passwordHash, password) : (await verify(await dummyHash, password), false);
  if (!user || !ok) throw new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
  const token = randomBytes(32).toString('base64url');
  const now = clock.now().toISOString();
  const expiresAt = addSeconds(now, TOKEN_TTL_SECONDS);
  await db.insertInto('sessions').values({ tokenHash: sha256(token), userId: user.id, expiresAt, createdAt: now }).execute();
  return { token, expiresAt, user: toUserView(user) };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', sha256(token)).execute();
}

// every request runs it: compiled once (../../db/precompiled.ts)
const sessionUser = precompiled((db, tokenHash: string) => db
  .selectFrom('sessions')
  .innerJoin('users', 'users.id', 'sessions.userId')
  .select(['users.id', 'users.username', 'users.role', 'users.merchantId', 'users.warehouseId', 'sessions.expiresAt'])
  .where('sessions.tokenHash', '=', tokenHash));

export async function authenticate(db: Db, clock: Clock, token: string): Promise<Actor | undefined> {
  const row = await sessionUser.first(db, sha256(token));
  if (!row || row.expiresAt <= clock.now().toISOString()) return undefined;
  return { id: row.id, username: row.username, role: row.role as Role, merchantId: row.merchantId, warehouseId: row.warehouseId };
}
