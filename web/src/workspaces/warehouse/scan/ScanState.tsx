/**
 * The scan-first pages that look a document up (到货, 退货作业, 补收): the large colour state of the
 * last scan with its sound and vibration (./feedback.ts), and scans handled one after another in
 * the order they were made, however fast the scanner types them.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OUTCOME_COLOURS, signal, type Outcome } from './feedback';

export interface ScanOutcome { outcome: Outcome; code: string; message: [string, Record<string, unknown>?] }

/** `say` gives a scan's outcome at once (sound, vibration) and keeps it for <ScanState>. */
export function useScanOutcome() {
  const [last, setLast] = useState<ScanOutcome | null>(null);
  const say = (outcome: Outcome, code: string, key: string, values?: Record<string, unknown>) => {
    signal(outcome);
    setLast({ outcome, code, message: [key, values] });
  };
  return { last, say, clear: () => setLast(null) };
}

/** Runs `handle` for each scan after the previous one has finished: two notes scanned fast are both handled, in order. */
export function useScanQueue(handle: (text: string) => Promise<void>) {
  const chain = useRef(Promise.resolve());
  const current = useRef(handle);
  current.current = handle;
  return (text: string) => {
    chain.current = chain.current.then(() => current.current(text)).catch(() => undefined);
  };
}

/** The colour state: `ready` (an i18n key of the warehouse namespace) until the first scan. */
export function ScanState({ last, ready }: { last: ScanOutcome | null; ready: string }) {
  const { t } = useTranslation('warehouse');
  const outcome = last?.outcome ?? 'idle';
  return (
    <div data-testid="scan-state" data-outcome={outcome} role="status" aria-live="assertive"
      style={{ background: OUTCOME_COLOURS[outcome], borderRadius: 8, padding: '12px 16px', fontSize: 18, fontWeight: 600, minHeight: 52, marginTop: 12, overflowWrap: 'anywhere' }}>
      {last ? t(last.message[0], last.message[1]) : t(ready)}
    </div>
  );
}
