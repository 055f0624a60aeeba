/**
 * Named prepared statements for the write path on PostgreSQL.
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans its full text each time — for a
 * command's fused commit-time statement that is 2–3 KB per call, and on a 2-core machine the parse + the
 * text on the socket were a measurable share of a command (docs/benchmarks.md, fifth round). Inside a
 * transaction (a command) each distinct text gets a name once per process and is parsed once per
 * connection; later calls send only the name and the values.
 *
 * Only statements inside a transaction are named: a list read outside one keeps a custom plan for its
 * values every time (a generic plan for a skewed filter could be slow), and commands are the texts that
 * repeat. Transaction control (BEGIN, COMMIT, SAVEPOINT …) is never named.
 *
 * Bounded: at most `maxNames` distinct texts per process are ever named (each connection keeps at most that
 * many statements); texts beyond the cap are sent unnamed, as before. A name is never reused for another text
 * (pg refuses that on a connection that has parsed it).
 *
 * Rolling deploys: once a newer instance's migration adds a column, a prepared `SELECT *` / `RETURNING *`
 * fails with "cached plan must not change result type" (0A000). The text then gets a fresh name — parsed
 * anew on each connection — and the failure is retryable: `command()` runs the transaction again
 * (`isRetryable`, ./dialect.ts). The stale statement stays on its connections until they close.
 *
 * `TALLY_PG_PREPARE=off` sends everything unnamed (e.g. behind a PgBouncer older than 1.21 in transaction
 * mode, which does not carry named statements across server connections).
 */
import pg from 'pg';

const TX_CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|savepoint|release|abort)\b/i;
const TX_START = /^\s*(begin|start\s+transaction)\b/i;
const TX_END = /^\s*(commit|end|rollback|abort)\b/i;
const ROLLBACK_TO = /^\s*rollback\s+(work\s+|transaction\s+)?to\b/i;

export interface PreparedNames {
  /** The name for a text, or undefined when it goes unnamed (the cap is reached). */
  nameOf(text: string): string | undefined;
  /** The text's plan went stale (a column was added under it): later uses get a new name. */
  renew(text: string): void;
  /** Distinct texts named so far (stale renewals included). */
  readonly size: number;
}

export function preparedNames(maxNames: number): PreparedNames {
  const names = new Map<string, string>();
  let issued = 0;
  return {
    nameOf(text) {
      let name = names.get(text);
      if (!name && issued < maxNames) names.set(text, (name = `tally_${issued++}`));
      return name;
    },
    renew(text) {
      if (!names.has(text)) return;
      names.delete(text);
      if (issued < maxNames) names.set(text, `tally_${issued++}`);
    },
    get size() { return issued; },
  };
}

/** "cached plan must not change result type": the prepared statement predates a schema change. */
export function isStalePlan(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return !!e && e.code === '0A000' && /cached plan must not change result type/i.test(e.message ?? '');
}

type Callback = (err: Error | null, res?: unknown) => void;

/**
 * A pg Client whose statements inside a transaction are named (see above). For `new pg.Pool({ Client })`.
 * `names` is shared by every connection of the process so one text has one name everywhere.
 */
export function namingClient(names: PreparedNames): typeof pg.Client {
  class NamingClient extends pg.Client {
    private inTransaction = false;

    // pg's query() has many overloads; Kysely calls query(text, values) (promise) and query(cursor)
    override query(...args: unknown[]): never {
      const [text, values] = args;
      if (typeof text !== 'string') return (super.query as (...a: unknown[]) => never)(...args);
      if (TX_CONTROL.test(text)) {
        if (TX_START.test(text)) this.inTransaction = true;
        else if (TX_END.test(text) && !ROLLBACK_TO.test(text)) this.inTransaction = false;
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const name = this.inTransaction && Array.isArray(values) ? names.nameOf(text) : undefined;
      if (!name) return (super.query as (...a: unknown[]) => never)(...args);
      const rest = args.slice(2);
      const cb = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as Callback) : undefined;
      const run = (super.query as (config: pg.QueryConfig) => Promise<unknown>).bind(this);
      const sent = run({ name, text, values: values as unknown[] }).catch((error: unknown) => {
        if (isStalePlan(error)) names.renew(text);
        throw error;
      });
      if (!cb) return sent as never;
      sent.then((res) => cb(null, res), (err: Error) => cb(err));
      return undefined as never;
    }
  }
  return NamingClient;
}

/** From the environment: the naming client, or pg's own when `TALLY_PG_PREPARE=off`. */
export function clientFromEnv(env: NodeJS.ProcessEnv = process.env): typeof pg.Client | undefined {
  if ((env.TALLY_PG_PREPARE ?? 'on').toLowerCase() === 'off') return undefined;
  const max = Number(env.TALLY_PG_PREPARED_MAX ?? 500);
  return namingClient(preparedNames(Number.isFinite(max) && max >= 0 ? max : 500));
}
