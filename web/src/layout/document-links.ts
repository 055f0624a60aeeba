/**
 * Where a document opens in each role's workspace (the inbox, the bell and an exception's documents use it). Every path is a
 * route of workspaces/<name>/index.tsx; a document a workspace has no page for opens nothing.
 * Notifications name exceptions, return orders, stocking orders, compensations and penalties.
 */
import type { Role } from '../auth/session';

export interface DocumentRef {
  type: string;
  id: string;
  no: string | null;
  /** The document's own type code when it has one (a stocking order's FIRST / REPEAT / JIT_REPEAT). */
  kind?: string | null;
}

type PathOf = (d: DocumentRef) => string;
const q = (no: string | null) => (no ? `?q=${encodeURIComponent(no)}` : '');

const PATHS: Record<'merchant' | 'warehouse' | 'ops', Record<string, PathOf>> = {
  merchant: {
    exception: (d) => `/merchant/exceptions/${d.id}`,
    returnOrder: (d) => `/merchant/returns/${d.id}`,
    // JIT orders live under JIT备货订单跟进, the others under 备货订单跟进
    stockingOrder: (d) => (d.kind === 'JIT_REPEAT' ? `/merchant/jit-orders/${d.id}` : `/merchant/orders/${d.id}`),
    deliveryNote: (d) => `/merchant/delivery-notes/${d.id}`,
    compensation: () => '/merchant/compensations',
    penalty: () => '/merchant/penalties',
    fee: (d) => `/merchant/fees?open=${d.id}`,
    ticket: (d) => `/merchant/tickets/${d.id}`,
  },
  warehouse: {
    exception: () => '/warehouse/exceptions',
    returnOrder: () => '/warehouse/returns',
  },
  ops: {
    exception: (d) => `/ops/exceptions/${d.id}`,
    returnOrder: (d) => `/ops/returns/${d.id}`,
    stockingOrder: (d) => `/ops/orders${q(d.no)}`,
    compensation: () => '/ops/compensations',
    penalty: () => '/ops/penalties',
    fee: () => '/ops/fees',
    ticket: () => '/ops/tickets',
  },
};

export function documentPath(role: Role, doc: DocumentRef): string | undefined {
  const ws = role === 'MERCHANT' ? 'merchant' : role === 'WAREHOUSE' ? 'warehouse' : 'ops';
  return PATHS[ws][doc.type]?.(doc);
}
