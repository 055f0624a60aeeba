/**
 * A private PostgreSQL 15 primary and a hot standby streaming from it, for the read-replica tests:
 * `initdb`, `pg_basebackup -R` and `pg_ctl` from /usr/lib/postgresql/15/bin, both on free
 * 127.0.0.1 ports (never 5432), their folders and sockets in one temp dir, stopped and removed by
 * `stop()` — and, should the test process end without it, by an exit hook.
 *
 * initdb refuses to run as root: as root every binary runs as the `postgres` OS user
 * (`runuser -u postgres --`), and the temp dir is handed to that user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const BIN = process.env.TALLY_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/** Why a standby pair cannot be made here, or undefined when it can. */
export function standbyUnavailable(): string | undefined {
  const missing = TOOLS.filter((t) => !existsSync(join(BIN, t)));
  if (missing.length) return `${missing.join(', ')} not found in ${BIN}`;
  if (asRoot) {
    try { execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' }); } catch { return 'running as root and there is no postgres OS user to run initdb as'; }
    if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser') && !existsSync('/usr/bin/runuser')) return 'running as root without runuser';
  }
  return undefined;
}

function command(tool: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  const [cmd, argv] = command(tool, args);
  try {
    await run(cmd, argv, { env: { ...process.env, LC_ALL: 'C' }, timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function query<T = any>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Polls `check` until it answers true (errors count as not yet), or throws naming `what` after `ms`. */
export async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface StandbyPair {
  primaryUrl: string;
  standbyUrl: string;
  /** `pg_ctl stop -m immediate` on the standby. */
  stopStandby(): Promise<void>;
  /** Starts the standby again and waits until it streams. */
  startStandby(): Promise<void>;
  /** Stops both servers and removes their folders. */
  stop(): Promise<void>;
}

export async function startStandbyPair(): Promise<StandbyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-pg-standby-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const primaryUrl = url(primaryPort);
  const standbyUrl = url(standbyPort);
  // fsync off: a throwaway cluster on a busy CI disk; the WAL still streams the same way
  const opts = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=60`;
  const start = (dataDir: string, port: number, log: string) =>
    pgTool('pg_ctl', ['-D', dataDir, '-l', join(dir, log), '-w', '-t', '60', '-o', opts(port), 'start']);
  const stopServer = (dataDir: string) => pgTool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);

  let stopped = false;
  const stopAllSync = () => {
    if (stopped) return;
    stopped = true;
    for (const d of [standbyDir, primaryDir]) {
      if (!existsSync(join(d, 'postmaster.pid'))) continue;
      const [cmd, argv] = command('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']);
      try { execFileSync(cmd, argv, { stdio: 'ignore' }); } catch { /* already down */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopAllSync);

  const streaming = () => until('the standby to stream from the primary', async () => {
    const [s] = await query<{ n: number }>(primaryUrl, "select count(*)::int as n from pg_stat_replication where state = 'streaming'");
    const [r] = await query<{ recovery: boolean }>(standbyUrl, 'select pg_is_in_recovery() as recovery');
    return s!.n > 0 && r!.recovery;
  });

  try {
    await pgTool('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-N']);
    await start(primaryDir, primaryPort, 'primary.log');
    await pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast', '-N']);
    await start(standbyDir, standbyPort, 'standby.log');
    await streaming();
  } catch (e) {
    stopAllSync();
    throw e;
  }

  return {
    primaryUrl, standbyUrl,
    stopStandby: () => stopServer(standbyDir),
    startStandby: async () => { await start(standbyDir, standbyPort, 'standby.log'); await streaming(); },
    stop: async () => {
      process.removeListener('exit', stopAllSync);
      stopAllSync();
    },
  };
}
