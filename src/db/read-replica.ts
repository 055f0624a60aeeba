/**
 * A PostgreSQL read replica (DATABASE_READ_URL): which database a read goes to, and why.
 *
 * A probe runs every `checkMs` on a timer (not per request): the primary's `pg_current_wal_lsn()`,
 * then the standby's `pg_is_in_recovery()` and `pg_last_wal_replay_lsn()`. Requests only look at
 * its last answer. The replica is used while that answer is fresh (younger than 3 checks plus the
 * two queries' timeouts: a slow check is not yet a missing one), the
 * standby is in recovery, and its lag is within `maxLagMs`; otherwise reads fall back to the
 * primary until a later probe says it is good again (a standby stopped and started again is taken
 * back within one check).
 *
 * Lag is measured in time from the primary's side, so an idle primary is not "lagging" and a
 * standby cut off from its primary is: each probe notes (when, primary LSN); the standby has
 * replayed up to R; the earliest noted primary LSN beyond R was reached at t, so what the standby
 * misses was committed before t and it is at least now − t behind (at most one check more). When
 * R is at or past the LSN noted just before the standby was asked, the lag is 0.
 *
 * Read-your-writes (`seesWrite`): after a write the session stores the primary's WAL position
 * (src/http/read-routing.ts); its reads go to the replica only once the probe saw the standby
 * replay past it. Replay only moves forward, so a probe's answer can only be older — never wrong
 * in the replica's favour.
 */
import { sql } from 'kysely';
import type { Db } from './create-db.js';

export type ReadTarget = 'replica' | 'primary' | 'fallback';

export interface ReadReplicaOptions {
  /** Lag beyond which reads go to the primary (TALLY_READ_MAX_LAG_MS). */
  maxLagMs: number;
  /** How often the probe runs (TALLY_READ_CHECK_MS). */
  checkMs: number;
  /** Told when the replica's state changes (a log line: `warn` when it is dropped, `info` when taken back). */
  log?: (msg: string, level: 'info' | 'warn') => void;
  /** The time in ms (default Date.now; tests hold it still). */
  now?: () => number;
}

export interface ReplicaState {
  /** Usable for reads now. */
  up: boolean;
  /** Why not, when not. */
  reason?: string;
  /** What the standby had replayed at the last good probe. */
  replayLsn?: bigint;
  lagMs?: number;
  probedAt?: number;
}

/** `16/B374D848` → a number that orders like the WAL position. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

const PROBE_TIMEOUT_MS = 1000;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

export class ReadReplica {
  private state: ReplicaState = { up: false, reason: 'not checked yet' };
  /** (when, primary LSN) of recent probes, oldest first. */
  private history: { at: number; lsn: bigint }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  readonly counts: Record<ReadTarget, number> = { replica: 0, primary: 0, fallback: 0 };

  constructor(readonly primary: Db, readonly standby: Db, readonly opts: ReadReplicaOptions) {}

  /** Probes once now and then every checkMs until `stop`. */
  async start(): Promise<void> {
    this.stop();
    await this.check();
    this.timer = setInterval(() => { void this.check(); }, this.opts.checkMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  current(now = this.now()): ReplicaState {
    const s = this.state;
    if (s.up && (s.probedAt === undefined || now - s.probedAt > 3 * this.opts.checkMs + 2 * PROBE_TIMEOUT_MS)) return { ...s, up: false, reason: 'no recent check' };
    return s;
  }

  /** Where a read goes: the replica, the primary for a session whose last write it has not replayed, or the primary because the replica is not usable. */
  choose(readAfterLsn: string | null | undefined): ReadTarget {
    const s = this.current();
    if (!s.up) return 'fallback';
    if (readAfterLsn && !this.seesWrite(readAfterLsn, s)) return 'primary';
    return 'replica';
  }

  seesWrite(readAfterLsn: string, s = this.current()): boolean {
    try {
      return s.replayLsn !== undefined && s.replayLsn >= parseLsn(readAfterLsn);
    } catch {
      return false;
    }
  }

  /** Single flight: a check already running is joined, not doubled. */
  check(): Promise<void> {
    this.running ??= this.probe().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** A read on the replica failed: stop using it until a check says otherwise. */
  suspect(reason: string): void {
    this.set({ up: false, reason });
    void this.check();
  }

  private async probe(): Promise<void> {
    try {
      const askedAt = this.now();
      const { rows: [p] } = await within(sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(this.primary), PROBE_TIMEOUT_MS, 'primary');
      const primaryLsn = parseLsn(p!.lsn);
      this.history.push({ at: askedAt, lsn: primaryLsn });
      const { rows: [r] } = await within(sql<{ recovery: boolean; replay: string | null }>`
        select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay`.execute(this.standby), PROBE_TIMEOUT_MS, 'replica');
      const now = this.now();
      if (!r!.recovery || r!.replay === null) {
        this.set({ up: false, reason: 'DATABASE_READ_URL is not a standby (pg_is_in_recovery() is false)', probedAt: now });
        return;
      }
      const replay = parseLsn(r!.replay);
      const lagMs = replay >= primaryLsn ? 0 : now - (this.history.find((h) => h.lsn > replay)?.at ?? now);
      // what is older than the bound (and a check) is no longer needed to tell "past the bound"
      const keepFrom = now - this.opts.maxLagMs - 2 * this.opts.checkMs;
      while (this.history.length > 1 && this.history[1]!.at < keepFrom) this.history.shift();
      const lagging = lagMs > this.opts.maxLagMs;
      this.set({
        up: !lagging, reason: lagging ? `lagging ${lagMs} ms (bound ${this.opts.maxLagMs} ms)` : undefined,
        replayLsn: replay, lagMs, probedAt: now,
      });
    } catch (e) {
      this.set({ up: false, reason: `unreachable: ${(e as Error).message}` });
    }
  }

  private set(next: ReplicaState): void {
    const was = this.state;
    this.state = next;
    const kind = (s?: string) => s?.split(/[\s:]/)[0];
    if (was.up !== next.up || (!next.up && kind(was.reason) !== kind(next.reason))) {
      this.opts.log?.(next.up ? 'read replica: in use' : `read replica: not used, reads go to the primary (${next.reason})`, next.up ? 'info' : 'warn');
    }
  }
}
