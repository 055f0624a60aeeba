/**
 * WAL checkpoints of the SQLite database in a worker thread, off the request path.
 *
 * By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that commit
 * copies the WAL back into the database file and fsyncs it while every request waits (measured on a
 * decide load: commits averaged 2.9 ms, ~0.5 ms of each decide). Here a worker with its own
 * connection runs a PASSIVE checkpoint every `intervalMs` (it never waits for or blocks the server's
 * connection), and the server's connection keeps an automatic checkpoint only as a backstop, at
 * `BACKSTOP_PAGES`, should the worker fall behind or stop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** The server connection's own checkpoint threshold while the worker runs (pages of 4 KiB: 64 MiB). */
export const BACKSTOP_PAGES = 16_384;

// CommonJS run by the worker: driver and file come in workerData (no module resolution of its own)
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Stops the worker (a last checkpoint is left to the server connection's close). */
  stop(): Promise<void>;
}

export function startCheckpointer(connection: SQLite.Database, file: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref(); // a server that is done must not be kept alive by its checkpoints
  worker.on('message', (m: { error?: string }) => {
    if (m.error) console.warn(`[tally] background WAL checkpoint failed (the server's own checkpoints still run): ${m.error}`);
  });
  worker.on('error', (e) => console.warn(`[tally] background WAL checkpointer stopped: ${e.message}`));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  connection.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return {
    stop: async () => {
      worker.ref(); // awaited now: an unref'd worker's exit would not keep the process alive to see it
      worker.postMessage('stop');
      await exited;
    },
  };
}
