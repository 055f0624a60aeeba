/** The benchmark's tenants and users, created through the public API of a running server. */
import type { Tenants } from './world.js';

export const ADMIN_PASSWORD = 'bench-admin-password';
const PASSWORD = 'bench-password-1234';
export const MERCHANTS = 20;

export async function api<T = any>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: any = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: parsed };
}

async function must<T = any>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface Logins {
  ops: string;
  merchant: string;
  warehouse: string;
}

export async function login(base: string, username: string, password = PASSWORD): Promise<string> {
  return (await must(api(base, 'POST', '/api/auth/login', { username, password }), `login ${username}`)).token;
}

/** Merchants (each with two SKUs), one warehouse, and an OPS, a merchant and a warehouse user. */
export async function createTenants(base: string, tag: string): Promise<{ tenants: Tenants; users: { ops: string; merchant: string; warehouse: string } }> {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const post = (path: string, body: unknown) => must(api(base, 'POST', path, body, admin), `POST ${path}`);
  const warehouse = await post('/api/admin/warehouses', { name: `基准仓 ${tag}`, code: `BW-${tag}` });
  const merchants: Tenants['merchants'] = [];
  for (let m = 0; m < MERCHANTS; m++) {
    const mer = await post('/api/admin/merchants', { name: `基准商家 ${m} ${tag}` });
    const skus: string[] = [];
    for (let s = 1; s <= 2; s++) {
      skus.push((await post('/api/admin/skus', { merchantId: mer.id, code: `B${m}-${s}-${tag}`, name: `商品 ${m}-${s}`, barcode: `69${m}${s}${tag}` })).id);
    }
    merchants.push({ id: mer.id, skus: skus as [string, string] });
  }
  const users = { ops: `bench-ops-${tag}`, merchant: `bench-merchant-${tag}`, warehouse: `bench-wh-${tag}` };
  const ops = await post('/api/admin/users', { username: users.ops, password: PASSWORD, role: 'OPS' });
  await post('/api/admin/users', { username: users.merchant, password: PASSWORD, role: 'MERCHANT', merchantId: merchants[0].id });
  await post('/api/admin/users', { username: users.warehouse, password: PASSWORD, role: 'WAREHOUSE', warehouseId: warehouse.id });
  return {
    tenants: { merchants, warehouseId: warehouse.id, ops: { id: ops.id, username: users.ops }, warehouseUser: users.warehouse },
    users,
  };
}

export async function loginAll(base: string, users: { ops: string; merchant: string; warehouse: string }): Promise<Logins> {
  return { ops: await login(base, users.ops), merchant: await login(base, users.merchant), warehouse: await login(base, users.warehouse) };
}
