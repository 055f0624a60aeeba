/**
 * Scans waiting to be booked, kept in IndexedDB so a dropped network or a reload loses none. Each
 * carries its own Idempotency-Key: sending one again (after a timeout, a reload) books it once.
 * Sent in the order they were scanned. Falls back to memory where IndexedDB is missing.
 */
/** Which step books the units: 收货, 质检 (passed or failed), 上架. */
export type ScanStep = 'receive' | 'qcPassed' | 'qcFailed' | 'putaway';

export interface QueuedScan {
  seq?: number;
  noteId: string;
  /** Absent on scans queued before steps other than 收货 could scan: those are receipts. */
  step?: ScanStep;
  /** An undo of a booking already sent: the step's reversal (撤销), sent in order like the rest. */
  reverse?: boolean;
  skuId: string;
  qty: number;
  key: string;
  at: string;
  state: 'queued' | 'refused';
  error?: string;
}

const DB = 'tally-scans';
const STORE = 'receipts';
/** The last copy of each note worked on this device, so a reload without network still opens it. */
const NOTES = 'notes';
const NOTE_DAYS = 7;

let opening: Promise<IDBDatabase | null> | undefined;
const memory: QueuedScan[] = [];
let memorySeq = 0;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true }).createIndex('note', 'noteId');
      if (!db.objectStoreNames.contains(NOTES)) db.createObjectStore(NOTES, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>, store = STORE): Promise<T> {
  return open().then((db) => new Promise<T>((resolve, reject) => {
    if (!db) return reject(new Error('no IndexedDB'));
    const req = fn(db.transaction(store, mode).objectStore(store));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }));
}

export async function enqueue(scan: Omit<QueuedScan, 'seq'>): Promise<QueuedScan> {
  if (!(await open())) { const s = { ...scan, seq: ++memorySeq }; memory.push(s); return s; }
  const seq = await run('readwrite', (s) => s.add(scan)) as number;
  return { ...scan, seq };
}

/** A note's scans still waiting or refused, oldest first. */
export async function queuedFor(noteId: string): Promise<QueuedScan[]> {
  if (!(await open())) return memory.filter((s) => s.noteId === noteId);
  const all = await run('readonly', (s) => s.index('note').getAll(noteId)) as QueuedScan[];
  return all.sort((a, b) => a.seq! - b.seq!);
}

export async function remove(seq: number): Promise<void> {
  if (!(await open())) { const i = memory.findIndex((s) => s.seq === seq); if (i >= 0) memory.splice(i, 1); return; }
  await run('readwrite', (s) => s.delete(seq));
}

export async function markRefused(scan: QueuedScan, error: string): Promise<void> {
  const next = { ...scan, state: 'refused' as const, error };
  if (!(await open())) { const i = memory.findIndex((s) => s.seq === scan.seq); if (i >= 0) memory[i] = next; return; }
  await run('readwrite', (s) => s.put(next));
}

/** The request that books a queued scan, or takes one back (`…/reversals`, the same body). */
export function requestOf(s: QueuedScan): { path: string; body: unknown } {
  const step = s.step ?? 'receive';
  const at = (action: string) => `/delivery-notes/${s.noteId}/${action}${s.reverse ? '/reversals' : ''}`;
  if (step === 'receive') return { path: at('receipts'), body: { lines: [{ skuId: s.skuId, qty: s.qty }] } };
  if (step === 'putaway') return { path: at('putaway'), body: { lines: [{ skuId: s.skuId, qty: s.qty }] } };
  const passed = step === 'qcPassed' ? s.qty : 0;
  return { path: at('qc'), body: { lines: [{ skuId: s.skuId, passed, failed: s.qty - passed }] } };
}

/** Units a queued entry adds to its line once sent: a reversal takes them back. */
export const signedQty = (s: QueuedScan) => (s.reverse ? -s.qty : s.qty);

interface KeptNote<N> { id: string; savedAt: number; note: N }

let pruned = false;

/**
 * Keeps the latest copy of a note (as the server last sent it, so once per answer while scanning);
 * copies older than a week are dropped, looked for once per page load rather than on every answer.
 */
export async function keepNote<N extends { id: string }>(note: N): Promise<void> {
  if (!(await open())) return;
  await run('readwrite', (s) => s.put({ id: note.id, savedAt: Date.now(), note } satisfies KeptNote<N>), NOTES);
  if (pruned) return;
  pruned = true;
  const all = await run('readonly', (s) => s.getAll(), NOTES) as KeptNote<N>[];
  for (const old of all.filter((k) => k.savedAt < Date.now() - NOTE_DAYS * 86_400_000)) await run('readwrite', (s) => s.delete(old.id), NOTES);
}

/** The copy kept on this device, if any (a reload without network). */
export async function keptNote<N>(id: string): Promise<N | undefined> {
  if (!(await open())) return undefined;
  return ((await run('readonly', (s) => s.get(id), NOTES)) as KeptNote<N> | undefined)?.note;
}
