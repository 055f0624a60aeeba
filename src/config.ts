/** Configuration from the environment (SPEC §8). */
import { dirname, resolve } from 'node:path';
import { parseSecretKey } from './security/secret-box.js';
import type { S3Config } from './modules/photos/s3-store.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** A PostgreSQL hot standby for reads (DATABASE_READ_URL; src/http/read-routing.ts); ignored on SQLite. */
  readDatabaseUrl?: string;
  /** Replica lag beyond which reads go to the primary (TALLY_READ_MAX_LAG_MS, default 5000). */
  readMaxLagMs: number;
  /** How often each instance checks the replica (TALLY_READ_CHECK_MS, default 1000). */
  readCheckMs: number;
  sqliteFile: string;
  dataDir: string;
  adminPassword?: string;
  /** How often the deadline jobs run (TALLY_JOBS_INTERVAL_MS, default 5000; 0 turns them off on this instance). */
  jobsIntervalMs: number;
  /** Webhooks may go to loopback/private/link-local addresses (TALLY_WEBHOOK_ALLOW_PRIVATE=1; default: public only). */
  allowPrivateWebhookDestinations: boolean;
  /** The 32-byte key webhook secrets are encrypted with (TALLY_SECRET_KEY, hex or base64); unset: `<dataDir>/secret.key`. */
  secretKey?: Buffer;
  /**
   * Whose X-Forwarded-For / X-Forwarded-Proto to believe (TALLY_TRUST_PROXY): unset — nobody;
   * `1`/`true` — any proxy; a number — that many hops; else a comma-separated list of proxy
   * addresses or CIDR ranges. Login throttling, the audit trail and cookie `Secure` rely on it.
   */
  trustProxy: boolean | number | string[];
  /** How long a SIGTERM/SIGINT may take to finish requests, stop the jobs and close the pools (TALLY_SHUTDOWN_SECONDS, default 10). */
  shutdownSeconds: number;
  /** A second port serving only GET /metrics, without login (METRICS_PORT; unset: /metrics on PORT for ADMIN only). */
  metricsPort?: number;
  /** Where that port listens (TALLY_METRICS_HOST, default 127.0.0.1). */
  metricsHost: string;
  /** Photos in an S3-compatible bucket (TALLY_S3_BUCKET and the other TALLY_S3_*); unset: `<dataDir>/photos/`. */
  s3?: S3Config;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sqliteFile = resolve(env.TALLY_DB_FILE ?? './data/tally.db');
  const port = portNumber('PORT', env.PORT ?? '3000');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    readDatabaseUrl: env.DATABASE_READ_URL || undefined,
    readMaxLagMs: positiveMs('TALLY_READ_MAX_LAG_MS', env.TALLY_READ_MAX_LAG_MS, 5000),
    readCheckMs: positiveMs('TALLY_READ_CHECK_MS', env.TALLY_READ_CHECK_MS, 1000),
    sqliteFile,
    dataDir: resolve(env.TALLY_DATA_DIR ?? dirname(sqliteFile)),
    adminPassword: env.TALLY_ADMIN_PASSWORD || undefined,
    jobsIntervalMs: jobsInterval(env.TALLY_JOBS_INTERVAL_MS),
    allowPrivateWebhookDestinations: flag('TALLY_WEBHOOK_ALLOW_PRIVATE', env.TALLY_WEBHOOK_ALLOW_PRIVATE),
    secretKey: env.TALLY_SECRET_KEY ? parseSecretKey(env.TALLY_SECRET_KEY, 'TALLY_SECRET_KEY') : undefined,
    trustProxy: trustProxy(env.TALLY_TRUST_PROXY),
    shutdownSeconds: positiveSeconds('TALLY_SHUTDOWN_SECONDS', env.TALLY_SHUTDOWN_SECONDS, 10),
    metricsPort: env.METRICS_PORT ? portNumber('METRICS_PORT', env.METRICS_PORT) : undefined,
    metricsHost: env.TALLY_METRICS_HOST || '127.0.0.1',
    s3: s3Config(env),
  };
}

/** TALLY_S3_BUCKET turns the bucket on; the other variables only make sense with it. */
export function s3Config(env: NodeJS.ProcessEnv): S3Config | undefined {
  const bucket = env.TALLY_S3_BUCKET?.trim();
  const named = ['TALLY_S3_ENDPOINT', 'TALLY_S3_ACCESS_KEY_ID', 'TALLY_S3_SECRET_ACCESS_KEY', 'TALLY_S3_REGION', 'TALLY_S3_FORCE_PATH_STYLE'].filter((k) => env[k]);
  if (!bucket) {
    if (named.length) throw new Error(`${named.join(', ')} set without TALLY_S3_BUCKET: name the bucket photos go to, or unset them to keep photos in the data folder`);
    return undefined;
  }
  const accessKeyId = env.TALLY_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.TALLY_S3_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId !== !secretAccessKey) throw new Error('Set both TALLY_S3_ACCESS_KEY_ID and TALLY_S3_SECRET_ACCESS_KEY, or neither (the AWS default credential chain)');
  const endpoint = env.TALLY_S3_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^\s]+$/.test(endpoint)) throw new Error(`TALLY_S3_ENDPOINT must be an http(s) URL, got ${endpoint}`);
  return {
    bucket, endpoint, accessKeyId, secretAccessKey,
    region: env.TALLY_S3_REGION?.trim() || env.AWS_REGION || 'us-east-1',
    forcePathStyle: flag('TALLY_S3_FORCE_PATH_STYLE', env.TALLY_S3_FORCE_PATH_STYLE),
  };
}

export function trustProxy(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.every((s) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(s))) {
    throw new Error(`TALLY_TRUST_PROXY must be 1, a hop count, or proxy addresses/CIDR ranges separated by commas, got ${value}`);
  }
  return list;
}

function portNumber(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got ${value}`);
  return port;
}

function positiveSeconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`${name} must be a positive number of seconds, got ${value}`);
  return s;
}

function positiveMs(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${name} must be a positive whole number of milliseconds, got ${value}`);
  return ms;
}

function jobsInterval(value: string | undefined): number {
  const ms = Number(value ?? 5000);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`TALLY_JOBS_INTERVAL_MS must be a whole number of milliseconds, got ${value}`);
  return ms;
}

/** Unset, empty, `0` or `false` is off; `1` or `true` is on; anything else is a mistake worth stopping for. */
function flag(name: string, value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new Error(`${name} must be 1 or 0, got ${value}`);
}
