/** Query keys per resource: invalidating `keys.x.all` refreshes every list and detail of x. */
const factory = <R extends string>(resource: R) => ({
  all: [resource] as const,
  list: (q: object = {}) => [resource, 'list', q] as const,
  detail: (id: string) => [resource, 'detail', id] as const,
});

export const keys = {
  catalog: ['catalog'] as const,
  me: ['me'] as const,
  stockingOrders: factory('stockingOrders'),
  deliveryNotes: factory('deliveryNotes'),
  exceptions: factory('exceptions'),
  returnOrders: factory('returnOrders'),
  addresses: factory('addresses'),
  compensations: factory('compensations'),
  penalties: factory('penalties'),
  disputes: factory('disputes'),
  fees: factory('fees'),
  tickets: factory('tickets'),
  skus: factory('skus'),
  merchants: factory('merchants'),
  warehouses: factory('warehouses'),
  users: factory('users'),
  sessions: factory('sessions'),
  audit: factory('audit'),
  notifications: factory('notifications'),
  dashboard: ['dashboard'] as const,
};
