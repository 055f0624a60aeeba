/** Child servers: spawned with tsx, ready when they print `READY <port>`, stopped by their own pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Server {
  port: number;
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, no goodbye; resolves once the process is gone. */
  kill(): Promise<void>;
  output(): string;
}

export const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** A port that was free a moment ago (for servers that take PORT rather than printing theirs). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `entry` under tsx. Ready when it prints `READY <port>`, or — given `port` — when
 * GET /api/health on that port answers 200 (for src/server.ts, which prints its own banner).
 */
export async function startServer(entry: string, env: Record<string, string | undefined>, opts: { nodeArgs?: string[]; timeoutMs?: number; port?: number } = {}): Promise<Server> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', entry], {
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  let ready = false;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in time:\n${out}`)), opts.timeoutMs ?? 60_000);
    const done = (p: number) => { if (ready) return; ready = true; clearTimeout(timer); resolve(p); };
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      const m = /READY (\d+)/.exec(out);
      if (m && !opts.port) done(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => { clearTimeout(timer); if (!ready) reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${out}`)); });
    if (opts.port) {
      const poll = async () => {
        while (!ready && child.exitCode === null && child.signalCode === null) {
          try {
            const res = await fetch(`http://127.0.0.1:${opts.port}/api/health`, { signal: AbortSignal.timeout(1000) });
            if (res.ok) return done(opts.port!);
          } catch { /* not yet */ }
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    }
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    port, url: `http://127.0.0.1:${port}`, child,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => { if (!gone()) child.kill('SIGKILL'); }, graceMs);
      await exited;
      clearTimeout(t);
    },
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
