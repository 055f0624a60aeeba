/**
 * 收货 by scanning: each SKU scan books one unit (or N for `N*barcode`) at once on the screen and
 * in the queue (./queue.ts), which sends receipts in order, each with its own Idempotency-Key.
 * What the scan cannot book becomes a proposal the clerk confirms with one tap: units beyond what
 * the line still expects (多货), a barcode not on the note (错货 / 条码贴错), a barcode no SKU has.
 * Feedback (./feedback.ts) is given before any request.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, canWrite, type Page } from '../../../api/client';
import { keys } from '../../../api/keys';
import type { DeliveryNote, LedgerLine } from '../../../api/hooks/deliveryNotes';
import type { Sku } from '../../../api/hooks/admin';
import { problemMessage } from '../../ops/shared/problem';
import { parseScan } from './classify';
import { signal, type Outcome } from './feedback';
import { enqueue, markRefused, queuedFor, remove, requestOf, signedQty, type QueuedScan, type ScanStep } from './queue';
import { remainingOf, type CountMode } from '../shared/CountPanel';

export interface ScanEntry {
  id: number;
  code: string;
  qty: number;
  outcome: Outcome;
  /** i18n key (warehouse namespace) and its values. */
  message: [string, Record<string, unknown>?];
  seq?: number;
  skuId?: string;
  /** The step that booked it (for its reversal). */
  step?: ScanStep;
  /** What undo does: take the booking back (out of the queue, or by its reversal once sent), or one unit off a proposal. */
  undo?: 'queued' | 'surplus';
}

export interface ForeignScan { code: string; qty: number; sku?: Sku; onOrder: boolean; checking: boolean }

/** The same scans in the same states (each answer reads the queue back from IndexedDB). */
const sameQueue = (a: QueuedScan[], b: QueuedScan[]) => a.length === b.length
  && a.every((x, i) => x.key === b[i].key && x.seq === b[i].seq && x.state === b[i].state);

const stillExpected = (l: LedgerLine) => l.declared - l.short - l.received;
const stepMode = (step: ScanStep | undefined): CountMode => (step === 'qcPassed' || step === 'qcFailed' ? 'qc' : step ?? 'receive');

/** `mode`: the step scanned in; 质检 books each unit passed or failed, as the clerk taps after the scan. */
export function useStepScans(note: DeliveryNote, mode: CountMode = 'receive') {
  const qc = useQueryClient();
  const [queue, setQueueState] = useState<QueuedScan[]>([]);
  // the queue as the next scan must see it: ScanStep renders scans as a transition (the colour first),
  // so a scan right after another may come before that render
  const queueRef = useRef<QueuedScan[]>([]);
  const setQueue = useCallback((next: QueuedScan[] | ((q: QueuedScan[]) => QueuedScan[])) => {
    const q = typeof next === 'function' ? next(queueRef.current) : next;
    if (sameQueue(q, queueRef.current)) return; // read back from IndexedDB as it already was: no render
    queueRef.current = q;
    setQueueState(q);
  }, []);
  const [history, setHistory] = useState<ScanEntry[]>([]);
  const [surplus, setSurplus] = useState<Record<string, number>>({});
  const [foreign, setForeign] = useState<ForeignScan[]>([]);
  const [offline, setOffline] = useState(typeof navigator !== 'undefined' && !navigator.onLine);
  const sending = useRef(false);
  const seq = useRef(0);
  // the note as the next scan must see it: the latest the server sent, never an older render's
  // (scans render as a transition, ScanStep); with queueRef, a unit is counted once — on the note once
  // booked, in the queue until then
  const noteRef = useRef(note);
  if (note.id !== noteRef.current.id || note.version >= noteRef.current.version) noteRef.current = note;

  const refreshQueue = useCallback(async () => setQueue(await queuedFor(note.id)), [note.id, setQueue]);

  /** Sends the queue in order; stops at the first network failure (retried when back online). */
  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    // each answer is the note as it now is: lists (and a note refused for a reason of its own) are asked
    // for again only when the note's status moved or a scan was refused, not after every scan
    let stale = false;
    try {
      // after an offline start the session's CSRF token comes with the server's first answer
      while (canWrite()) {
        const next = (await queuedFor(noteRef.current.id)).find((s) => s.state === 'queued');
        if (!next) break;
        try {
          const { path, body } = requestOf(next);
          const updated = await api.postOnce<DeliveryNote>(path, body, next.key);
          await remove(next.seq!);
          if (updated.id === noteRef.current.id) noteRef.current = { ...noteRef.current, ...updated };
          setQueue((q) => q.filter((x) => x.seq !== next.seq));
          qc.setQueryData(keys.deliveryNotes.detail(next.noteId), (old: DeliveryNote | undefined) => {
            if (old?.status !== updated.status) stale = true;
            return { ...old, ...updated };
          });
          setOffline(false);
        } catch (e) {
          if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429) {
            await markRefused(next, problemMessage(e, e.detail)); // in the clerk's language, with the server's figures
            stale = true;
            signal('refused');
          } else {
            setOffline(true); // no answer (or the server failing): keep it, try again later
            break;
          }
        } finally {
          await refreshQueue();
        }
      }
    } finally {
      sending.current = false;
    }
    if (stale) void qc.invalidateQueries({ queryKey: keys.deliveryNotes.all });
  }, [qc, refreshQueue]);

  useEffect(() => {
    setHistory([]); setSurplus({}); setForeign([]);
    void refreshQueue().then(flush);
    const online = () => { setOffline(false); void flush(); };
    const down = () => setOffline(true);
    window.addEventListener('online', online);
    window.addEventListener('offline', down);
    // a queue left by a failed send is tried again now and then, also without an `online` event
    const timer = window.setInterval(() => { void flush(); }, 5000);
    return () => { window.removeEventListener('online', online); window.removeEventListener('offline', down); window.clearInterval(timer); };
  }, [note.id, refreshQueue, flush]);

  /** Adds a line to the last scans; returns its id. */
  const log = (e: Omit<ScanEntry, 'id'>) => {
    const id = ++seq.current;
    setHistory((h) => [{ ...e, id }, ...h].slice(0, 20));
    return id;
  };

  /** Units of a line waiting to be booked in this step (less those waiting to be taken back). */
  const pendingOf = (skuId: string) => queueRef.current.filter((s) => s.skuId === skuId && s.state === 'queued' && stepMode(s.step) === mode).reduce((n, s) => n + signedQty(s), 0);

  /** Stores a booking or a reversal and sends the queue; on the screen (the queue state) at once. */
  const book = (entry: QueuedScan, historyId?: number) => {
    setQueue((q) => [...q, entry]);
    void enqueue(entry).then((stored) => {
      if (historyId !== undefined) setHistory((h) => h.map((x) => (x.id === historyId ? { ...x, seq: stored.seq } : x)));
      return refreshQueue().then(flush);
    });
  };

  const lookUpForeign = async (code: string, qty: number) => {
    setForeign((f) => [{ code, qty, onOrder: false, checking: true }, ...f.filter((x) => x.code !== code)]);
    let sku: Sku | undefined;
    let onOrder = false;
    try {
      const found = await api.get<Page<Sku>>('/skus', { q: code, limit: 20 });
      sku = found.items.find((s) => s.barcode === code && s.merchantId === noteRef.current.merchantId)
        ?? found.items.find((s) => s.barcode === code);
      if (sku && noteRef.current.stockingOrderId) {
        const order = await api.get<{ lines: { skuId: string }[] }>(`/stocking-orders/${noteRef.current.stockingOrderId}`);
        onOrder = order.lines.some((l) => l.skuId === sku!.id);
      }
    } catch { /* offline: the clerk chooses without the lookup */ }
    setForeign((f) => f.map((x) => (x.code === code ? { ...x, sku, onOrder, checking: false } : x)));
  };

  /**
   * One scan of a SKU barcode (the caller has handled note and box codes). 质检 passes `step`
   * (qcPassed / qcFailed) once the clerk has tapped the result; without it a QC scan only finds the line.
   */
  const scanBarcode = (raw: string, step?: ScanStep): LedgerLine | undefined => {
    const s = parseScan(raw, (code) => noteRef.current.lines.some((l) => l.barcode === code));
    if (s.kind === 'empty') return undefined;
    if (s.kind === 'badQty') { signal('refused'); log({ code: s.text, qty: 0, outcome: 'refused', message: ['scan.badQty'] }); return undefined; }
    const line = noteRef.current.lines.find((l) => l.barcode === s.code);
    if (!line) {
      if (mode !== 'receive') { signal('refused'); log({ code: s.code, qty: s.qty, outcome: 'refused', message: ['scan.notOnNoteStep'] }); return undefined; }
      signal('attention');
      log({ code: s.code, qty: s.qty, outcome: 'attention', message: ['scan.notOnNote'] });
      void lookUpForeign(s.code, s.qty);
      return undefined;
    }
    const room = (mode === 'receive' ? stillExpected(line) : remainingOf(mode, line)) - pendingOf(line.skuId);
    if (s.qty > room) {
      if (mode !== 'receive') {
        signal('refused');
        log({ code: s.code, qty: s.qty, outcome: 'refused', skuId: line.skuId, message: [`scan.nothingLeft.${mode}`, { sku: line.skuCode, room: Math.max(room, 0) }] });
        return undefined;
      }
      signal('attention');
      setSurplus((x) => ({ ...x, [line.skuId]: (x[line.skuId] ?? 0) + s.qty }));
      log({ code: s.code, qty: s.qty, outcome: 'attention', skuId: line.skuId, undo: 'surplus', message: ['scan.beyond', { sku: line.skuCode, room: Math.max(room, 0) }] });
      return undefined;
    }
    const booking: ScanStep = mode === 'qc' ? (step ?? 'qcPassed') : mode;
    if (mode === 'qc' && !step) return line; // the clerk taps 合格 / 不合格 next
    signal('booked');
    const entry: QueuedScan = { noteId: noteRef.current.id, step: booking, skuId: line.skuId, qty: s.qty, key: crypto.randomUUID(), at: new Date().toISOString(), state: 'queued' };
    // on the screen at once; stored, then sent in order
    book(entry, log({ code: s.code, qty: s.qty, outcome: 'booked', skuId: line.skuId, step: booking, undo: 'queued', message: [`scan.booked${booking === 'qcFailed' ? 'Failed' : ''}`, { sku: line.skuCode, qty: s.qty }] }));
    return line;
  };

  /**
   * Undo the last scan: a booking still waiting is taken out of the queue; one already sent (or being
   * sent) is taken back by its reversal, queued behind it with its own Idempotency-Key. The server
   * refuses a reversal the ledger cannot prove (e.g. the unit was inspected since): that shows on its
   * line with the reason, like any refused scan.
   */
  const undoLast = async (): Promise<[string, Record<string, unknown>?]> => {
    const last = history[0];
    if (!last) return ['scan.undoNothing'];
    if (last.undo === 'surplus' && last.skuId) {
      setSurplus((x) => ({ ...x, [last.skuId!]: Math.max(0, (x[last.skuId!] ?? 0) - last.qty) }));
      setHistory((h) => h.slice(1));
      return ['scan.undone'];
    }
    if (last.undo === 'queued' && last.skuId && last.step) {
      const stored = last.seq === undefined ? undefined : (await queuedFor(note.id)).find((q) => q.seq === last.seq);
      setHistory((h) => h.slice(1));
      // still waiting (and not the one on its way), or refused by the server: nothing was booked
      if (stored && (stored.state === 'refused' || !sending.current)) {
        await remove(stored.seq!);
        await refreshQueue();
        return ['scan.undone'];
      }
      // sent, on its way, or not stored yet: its reversal follows it in the queue
      book({ noteId: note.id, step: last.step, reverse: true, skuId: last.skuId, qty: last.qty, key: crypto.randomUUID(), at: new Date().toISOString(), state: 'queued' });
      signal('booked');
      return ['scan.undoSent', { sku: noteRef.current.lines.find((l) => l.skuId === last.skuId)?.skuCode, qty: last.qty }];
    }
    setHistory((h) => h.slice(1));
    return ['scan.undone'];
  };

  const dismissRefused = async (s: QueuedScan) => { await remove(s.seq!); await refreshQueue(); };
  const clearSurplus = (skuId: string) => setSurplus((x) => { const n = { ...x }; delete n[skuId]; return n; });
  const clearForeign = (code: string) => setForeign((f) => f.filter((x) => x.code !== code));

  const waiting = queue.filter((s) => s.state === 'queued');
  /** What each line still lacks once everything waiting is booked: the 少货 proposal when receiving closes. */
  const missing = Object.fromEntries(note.lines.map((l) => [l.skuId, stillExpected(l) - pendingOf(l.skuId)]).filter(([, n]) => (n as number) > 0)) as Record<string, number>;

  return {
    history, surplus, foreign, offline, waiting, refused: queue.filter((s) => s.state === 'refused'), missing,
    pendingOf, scanBarcode, undoLast, dismissRefused, clearSurplus, clearForeign, flush, log,
  };
}
