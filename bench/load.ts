/**
 * One autocannon run against 127.0.0.1: rate of 2xx answers, latency percentiles, and the CPU time
 * the server process (all its threads) spent per answer, read from /proc/<pid>/stat. The CPU figure
 * holds up when other work shares the machine; the rate does not.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in milliseconds, or undefined off Linux. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  path: string;
  token?: string;
  /** A fixed JSON body, or one per request (each call is a new request). */
  body?: unknown;
  next?: (i: number) => { path?: string; body?: unknown };
  connections?: number;
  /** The server's pid, to account its CPU time. */
  pid?: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
}

export interface Figures {
  /** 2xx answers per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Server CPU milliseconds per 2xx answer (user + system, every thread). */
  cpuMsPerOk?: number;
  /** A few non-2xx answers, to see what went wrong. */
  samples: string[];
}

export async function runLoad(spec: LoadSpec): Promise<Figures> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  let i = 0;
  const samples: string[] = [];
  const cpu0 = cpuMs(spec.pid);
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections ?? 10,
    pipelining: 1,
    timeout: 30,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
    requests: [{
      method: spec.method ?? 'GET',
      path: spec.path,
      headers,
      ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
      ...(spec.next ? {
        setupRequest: (req: any) => {
          const n = spec.next!(i++);
          return { ...req, ...(n.path ? { path: n.path } : {}), ...(n.body !== undefined ? { body: JSON.stringify(n.body) } : {}) };
        },
      } : {}),
      onResponse: (status: number, body: string) => {
        if ((status < 200 || status >= 300) && samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`);
      },
    }],
  } as any);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu1 = cpuMs(spec.pid);
  const ok = result['2xx'];
  return {
    rate: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
    ...(cpu0 !== undefined && cpu1 !== undefined && ok > 0 ? { cpuMsPerOk: Math.round(((cpu1 - cpu0) / ok) * 1000) / 1000 } : {}),
    samples,
  };
}
