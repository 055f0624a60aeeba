/** Every module's routes, registered by the app factory. */
import { authRoutes } from '../modules/auth/routes.js';
import { adminRoutes } from '../modules/admin/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { catalogRoutes } from '../modules/catalog/routes.js';
import { stockingOrderRoutes } from '../modules/stocking-orders/routes.js';
import { deliveryNoteRoutes } from '../modules/delivery-notes/routes.js';
import { exceptionRoutes } from '../modules/exceptions/routes.js';
import { photoRoutes } from '../modules/photos/routes.js';
import { returnOrderRoutes } from '../modules/return-orders/routes.js';
import { addressRoutes } from '../modules/addresses/routes.js';
import { compensationRoutes } from '../modules/compensations/routes.js';
import { penaltyRoutes } from '../modules/penalties/routes.js';
import { ticketRoutes } from '../modules/tickets/routes.js';
import { settingsRoutes } from '../modules/settings/routes.js';
import { policyRoutes } from '../modules/policies/routes.js';
import { standingInstructionRoutes } from '../modules/standing-instructions/routes.js';
import { notificationRoutes } from '../modules/notifications/routes.js';
import { webhookRoutes } from '../modules/webhooks/routes.js';
import { dashboardRoutes } from '../modules/dashboard/routes.js';
import { exportRoutes } from '../modules/exports/routes.js';
import { performanceRoutes } from '../modules/performance/routes.js';
import { disputeRoutes } from '../modules/disputes/routes.js';
import { feeRoutes } from '../modules/fees/routes.js';

export const routeModules = [
  authRoutes,
  adminRoutes,
  auditRoutes,
  catalogRoutes,
  stockingOrderRoutes,
  deliveryNoteRoutes,
  exceptionRoutes,
  photoRoutes,
  returnOrderRoutes,
  addressRoutes,
  compensationRoutes,
  penaltyRoutes,
  ticketRoutes,
  settingsRoutes,
  policyRoutes,
  standingInstructionRoutes,
  notificationRoutes,
  webhookRoutes,
  dashboardRoutes,
  exportRoutes,
  performanceRoutes,
  disputeRoutes,
  feeRoutes,
];
