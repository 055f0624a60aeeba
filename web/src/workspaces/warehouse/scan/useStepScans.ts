/**
 * 收货 by scanning: each SKU scan books one unit (or N for `N*barcode`) at once on the screen and
 * in the queue (./queue.ts), which sends receipts in order, each with its own Idempotency-Key.
 * What the scan cannot book becomes a proposal the clerk confirms with one tap: units beyond what
 * the line still expects (多货), a barcode not on the note (错货 / 条码贴错), a barcode no SKU has.
 * Feedback (./feedback.ts) is given before any request.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Page } from '../../../api/client';
import { keys } from '../../../api/keys';
import type { DeliveryNote, LedgerLine } from '../../../api/hooks/deliveryNotes';
import type { Sku } from '../../../api/hooks/admin';
import { parseScan } from './classify';
import { signal, type Outcome } from './feedback';
import { enqueue, markRefused, queuedFor, remove, requestOf, type QueuedScan, type ScanStep } from './queue';
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
  /** What undo does: remove the queued booking, or take one back from a proposal. */
  undo?: 'queued' | 'surplus';
}

export interface ForeignScan { code: string; qty: number; sku?: Sku; onOrder: boolean; checking: boolean }

const stillExpected = (l: LedgerLine) => l.declared - l.short - l.received;
const stepMode = (step: ScanStep | undefined): CountMode => (step === 'qcPassed' || step === 'qcFailed' ? 'qc' : step ?? 'receive');

/** `mode`: the step scanned in; 质检 books each unit passed or failed, as the clerk taps after the scan. */
export function useStepScans(note: DeliveryNote, mode: CountMode = 'receive') {
  const qc = useQueryClient();
  const [queue, setQueue] = useState<QueuedScan[]>([]);
  const [history, setHistory] = useState<ScanEntry[]>([]);
  const [surplus, setSurplus] = useState<Record<string, number>>({});
  const [foreign, setForeign] = useState<ForeignScan[]>([]);
  const [offline, setOffline] = useState(typeof navigator !== 'undefined' && !navigator.onLine);
  const sending = useRef(false);
  const seq = useRef(0);
  const noteRef = useRef(note);
  noteRef.current = note;

  const refreshQueue = useCallback(async () => setQueue(await queuedFor(note.id)), [note.id]);

  /** Sends the queue in order; stops at the first network failure (retried when back online). */
  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    try {
      for (;;) {
        const next = (await queuedFor(noteRef.current.id)).find((s) => s.state === 'queued');
        if (!next) break;
        try {
          const { path, body } = requestOf(next);
          const updated = await api.postOnce<DeliveryNote>(path, body, next.key);
          await remove(next.seq!);
          qc.setQueryData(keys.deliveryNotes.detail(next.noteId), (old: DeliveryNote | undefined) => ({ ...old, ...updated }));
          setOffline(false);
        } catch (e) {
          if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429) {
            await markRefused(next, e.detail);
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
    void qc.invalidateQueries({ queryKey: keys.deliveryNotes.all });
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

  const log = (e: Omit<ScanEntry, 'id'>) => setHistory((h) => [{ ...e, id: ++seq.current }, ...h].slice(0, 20));

  /** Units of a line waiting to be booked in this step. */
  const pendingOf = (skuId: string) => queue.filter((s) => s.skuId === skuId && s.state === 'queued' && stepMode(s.step) === mode).reduce((n, s) => n + s.qty, 0);

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
    const s = parseScan(raw);
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
    setQueue((q) => [...q, entry]);
    const id = seq.current + 1;
    log({ code: s.code, qty: s.qty, outcome: 'booked', skuId: line.skuId, undo: 'queued', message: [`scan.booked${booking === 'qcFailed' ? 'Failed' : ''}`, { sku: line.skuCode, qty: s.qty }] });
    void enqueue(entry).then((stored) => {
      setHistory((h) => h.map((x) => (x.id === id ? { ...x, seq: stored.seq } : x)));
      return refreshQueue().then(flush);
    });
    return line;
  };

  /** Undo the last scan: a booking still waiting is taken out; a sent one cannot be (the ledger has no reversal). */
  const undoLast = async (): Promise<[string, Record<string, unknown>?]> => {
    const last = history[0];
    if (!last) return ['scan.undoNothing'];
    if (last.undo === 'surplus' && last.skuId) {
      setSurplus((x) => ({ ...x, [last.skuId!]: Math.max(0, (x[last.skuId!] ?? 0) - last.qty) }));
      setHistory((h) => h.slice(1));
      return ['scan.undone'];
    }
    if (last.undo === 'queued' && last.seq !== undefined) {
      const still = (await queuedFor(note.id)).find((q) => q.seq === last.seq && q.state === 'queued');
      if (still && !sending.current) {
        await remove(last.seq);
        await refreshQueue();
        setHistory((h) => h.slice(1));
        return ['scan.undone'];
      }
      return ['scan.undoBooked'];
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
