/** Raw access to the benchmark's Tally database, for bulk loading and checks (server stopped). */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { LEDGER_FIELDS, ledgerViolations, type Ledger } from '../src/domain/ledger.js';
import { PgSink, SqliteSink, type Sink } from './sink.js';

export type Target = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema: string };

export interface RawDb {
  sink: Sink;
  all<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openRaw(t: Target): Promise<RawDb> {
  if (t.dialect === 'sqlite') {
    const db = new SQLite(t.file);
    // a loader, not the product (the server is stopped): no journal, no fsync; WAL again on close
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -262144');
    return {
      sink: new SqliteSink(db),
      all: async (sql, params = []) => db.prepare(sql).all(...params) as any[],
      run: async (sql, params = []) => { db.prepare(sql).run(...params); },
      close: async () => { db.pragma('journal_mode = WAL'); db.close(); },
    };
  }
  const client = new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema}` });
  await client.connect();
  await client.query('SET session_replication_role = replica');
  const toPg = (s: string) => { let n = 0; return s.replace(/\?/g, () => `$${++n}`); };
  return {
    sink: new PgSink(client),
    all: async (sql, params = []) => (await client.query(toPg(sql), params)).rows,
    run: async (sql, params = []) => { await client.query(toPg(sql), params); },
    close: () => client.end(),
  };
}

/** nextNo() must continue above every bulk-loaded document number. */
export async function bumpSequences(db: RawDb, dialect: Target['dialect'], value: number, prefixes: string[]): Promise<void> {
  const max = dialect === 'sqlite' ? 'max' : 'greatest';
  for (const p of prefixes) {
    await db.run(`INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = ${max}(sequences.value, excluded.value)`, [p, value]);
    // PostgreSQL numbers come from one sequence per kind (src/db/migrations/2026_12_02_0006_document_numbers.ts), when it exists
    if (dialect === 'postgres') {
      const seq = `document_no_${p.toLowerCase()}`;
      const exists = await db.all(`SELECT to_regclass(?) AS r`, [seq]);
      if (exists[0]?.r) await db.run(`SELECT setval(?, greatest(?, (SELECT last_value FROM ${seq})))`, [seq, value]);
    }
  }
}

export async function countOf(db: RawDb, table: string): Promise<number> {
  return Number((await db.all(`SELECT count(*) AS n FROM ${table}`))[0].n);
}

/** Every ledger line checked with the domain's own ledgerViolations, streamed by id in pages. */
export async function checkLedgers(db: RawDb): Promise<{ lines: number; violations: string[] }> {
  const cols = ['id', 'delivery_note_id', 'declared', 'arrived', 'received', 'passed', 'failed', 'in_process', 'on_hold', 'stocked', 'returned', 'transferred', 'short'];
  let after = '';
  let lines = 0;
  const violations: string[] = [];
  for (;;) {
    const rows = await db.all(`SELECT ${cols.join(', ')} FROM delivery_note_lines WHERE id > ? ORDER BY id LIMIT 50000`, [after]);
    if (!rows.length) break;
    for (const r of rows) {
      const l = Object.fromEntries(LEDGER_FIELDS.map((f) => [f, Number(r[f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)])])) as unknown as Ledger;
      const v = ledgerViolations(l);
      if (v.length && violations.length < 20) violations.push(`${r.id}: ${v.join('; ')}`);
    }
    lines += rows.length;
    after = rows[rows.length - 1].id;
  }
  return { lines, violations };
}

/** Foreign keys, checked after a load that ran without them (SQLite: all; PostgreSQL: the exceptions' parents). */
export async function checkForeignKeys(db: RawDb, dialect: Target['dialect']): Promise<string[]> {
  if (dialect === 'sqlite') {
    return (await db.all('PRAGMA foreign_key_check')).slice(0, 20).map((r: any) => `${r.table} rowid ${r.rowid} → ${r.parent}`);
  }
  const orphans = await db.all(`SELECT 'exceptions' AS t, count(*) AS n FROM exceptions e LEFT JOIN delivery_notes d ON d.id = e.delivery_note_id WHERE d.id IS NULL
    UNION ALL SELECT 'exception_lines', count(*) FROM exception_lines l LEFT JOIN exceptions e ON e.id = l.exception_id WHERE e.id IS NULL
    UNION ALL SELECT 'delivery_note_lines', count(*) FROM delivery_note_lines l LEFT JOIN delivery_notes d ON d.id = l.delivery_note_id WHERE d.id IS NULL
    UNION ALL SELECT 'delivery_notes', count(*) FROM delivery_notes d LEFT JOIN stocking_orders o ON o.id = d.stocking_order_id WHERE o.id IS NULL`);
  return orphans.filter((r: any) => Number(r.n) > 0).map((r: any) => `${r.t}: ${r.n} orphan rows`);
}
