/**
 * The ops queue's documented filters as hand-written indexed SQL (the baseline of bench/queue.ts): what a
 * developer would write by hand for one page, `$1` (and `$2`) the filter's values.
 */
export const QUEUE_FILTER_KINDS = ['status', 'type', 'subtype', 'plan', 'merchant', 'warehouse', 'overdue', 'dateRange', 'noteNo'] as const;
export type QueueFilterKind = (typeof QUEUE_FILTER_KINDS)[number];

export const QUEUE_SQL: Record<QueueFilterKind, string> = {
  status: 'status = $1',
  type: 'type = $1',
  subtype: 'subtype = $1',
  plan: 'plan = $1',
  merchant: 'merchant_id = $1',
  warehouse: 'warehouse_id = $1',
  overdue: "status = 'PENDING' AND decision_due_at < $1",
  dateRange: 'created_at >= $1 AND created_at < $2',
  noteNo: "delivery_note_no LIKE '%' || $1 || '%'",
};

/** The page's order: newest first by id, or by creation time for the date range (as Tally pages it). */
export const QUEUE_ORDER = (kind: QueueFilterKind) => (kind === 'dateRange' ? 'created_at DESC, id DESC' : 'id DESC');
