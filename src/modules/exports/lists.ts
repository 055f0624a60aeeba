/** Every list that exports, by the name its API path and the CLI use (`npm run export -- <name>`). */
import { compensationExport } from '../compensations/export.js';
import { deliveryNoteExport } from '../delivery-notes/export.js';
import { exceptionExport } from '../exceptions/export.js';
import { feeExport } from '../fees/export.js';
import { penaltyExport } from '../penalties/export.js';
import { rankingExport } from '../performance/export.js';
import { returnOrderExport } from '../return-orders/export.js';
import type { ExportSpec } from '../shared/export.js';
import { stockingOrderExport } from '../stocking-orders/export.js';

export const EXPORT_LISTS: Record<string, ExportSpec<any, any>> = {
  exceptions: exceptionExport,
  'return-orders': returnOrderExport,
  'stocking-orders': stockingOrderExport,
  'delivery-notes': deliveryNoteExport,
  compensations: compensationExport,
  penalties: penaltyExport,
  fees: feeExport,
  scorecards: rankingExport,
};
