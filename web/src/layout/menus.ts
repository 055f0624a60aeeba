/** Side menus per workspace; the pages behind each path live in workspaces/<name>/. */
import type { Role } from '../auth/roles.js';

export interface MenuEntry {
  path: string;
  labelKey: string; // in the common namespace
  roles?: Role[]; // only these roles see it (default: everyone in the workspace)
}

export const MENUS: Record<'merchant' | 'warehouse' | 'ops', MenuEntry[]> = {
  merchant: [
    { path: '/merchant/exceptions', labelKey: 'menu.exceptions' },
    { path: '/merchant/returns', labelKey: 'menu.returns' },
    { path: '/merchant/orders', labelKey: 'menu.orders' },
    { path: '/merchant/jit-orders', labelKey: 'menu.jitOrders' },
    { path: '/merchant/delivery-notes', labelKey: 'menu.deliveryNotes' },
    { path: '/merchant/addresses', labelKey: 'menu.addresses' },
    { path: '/merchant/preferences', labelKey: 'menu.preferences' },
    { path: '/merchant/webhooks', labelKey: 'menu.webhooks' },
    { path: '/merchant/tickets', labelKey: 'menu.tickets' },
    { path: '/merchant/compensations', labelKey: 'menu.compensations' },
    { path: '/merchant/penalties', labelKey: 'menu.penalties' },
    { path: '/merchant/fees', labelKey: 'menu.fees' },
    { path: '/merchant/disputes', labelKey: 'menu.disputes' },
    { path: '/merchant/performance', labelKey: 'menu.performance' },
  ],
  warehouse: [
    { path: '/warehouse/arrival', labelKey: 'menu.arrival' },
    { path: '/warehouse/receiving', labelKey: 'menu.receiving' },
    { path: '/warehouse/qc', labelKey: 'menu.qc' },
    { path: '/warehouse/putaway', labelKey: 'menu.putaway' },
    { path: '/warehouse/exceptions', labelKey: 'menu.registerException' },
    { path: '/warehouse/new-notes', labelKey: 'menu.newNotes' },
    { path: '/warehouse/returns', labelKey: 'menu.returnWork' },
  ],
  ops: [
    { path: '/ops/dashboard', labelKey: 'menu.dashboard' },
    { path: '/ops/performance', labelKey: 'menu.merchantPerformance' },
    { path: '/ops/exceptions', labelKey: 'menu.opsExceptions' },
    { path: '/ops/orders', labelKey: 'menu.opsOrders' },
    { path: '/ops/returns', labelKey: 'menu.opsReturns' },
    { path: '/ops/compensations', labelKey: 'menu.compensations' },
    { path: '/ops/tickets', labelKey: 'menu.tickets' },
    { path: '/ops/penalties', labelKey: 'menu.penalties' },
    { path: '/ops/fees', labelKey: 'menu.fees' },
    { path: '/ops/disputes', labelKey: 'menu.opsDisputes' },
    { path: '/ops/policies', labelKey: 'menu.policies' },
    { path: '/ops/settings', labelKey: 'menu.settings' },
    { path: '/ops/admin/merchants', labelKey: 'menu.merchants', roles: ['ADMIN'] },
    { path: '/ops/admin/warehouses', labelKey: 'menu.warehouses', roles: ['ADMIN'] },
    { path: '/ops/admin/skus', labelKey: 'menu.skus', roles: ['ADMIN'] },
    { path: '/ops/admin/users', labelKey: 'menu.users', roles: ['ADMIN'] },
    { path: '/ops/admin/audit', labelKey: 'menu.audit', roles: ['ADMIN'] },
  ],
};

export const WORKSPACE_OF: Record<Role, keyof typeof MENUS> = {
  MERCHANT: 'merchant',
  WAREHOUSE: 'warehouse',
  OPS: 'ops',
  ADMIN: 'ops',
};
