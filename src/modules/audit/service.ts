/**
 * The audit trail (ADMIN): accounts, sign-ins, sessions, master data, settings, policies and webhook
 * endpoints — the events of those document types, each with actor, time, client IP and what
 * changed. `events` is append-only (migration 0007's triggers), so this is a record, not a view
 * someone can edit.
 */
import type { Writable } from 'node:stream';
import type { Db } from '../../db/create-db.js';
import type { EventRow } from '../../db/types.js';
import { requireRole } from '../shared/access.js';
import type { Ctx } from '../shared/context.js';
import { CSV_BOM, csvRow } from '../shared/csv.js';
import type { DocumentType } from '../shared/events.js';
import { paginate, type PageQuery } from '../shared/pagination.js';

export const AUDIT_TYPES = [
  'user', 'session', 'merchant', 'warehouse', 'sku', 'settings', 'policy', 'webhookEndpoint',
] as const satisfies readonly DocumentType[];
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditFilter {
  documentType?: AuditType[];
  action?: string;
  actor?: string;
  ip?: string;
  from?: string;
  to?: string;
}

export interface AuditEntry {
  id: string; at: string; documentType: string; documentId: string; action: string;
  actor: { id: string | null; name: string; role: string }; ip: string | null; data: Record<string, unknown>;
}

const toEntry = (r: EventRow): AuditEntry => ({
  id: r.id, at: r.createdAt, documentType: r.documentType, documentId: r.documentId, action: r.action,
  actor: { id: r.actorId, name: r.actorName, role: r.actorRole }, ip: r.ip, data: JSON.parse(r.data),
});

function query(db: Db, f: AuditFilter) {
  let q = db.selectFrom('events').selectAll()
    .where('documentType', 'in', f.documentType?.length ? f.documentType : [...AUDIT_TYPES]);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actor) q = q.where('actorName', '=', f.actor);
  if (f.ip) q = q.where('ip', '=', f.ip);
  if (f.from) q = q.where('createdAt', '>=', f.from);
  if (f.to) q = q.where('createdAt', '<', f.to);
  return q;
}

export async function listAudit(ctx: Ctx, f: AuditFilter & PageQuery) {
  requireRole(ctx.actor, 'ADMIN');
  const page = await paginate(query(ctx.db, f), 'id', f);
  return { ...page, items: page.items.map(toEntry) };
}

const COLUMNS = ['at', 'action', 'documentType', 'documentId', 'actor', 'role', 'ip', 'data'];
export const MAX_EXPORT_ROWS = 100_000;

/** The filtered trail as CSV, newest first, in pages of 1,000 (at most MAX_EXPORT_ROWS rows). */
export async function exportAudit(ctx: Ctx, f: AuditFilter, out: Writable): Promise<void> {
  requireRole(ctx.actor, 'ADMIN');
  out.write(CSV_BOM + csvRow(COLUMNS));
  let before: string | undefined;
  for (let written = 0; written < MAX_EXPORT_ROWS;) {
    let q = query(ctx.db, f).orderBy('id', 'desc').limit(1000);
    if (before) q = q.where('id', '<', before);
    const rows = await q.execute();
    for (const r of rows) out.write(csvRow([r.createdAt, r.action, r.documentType, r.documentId, r.actorName, r.actorRole, r.ip, r.data]));
    written += rows.length;
    if (rows.length < 1000) break;
    before = rows[rows.length - 1].id;
  }
  out.end();
}
