/**
 * The baselines, served the way Tally is (Fastify 5 + the zod type provider, one process, 127.0.0.1):
 *   GET  /bare        a constant small JSON answer
 *   POST /bare        an 8-field body validated by a zod schema, echoed back
 *   POST /tx/sqlite   the same body, then a raw better-sqlite3 business transaction (WAL):
 *                     1 insert + 2 updates + 3 inserts, the shape of registering an exception
 *   POST /tx/pg       the same transaction on raw `pg` (a pool of 10, plain parameterised queries)
 *   GET  /queue/pg    one page of the ops queue for one filter, hand-written SQL on Tally's schema (bench/queue.ts)
 * Env: BASE_SQLITE_FILE (required), BASE_PG_URL + BASE_PG_SCHEMA (optional). Prints `READY <port>`.
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { QUEUE_FILTER_KINDS, QUEUE_ORDER, QUEUE_SQL } from './queue-sql.js';

const NOTES = 10_000;

const Body = z.strictObject({
  deliveryNoteId: z.string().min(1).max(64),
  merchantId: z.string().min(1).max(64),
  warehouseId: z.string().min(1).max(64),
  subtype: z.enum(['SHORTAGE', 'BARCODE_DAMAGED', 'SURPLUS', 'WRONG_GOODS']),
  skuId: z.string().min(1).max(64),
  qty: z.number().int().min(1).max(1_000_000),
  remark: z.string().trim().max(1000),
  photoCount: z.number().int().min(0).max(20),
});
type Body = z.infer<typeof Body>;

const DDL = [
  `CREATE TABLE IF NOT EXISTS b_notes (id text PRIMARY KEY, version integer NOT NULL, updated_at text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS b_lines (id text PRIMARY KEY, note_id text NOT NULL, short integer NOT NULL, on_hold integer NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS b_exceptions (id text PRIMARY KEY, no text NOT NULL UNIQUE, note_id text NOT NULL, merchant_id text NOT NULL,
     warehouse_id text NOT NULL, subtype text NOT NULL, status text NOT NULL, total_qty integer NOT NULL, remark text,
     version integer NOT NULL, created_at text NOT NULL, updated_at text NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS b_exceptions_merchant ON b_exceptions (merchant_id, id)`,
  `CREATE INDEX IF NOT EXISTS b_exceptions_note ON b_exceptions (note_id)`,
  `CREATE TABLE IF NOT EXISTS b_exception_lines (id text PRIMARY KEY, exception_id text NOT NULL, sku_id text NOT NULL, qty integer NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS b_exception_lines_exc ON b_exception_lines (exception_id)`,
  `CREATE TABLE IF NOT EXISTS b_events (id text PRIMARY KEY, document_id text NOT NULL, action text NOT NULL, data text NOT NULL, created_at text NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS b_events_doc ON b_events (document_id, id)`,
  `CREATE TABLE IF NOT EXISTS b_outbox (id text PRIMARY KEY, merchant_id text NOT NULL, payload text NOT NULL, created_at text NOT NULL)`,
];

let seq = 0;
const id = (p: string) => `${p}_${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(4).toString('hex')}`;
const noteOf = () => `n${Math.floor(Math.random() * NOTES)}`;

function values(b: Body) {
  const now = new Date().toISOString();
  const exc = id('exc');
  const note = noteOf();
  return {
    now, note,
    insertException: [exc, `EX${seq}${randomBytes(3).toString('hex')}`, note, b.merchantId, b.warehouseId, b.subtype, 'PENDING', b.qty, b.remark, 1, now, now],
    updateNote: [now, note],
    updateLine: [b.qty, `${note}-1`],
    insertLine: [id('exl'), exc, b.skuId, b.qty],
    insertEvent: [id('evt'), exc, 'REGISTERED', JSON.stringify({ stage: 'RECEIVING', deliveryNoteId: b.deliveryNoteId }), now],
    insertOutbox: [id('obx'), b.merchantId, JSON.stringify({ type: 'exception.registered', id: exc, subtype: b.subtype }), now],
    exc,
  };
}

const SQL = {
  insertException: `INSERT INTO b_exceptions (id, no, note_id, merchant_id, warehouse_id, subtype, status, total_qty, remark, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  updateNote: `UPDATE b_notes SET version = version + 1, updated_at = ? WHERE id = ?`,
  updateLine: `UPDATE b_lines SET short = short + ? WHERE id = ?`,
  insertLine: `INSERT INTO b_exception_lines (id, exception_id, sku_id, qty) VALUES (?,?,?,?)`,
  insertEvent: `INSERT INTO b_events (id, document_id, action, data, created_at) VALUES (?,?,?,?,?)`,
  insertOutbox: `INSERT INTO b_outbox (id, merchant_id, payload, created_at) VALUES (?,?,?,?)`,
} as const;
type Stmt = keyof typeof SQL;
const ORDER: Stmt[] = ['insertException', 'updateNote', 'updateLine', 'insertLine', 'insertEvent', 'insertOutbox'];

const toPg = (s: string) => { let n = 0; return s.replace(/\?/g, () => `$${++n}`); };

function openSqlite(file: string) {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  for (const d of DDL) db.exec(d);
  const n = db.prepare('SELECT count(*) AS n FROM b_notes').get() as { n: number };
  if (n.n === 0) {
    const insNote = db.prepare('INSERT INTO b_notes VALUES (?, 1, ?)');
    const insLine = db.prepare('INSERT INTO b_lines VALUES (?, ?, 0, 0)');
    db.transaction(() => {
      for (let i = 0; i < NOTES; i++) { insNote.run(`n${i}`, new Date().toISOString()); insLine.run(`n${i}-1`, `n${i}`); }
    })();
  }
  const stmts = Object.fromEntries(ORDER.map((k) => [k, db.prepare(SQL[k])])) as Record<Stmt, SQLite.Statement>;
  const tx = db.transaction((v: ReturnType<typeof values>) => { for (const k of ORDER) stmts[k].run(v[k]); });
  return (b: Body) => { const v = values(b); tx(v); return v.exc; };
}

async function openPg(url: string, schema: string) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await setup.query(`SET search_path = ${schema}`);
  for (const d of DDL) await setup.query(d);
  const { rows } = await setup.query('SELECT count(*)::int AS n FROM b_notes');
  if (rows[0].n === 0) {
    const now = new Date().toISOString();
    await setup.query(`INSERT INTO b_notes SELECT 'n' || i, 1, $1 FROM generate_series(0, ${NOTES - 1}) i`, [now]);
    await setup.query(`INSERT INTO b_lines SELECT 'n' || i || '-1', 'n' || i, 0, 0 FROM generate_series(0, ${NOTES - 1}) i`);
  }
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const sql = Object.fromEntries(ORDER.map((k) => [k, toPg(SQL[k])])) as Record<Stmt, string>;
  return async (b: Body) => {
    const v = values(b);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      for (const k of ORDER) await c.query(sql[k], v[k]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
    return v.exc;
  };
}

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
const r = app.withTypeProvider<ZodTypeProvider>();

r.get('/bare', async () => ({ ok: true }));
r.post('/bare', { schema: { body: Body } }, async (req, reply) => reply.code(201).send({ id: id('exc'), ...req.body }));

const sqliteTx = openSqlite(process.env.BASE_SQLITE_FILE ?? ':memory:');
r.post('/tx/sqlite', { schema: { body: Body } }, async (req, reply) => reply.code(201).send({ id: sqliteTx(req.body), status: 'PENDING' }));

if (process.env.BASE_PG_URL) {
  const pgTx = await openPg(process.env.BASE_PG_URL, process.env.BASE_PG_SCHEMA ?? 'bench_baseline');
  r.post('/tx/pg', { schema: { body: Body } }, async (req, reply) => reply.code(201).send({ id: await pgTx(req.body), status: 'PENDING' }));
}

if (process.env.BASE_PG_URL) {
  // the ops queue's page for one filter, as a hand-written indexed query on Tally's own tables (bench/queue.ts)
  const pools = new Map<string, pg.Pool>();
  const poolOf = (schema: string) => {
    let p = pools.get(schema);
    if (!p) pools.set(schema, (p = new pg.Pool({ connectionString: process.env.BASE_PG_URL, max: 10, options: `-c search_path=${schema}` })));
    return p;
  };
  const Q = z.strictObject({ schema: z.string().regex(/^\w+$/), filter: z.enum(QUEUE_FILTER_KINDS), a: z.string().optional(), b: z.string().optional() });
  r.get('/queue/pg', { schema: { querystring: Q } }, async (req) => {
    const { schema, filter, a, b } = req.query;
    const pool = poolOf(schema);
    const page = await pool.query(`SELECT * FROM exceptions WHERE ${QUEUE_SQL[filter]} ORDER BY ${QUEUE_ORDER(filter)} LIMIT 21`, filter === 'dateRange' ? [a, b] : [a]);
    const ids = page.rows.slice(0, 20).map((e: { id: string }) => e.id);
    const lines = await pool.query('SELECT l.exception_id, l.sku_id, l.qty, s.code, s.name FROM exception_lines l LEFT JOIN skus s ON s.id = l.sku_id WHERE l.exception_id = ANY($1)', [ids]);
    return { items: page.rows.slice(0, 20).map((e: Record<string, unknown>) => ({ ...e, lines: lines.rows.filter((l: { exception_id: string }) => l.exception_id === e.id) })), more: page.rows.length > 20 };
  });
}

await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
