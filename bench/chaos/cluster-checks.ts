/**
 * What the cluster part (./cluster.ts) checks besides the write load's own verification
 * (./write-load.ts verifyAcks): deadlines fired exactly once whichever instance fired them, nothing
 * left due, no duplicate document, and photos uploaded through one instance served by the others.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import sharp from 'sharp';
import { jobBacklog } from '../../src/jobs/backlog.js';
import type { Ack } from './write-load.js';

type Db = Kysely<any>;

export interface DeadlineCounts {
  /** Deadlines fired, by kind: JIT_ACCEPT_LATE / JIT_SHIP_LATE penalties, DECISION_OVERDUE flags, METHOD_DEFAULTED. */
  jitAccept: number;
  jitShip: number;
  decisionSla: number;
  returnMethod: number;
  total: number;
  /** Of the harness's own JIT orders (half accepted at once, none shipped): how many got their one penalty (acceptance or shipment). */
  harnessJitOrders: number;
  harnessJitPenalised: number;
}

const countBy = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

const JOB_OF: Record<string, string> = {
  'PENALTY_ISSUED/JIT_ACCEPT_LATE': 'jitAccept', 'PENALTY_ISSUED/JIT_SHIP_LATE': 'jitShip', DECISION_OVERDUE: 'decisionSla', METHOD_DEFAULTED: 'returnMethod',
};

/**
 * Harness-only instrumentation of its own database: a trigger writes, beside every deadline event
 * committed, the application_name of the connection that wrote it (each instance has its own
 * PGAPPNAME), so the harness knows which instance fired each deadline.
 */
export async function recordFiring(db: Db): Promise<void> {
  await sql`create table harness_fired (kind text not null, document_id text not null, app text not null)`.execute(db);
  await sql.raw(`create function harness_fired() returns trigger language plpgsql as $$ begin
    if new.action in ('PENALTY_ISSUED', 'DECISION_OVERDUE', 'METHOD_DEFAULTED') then
      insert into harness_fired values (new.action || case when new.action = 'PENALTY_ISSUED' then '/' || (new.data::json->>'reason') else '' end,
        new.document_id, current_setting('application_name'));
    end if;
    return null;
  end $$`).execute(db);
  await sql`create trigger harness_fired after insert on events for each row execute function harness_fired()`.execute(db);
}

/** Deadlines fired per instance and job; and any deadline two transactions fired (by their apps). */
export async function firedBy(db: Db): Promise<{ byApp: Record<string, Record<string, number>>; twice: string[] }> {
  const rows = await sql<{ kind: string; app: string; n: string }>`select kind, app, count(*) as n from harness_fired group by kind, app order by app`.execute(db);
  const byApp: Record<string, Record<string, number>> = {};
  for (const r of rows.rows) (byApp[r.app] ??= {})[JOB_OF[r.kind] ?? r.kind] = Number(r.n);
  const dup = await sql<{ kind: string; document_id: string; apps: string }>`select kind, document_id, string_agg(app, ', ') as apps from harness_fired
    group by kind, document_id having count(*) > 1`.execute(db);
  return { byApp, twice: dup.rows.map((d) => `${d.kind} of ${d.document_id} fired by ${d.apps}`) };
}

/** Deadline rows due before `staleBefore` that no instance has fired yet (0 once the jobs caught up). */
export async function staleDue(db: Db, staleBefore: string): Promise<Record<string, number>> {
  const { due } = await jobBacklog(db, staleBefore);
  const jit = async (dueCol: string, met: string, reason: string) => Number((await db.selectFrom('stockingOrders as o')
    .where('o.type', '=', 'JIT_REPEAT').where(`o.${dueCol}`, '<=', staleBefore)
    .where((eb) => eb.or([eb(`o.${met}`, 'is', null), eb(`o.${met}`, '>', eb.ref(`o.${dueCol}`))]))
    .where((eb) => eb.or([eb('o.cancelledAt', 'is', null), eb('o.cancelledAt', '>', eb.ref(`o.${dueCol}`))]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('penalties as p').select('p.id').whereRef('p.stockingOrderId', '=', 'o.id').where('p.reason', '=', reason))))
    .select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    transportTimeout: due.transportTimeout, decisionSla: due.decisionSla, returnMethod: due.returnMethod,
    jitAccept: await jit('acceptBy', 'acceptedAt', 'JIT_ACCEPT_LATE'), jitShip: await jit('shipBy', 'shippedAt', 'JIT_SHIP_LATE'),
  };
}

/** Every deadline fired at most once (events, penalties, inbox), and each harness JIT order's one deadline exactly once. */
export async function deadlineFindings(db: Db, jitOrders: { all: string[]; accepted: string[]; unaccepted: string[] }): Promise<{ counts: DeadlineCounts; findings: string[] }> {
  const out: string[] = [];
  const events = await db.selectFrom('events').select(['documentId', 'action', 'data'])
    .where('action', 'in', ['PENALTY_ISSUED', 'DECISION_OVERDUE', 'METHOD_DEFAULTED']).execute();
  const reasonOf = (e: { data: unknown }) => {
    const d = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
    return (d as { reason?: string } | null)?.reason ?? '';
  };
  const fired = countBy(events, (e) => `${e.action}/${e.action === 'PENALTY_ISSUED' ? reasonOf(e) : ''}/${e.documentId}`);
  for (const [k, n] of fired) if (n > 1) out.push(`deadline ${k} fired ${n} times`);
  const penalties = await db.selectFrom('penalties').select(['stockingOrderId', 'reason']).execute();
  for (const [k, n] of countBy(penalties, (p) => `${p.reason}/${p.stockingOrderId}`)) if (n > 1) out.push(`penalty ${k} issued ${n} times`);
  for (const p of penalties) if (!fired.has(`PENALTY_ISSUED/${p.reason}/${p.stockingOrderId}`)) out.push(`penalty ${p.reason} on ${p.stockingOrderId} has no PENALTY_ISSUED event`);
  const overdueOutbox = await db.selectFrom('outbox').select('documentId').where('type', '=', 'exception.overdue').execute();
  for (const [k, n] of countBy(overdueOutbox, (o) => o.documentId)) if (n > 1) out.push(`exception.overdue of ${k} emitted ${n} times`);
  const flagged = await db.selectFrom('exceptions').select('id').where('overdueFlaggedAt', 'is not', null).execute();
  for (const f of flagged) if (fired.get(`DECISION_OVERDUE//${f.id}`) !== 1) out.push(`exception ${f.id} is flagged overdue with ${fired.get(`DECISION_OVERDUE//${f.id}`) ?? 0} DECISION_OVERDUE events`);
  const kinds = [...fired.keys()].map((k) => k.split('/'));
  const counts: DeadlineCounts = {
    jitAccept: kinds.filter(([a, r]) => a === 'PENALTY_ISSUED' && r === 'JIT_ACCEPT_LATE').length,
    jitShip: kinds.filter(([a, r]) => a === 'PENALTY_ISSUED' && r === 'JIT_SHIP_LATE').length,
    decisionSla: kinds.filter(([a]) => a === 'DECISION_OVERDUE').length,
    returnMethod: kinds.filter(([a]) => a === 'METHOD_DEFAULTED').length,
    total: fired.size,
    harnessJitOrders: jitOrders.all.length,
    harnessJitPenalised: 0,
  };
  for (const [ids, late, never] of [[jitOrders.unaccepted, 'JIT_ACCEPT_LATE', 'JIT_SHIP_LATE'], [jitOrders.accepted, 'JIT_SHIP_LATE', 'JIT_ACCEPT_LATE']] as const) {
    for (const id of ids) {
      const n = fired.get(`PENALTY_ISSUED/${late}/${id}`) ?? 0;
      const m = fired.get(`PENALTY_ISSUED/${never}/${id}`) ?? 0;
      if (n === 1 && m === 0) counts.harnessJitPenalised++;
      else out.push(`JIT order ${id}: ${n} ${late} penalties (expected 1), ${m} ${never} (expected 0)`);
    }
  }
  return { counts, findings: out };
}

const NUMBERED = ['stockingOrders', 'deliveryNotes', 'exceptions', 'returnOrders', 'compensations', 'penalties', 'tickets'];
/** The kinds of write in the load that create a document, and the table it lands in. */
const CREATES: Record<string, string> = { order: 'stockingOrders', jit: 'stockingOrders', note: 'deliveryNotes', register: 'exceptions' };

/**
 * No duplicate document: document numbers are unique, every creating request's Idempotency-Key
 * names exactly its one document (its stored answer), no two keys name one document, and the
 * documents users created in `windows` are exactly those the acknowledged requests name (one
 * more would be a request that ran twice).
 */
export async function duplicateFindings(db: Db, acks: Ack[], windows: { from: string; to?: string }[]): Promise<{ checkedKeys: number; findings: string[] }> {
  const out: string[] = [];
  for (const t of NUMBERED) {
    const dup = await db.selectFrom(t).select(['no', (eb) => eb.fn.countAll().as('n')]).groupBy('no').having((eb) => eb.fn.countAll(), '>', 1).execute();
    for (const d of dup) out.push(`${t} number ${d.no} is used ${d.n} times`);
  }
  const creating = acks.filter((a) => CREATES[a.kind]);
  const byId = countBy(creating, (a) => a.body.id);
  for (const [id, n] of byId) if (n > 1) out.push(`${n} creating requests were answered with the same document ${id}`);
  for (let i = 0; i < creating.length; i += 500) {
    const some = creating.slice(i, i + 500);
    const rows = await db.selectFrom('idempotencyKeys').select(['key', 'response']).where('key', 'in', some.map((a) => a.key)).execute();
    const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.response)?.id]));
    for (const a of some) if (stored.get(a.key) !== a.body.id) out.push(`${a.kind} key ${a.key}: answered ${a.body.id}, its stored answer names ${stored.get(a.key)}`);
  }
  for (const table of new Set(Object.values(CREATES))) {
    let q = db.selectFrom(table).select('id')
      .where((eb) => eb.or(windows.map((w) => eb.and([eb('createdAt', '>=', w.from), ...(w.to ? [eb('createdAt', '<', w.to)] : [])]))));
    q = table === 'exceptions' ? q.where('remark', 'like', 'chaos:%') : q.where('sourceExceptionId', 'is', null);
    const made = await q.execute();
    const named = new Set(creating.filter((a) => CREATES[a.kind] === table).map((a) => a.body.id as string));
    for (const r of made) if (!named.has(r.id)) out.push(`${table} ${r.id} was created by no acknowledged request (a request run twice?)`);
    if (made.length !== named.size) out.push(`${table}: ${made.length} created while the harness wrote with keys, ${named.size} acknowledged`);
  }
  return { checkedKeys: creating.length, findings: out };
}

/** A small JPEG of its own colour, so every upload has different bytes. */
export const photoBytes = (n: number) => sharp({ create: { width: 120, height: 90, channels: 3, background: { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 53) % 256 } } }).jpeg().toBuffer();

export function multipart(bytes: Buffer) {
  const boundary = '----tally-cluster-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** GET a photo (or its thumbnail) from one instance: its status and the SHA-256 of its bytes, checked to be an image. */
export async function fetchPhoto(base: string, token: string, id: string, thumb = false): Promise<{ status: number; sha?: string; width?: number }> {
  const res = await fetch(`${base}/api/photos/${id}${thumb ? '/thumb' : ''}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status };
  const meta = await sharp(bytes).metadata();
  return { status: 200, sha: createHash('sha256').update(bytes).digest('hex'), width: meta.width };
}
