/**
 * Reads at scale on PostgreSQL (issue 12): every documented list filter is answered through an index,
 * never a sequential scan of `exceptions` or `delivery_notes`, at 100k rows of each. The lists are
 * asked through HTTP as OPS, a merchant and a warehouse user; every statement they send to those tables
 * is captured and `EXPLAIN`ed with its own values. The rows are generated in SQL (generate_series) with
 * the shape of a real history: 200 merchants (one with 30 % of the rows), 5 warehouses, every subtype,
 * statuses 5 % pending (a third of those overdue) / 25 % processing / 65 % completed / 5 % cancelled,
 * 400 days of dates; then ANALYZE, as autovacuum would.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANS, SUBTYPES } from '../../src/domain/catalog.js';
import { startTestApp, type Client, type TestEnv } from '../helpers/app.js';
import { DIALECTS, PG_URL } from '../helpers/db.js';
import { ok, seedWorld, type World } from '../helpers/world.js';

const ROWS = 100_000;
const pgSuite = DIALECTS.find((d) => d.name === 'postgres')!.enabled ? describe : describe.skip;

interface Captured { text: string; values: unknown[] }
interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

const seqScans = (n: PlanNode): string[] => [
  ...(n['Node Type'] === 'Seq Scan' && ['exceptions', 'delivery_notes'].includes(n['Relation Name'] ?? '') ? [n['Relation Name']!] : []),
  ...(n.Plans ?? []).flatMap(seqScans),
];

pgSuite('list filters at 100k rows use indexes [postgres]', () => {
  let env: TestEnv;
  let w: World;
  let raw: pg.Client;
  let schema: string;
  const captured: Captured[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;

  beforeAll(async () => {
    env = await startTestApp('postgres');
    w = await seedWorld(env);
    schema = (await env.db.handle.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s;
    raw = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await raw.connect();
    const subtypes = SUBTYPES.map((s) => `('${s.code}','${s.type}','${s.plans[0]}')`).join(',');
    const { merchantA, warehouseA, warehouseB } = w.ids;
    await raw.query('set session_replication_role = replica'); // the generated rows point at generated notes and orders
    await raw.query(`
      create temporary table gen as
      select i,
        case when i % 10 < 3 then '${merchantA}' else 'mer_gen_' || lpad((i % 200)::text, 3, '0') end as merchant_id,
        case i % 5 when 0 then '${warehouseA}' when 1 then '${warehouseB}' else 'wh_gen_' || (i % 5) end as warehouse_id,
        case when i % 20 = 0 then 'PENDING' when i % 20 < 6 then 'PROCESSING' when i % 20 < 19 then 'COMPLETED' else 'CANCELLED' end as status,
        now() - make_interval(secs => (${ROWS} - i) * (400 * 86400.0 / ${ROWS})) as at
      from generate_series(1, ${ROWS}) i`);
    await raw.query(`
      insert into delivery_notes (id, no, stocking_order_id, merchant_id, warehouse_id, logistics, expected_arrival_at, status, source_exception_id, version, created_at, updated_at)
      select 'dn_00' || lpad(i::text, 20, '0'), 'DNG' || lpad(i::text, 10, '0'), 'so_gen_' || i, merchant_id, warehouse_id, 'PLATFORM',
        to_char(at + interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        case status when 'PENDING' then 'RECEIVING' when 'PROCESSING' then 'RECEIVING' when 'COMPLETED' then 'COMPLETED' else 'CANCELLED' end,
        case when i % 50 = 0 then 'exc_00' || lpad((i - 1)::text, 20, '0') end, 1,
        to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      from gen`);
    await raw.query(`
      insert into exceptions (id, no, delivery_note_id, delivery_note_no, stocking_order_id, merchant_id, warehouse_id, order_type, type, subtype, stage,
        status, plan, task_category, total_qty, registered_by, decided_at, decision_due_at, version, created_at, updated_at)
      select 'exc_00' || lpad(i::text, 20, '0'), 'EXG' || lpad(i::text, 10, '0'), 'dn_00' || lpad(i::text, 20, '0'), 'DNG' || lpad(i::text, 10, '0'),
        'so_gen_' || i, merchant_id, warehouse_id, case when i % 4 = 0 then 'JIT_REPEAT' else 'REPEAT' end, st.type, st.code, 'RECEIVING',
        status, case when status in ('PROCESSING', 'COMPLETED') then st.plan end,
        case when status in ('PROCESSING', 'COMPLETED') then 'NONE' end, 1 + i % 9, 'usr_gen',
        case when status in ('PROCESSING', 'COMPLETED') then to_char(at + interval '3 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
        to_char(case when status = 'PENDING' and i % 3 = 0 then now() - interval '1 day' else at + interval '1 day' end, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        1, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      from gen join (select row_number() over () - 1 as k, * from (values ${subtypes}) v(code, type, plan)) st on st.k = gen.i % ${SUBTYPES.length}`);
    await raw.query('set session_replication_role = origin');
    await raw.query('analyze exceptions; analyze delivery_notes');
    proto.query = function capture(this: unknown, ...args: unknown[]) {
      const [first, values] = args as [unknown, unknown];
      const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
      if (text && /^\s*select/i.test(text) && /from "(exceptions|delivery_notes)"/.test(text)) {
        captured.push({ text, values: Array.isArray(values) ? values : ((first as { values?: unknown[] }).values ?? []) });
      }
      return query.apply(this, args);
    };
  }, 180_000);

  afterAll(async () => {
    proto.query = query;
    await raw?.end();
    await env?.app.close();
    await env?.db.cleanup();
  });

  /** Asks `path` as `who`, then EXPLAINs every statement it sent to the two tables. */
  async function plansOf(who: Client, path: string, params: Record<string, string> = {}) {
    captured.length = 0;
    const page = ok(await who.get(path, params));
    const statements = [...captured];
    expect(statements.length, `${path} ${JSON.stringify(params)} read neither table`).toBeGreaterThan(0);
    const found: string[] = [];
    for (const s of statements) {
      const { rows } = await raw.query(`explain (format json) ${s.text}`, s.values);
      const plan = (rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan;
      const scans = seqScans(plan);
      if (scans.length) found.push(`${scans.join('+')} in: ${s.text.slice(0, 300)} ${JSON.stringify(s.values)}`);
    }
    return { page, found };
  }

  const rareMerchant = 'mer_gen_007';
  const notePart = 'DNG00000' + String(ROWS - 17).slice(-5, -2); // a no. fragment matching ~100 notes
  const noteNo = `DNG${String(ROWS - 17).padStart(10, '0')}`;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400e3).toISOString();

  const opsFilters: Record<string, string>[] = [
    {}, { status: 'PENDING' }, { status: 'COMPLETED' }, { status: 'PENDING,PROCESSING' }, { type: 'QUALITY' }, { subtype: 'NOTE_CANCELLED' },
    { plan: PLANS[PLANS.length - 1] }, { taskCategory: 'NONE' }, { merchantId: rareMerchant }, { merchantId: 'MERCHANT_A' }, { warehouseId: 'WAREHOUSE_A' },
    { overdue: 'true' }, { from: day(200), to: day(190) }, { deliveryNoteNo: noteNo }, { deliveryNoteNo: notePart },
    { status: 'PENDING', merchantId: rareMerchant }, { status: 'PENDING', warehouseId: 'WAREHOUSE_A', type: 'GOODS' },
  ];
  const resolve = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([k, v]) =>
    [k, v === 'MERCHANT_A' ? w.ids.merchantA : v === 'WAREHOUSE_A' ? w.ids.warehouseA : v]));

  it('the ops queue: every documented filter, and the next page', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    for (const f of opsFilters) {
      const { page, found } = await plansOf(w.ops, '/api/exceptions', resolve(f));
      problems.push(...found.map((p) => `${JSON.stringify(f)}: ${p}`));
      if (page.nextCursor) problems.push(...(await plansOf(w.ops, '/api/exceptions', { ...resolve(f), cursor: page.nextCursor })).found.map((p) => `${JSON.stringify(f)} page 2: ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it("a merchant's exceptions and delivery notes; the warehouse's notes; ops' notes by filter", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const ask = async (label: string, who: Client, path: string, f: Record<string, string> = {}) =>
      problems.push(...(await plansOf(who, path, f)).found.map((p) => `${label} ${path} ${JSON.stringify(f)}: ${p}`));
    for (const f of [{}, { status: 'PENDING' }, { type: 'GOODS' }, { deliveryNoteNo: notePart }, { overdue: 'true' }] as Record<string, string>[]) await ask('merchant', w.merchantA, '/api/exceptions', f);
    for (const f of [{}, { status: 'RECEIVING' }, { q: notePart }, { fromPlan: 'true' }] as Record<string, string>[]) await ask('merchant', w.merchantA, '/api/delivery-notes', f);
    for (const f of [{}, { status: 'RECEIVING' }, { q: notePart }] as Record<string, string>[]) await ask('warehouse', w.whA, '/api/delivery-notes', f);
    for (const f of [{}, { status: 'CANCELLED' }, { merchantId: rareMerchant }, { warehouseId: w.ids.warehouseA }, { q: noteNo }, { fromPlan: 'true' }] as Record<string, string>[]) await ask('ops', w.ops, '/api/delivery-notes', f);
    expect(problems).toEqual([]);
  });
});
