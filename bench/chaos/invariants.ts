/**
 * What must hold in the database whatever happened to the requests (crash, fuzz, storm):
 *  - the ledger invariant of SPEC §5 on every delivery-note line (the domain's ledgerViolations);
 *  - no exception half-executed: a decided exception has exactly the documents its plan creates
 *    (catalog effects), a pending or cancelled one has none — so none is duplicated either;
 *  - the per-status counters (exception_counts) equal a GROUP BY over the exceptions themselves;
 *  - a digest (row counts of every table + a hash of the documents and ledger) to prove a batch of
 *    rejected requests changed nothing.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { effectsOf, type Plan, type Subtype } from '../../src/domain/catalog.js';
import { LEDGER_FIELDS, ledgerViolations, type Ledger } from '../../src/domain/ledger.js';
import { ownTables } from '../../src/db/own-tables.js';

type Db = Kysely<any>;

export async function ledgerFindings(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('deliveryNoteLines').selectAll().execute();
  const out: string[] = [];
  for (const r of rows) {
    const l = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, Number(r[f])])) as unknown as Ledger;
    const v = ledgerViolations(l);
    if (v.length) out.push(`ledger of line ${r.id} (note ${r.deliveryNoteId}, sku ${r.skuId}): ${v.join('; ')} — ${JSON.stringify(l)}`);
  }
  return out;
}

/** Documents a plan creates, by table, from the catalog's effects. */
export function expectedDocuments(subtype: string, plan: string) {
  const effects = effectsOf(subtype as Subtype, plan as Plan) ?? [];
  const has = (k: string) => (effects.some((e) => e.kind === k) ? 1 : 0);
  return {
    stockingOrders: has('REPLENISH') + has('NEW_ORDER_AND_NOTE'),
    deliveryNotes: has('NEW_NOTE') + has('NEW_ORDER_AND_NOTE'),
    returnOrders: has('RETURN'),
    compensations: has('COMPENSATE'),
  };
}

const DOC_TABLES = ['stockingOrders', 'deliveryNotes', 'returnOrders', 'compensations'] as const;

export async function planFindings(db: Db): Promise<string[]> {
  const exceptions = await db.selectFrom('exceptions').select(['id', 'no', 'subtype', 'status', 'plan']).execute();
  const counts = new Map<string, Record<string, number>>();
  for (const t of DOC_TABLES) {
    const rows = await db.selectFrom(t).select(['sourceExceptionId', (eb) => eb.fn.countAll().as('n')])
      .where('sourceExceptionId', 'is not', null).groupBy('sourceExceptionId').execute();
    for (const r of rows) {
      const c = counts.get(r.sourceExceptionId as string) ?? {};
      c[t] = Number(r.n);
      counts.set(r.sourceExceptionId as string, c);
    }
  }
  const out: string[] = [];
  for (const e of exceptions) {
    const have = counts.get(e.id) ?? {};
    const decided = e.status === 'PROCESSING' || e.status === 'COMPLETED';
    if (decided && !e.plan) { out.push(`exception ${e.no} is ${e.status} without a plan`); continue; }
    const want = decided ? expectedDocuments(e.subtype, e.plan) : { stockingOrders: 0, deliveryNotes: 0, returnOrders: 0, compensations: 0 };
    for (const t of DOC_TABLES) {
      if ((have[t] ?? 0) !== want[t]) out.push(`exception ${e.no} (${e.subtype}, ${e.status}, plan ${e.plan ?? '-'}): ${have[t] ?? 0} ${t}, expected ${want[t]}`);
    }
    counts.delete(e.id);
  }
  for (const [id] of counts) out.push(`documents point at exception ${id}, which does not exist`);
  return out;
}

/** The counters the queue header and dashboard read must equal the exceptions they count. */
export async function counterFindings(db: Db): Promise<string[]> {
  const key = (r: { merchantId: string; warehouseId: string; status: string }) => `${r.merchantId}/${r.warehouseId}/${r.status}`;
  const actual = await db.selectFrom('exceptions').select(['merchantId', 'warehouseId', 'status', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['merchantId', 'warehouseId', 'status']).execute();
  const counted = await db.selectFrom('exceptionCounts').select(['merchantId', 'warehouseId', 'status', (eb) => eb.fn.sum('n').as('n')])
    .groupBy(['merchantId', 'warehouseId', 'status']).execute();
  const want = new Map(actual.map((r) => [key(r), Number(r.n)]));
  const have = new Map(counted.map((r) => [key(r), Number(r.n)]));
  const out: string[] = [];
  for (const k of new Set([...want.keys(), ...have.keys()])) {
    if ((want.get(k) ?? 0) !== (have.get(k) ?? 0)) out.push(`exception_counts ${k}: ${have.get(k) ?? 0}, but ${want.get(k) ?? 0} exceptions`);
  }
  return out;
}

export async function allFindings(db: Db): Promise<string[]> {
  return [...(await ledgerFindings(db)), ...(await planFindings(db)), ...(await counterFindings(db))];
}


/** Row counts of every table and a hash of every document's state and every ledger line. */
export async function digest(db: Db): Promise<{ counts: Record<string, number>; hash: string }> {
  const raw = db.withoutPlugins();
  // only this schema's tables: other suites may share the database (../../src/db/own-tables.ts)
  const tables = (await ownTables(raw)).filter((t) => !t.isView).map((t) => t.name).filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_')).sort();
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(raw);
    counts[t] = Number(r.rows[0].n);
  }
  const h = createHash('sha256');
  const hashed: [string, string[]][] = [
    ['delivery_note_lines', ['id', ...LEDGER_FIELDS.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))]],
    ['delivery_notes', ['id', 'status', 'version']],
    ['delivery_note_boxes', ['id', 'status']],
    ['exceptions', ['id', 'status', 'version', 'plan']],
    ['stocking_orders', ['id', 'status', 'version']],
    ['return_orders', ['id', 'status', 'version', 'method']],
    ['compensations', ['id', 'status', 'version']],
    ['penalties', ['id', 'status', 'version']],
    ['tickets', ['id', 'status', 'version']],
    ['addresses', ['id', 'version', 'deleted_at']],
    ['users', ['id', 'username', 'role']],
  ];
  for (const [t, cols] of hashed) {
    if (!tables.includes(t)) continue;
    const r = await sql<Record<string, unknown>>`select ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(t)} order by id`.execute(raw);
    h.update(`${t}\n`);
    for (const row of r.rows) h.update(cols.map((c) => String(row[c])).join('|') + '\n');
  }
  return { counts, hash: h.digest('hex') };
}

export function digestDiff(a: Awaited<ReturnType<typeof digest>>, b: Awaited<ReturnType<typeof digest>>): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(a.counts), ...Object.keys(b.counts)])) {
    if (a.counts[t] !== b.counts[t]) out.push(`${t}: ${a.counts[t]} rows → ${b.counts[t]}`);
  }
  if (a.hash !== b.hash) out.push(`documents/ledger hash changed`);
  return out;
}
