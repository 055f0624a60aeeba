/** Where a document opens in each role's workspace (used by the inbox). */
import type { Role } from '../auth/session';

const PATHS: Record<'merchant' | 'warehouse' | 'ops', Record<string, (id: string) => string>> = {
  merchant: {
    exception: (id) => `/merchant/exceptions/${id}`,
    returnOrder: (id) => `/merchant/returns/${id}`,
    stockingOrder: (id) => `/merchant/orders/${id}`,
    compensation: () => '/merchant/compensations',
    penalty: () => '/merchant/penalties',
    ticket: (id) => `/merchant/tickets/${id}`,
  },
  warehouse: {
    exception: () => '/warehouse/exceptions',
    returnOrder: () => '/warehouse/returns',
  },
  ops: {
    exception: (id) => `/ops/exceptions/${id}`,
    compensation: () => '/ops/compensations',
    penalty: () => '/ops/penalties',
    ticket: () => '/ops/tickets',
  },
};

export function documentPath(role: Role, type: string, id: string): string | undefined {
  const ws = role === 'MERCHANT' ? 'merchant' : role === 'WAREHOUSE' ? 'warehouse' : 'ops';
  return PATHS[ws][type]?.(id);
}
