/** JIT shipment deadline: not shipped by stocking_orders.ship_by → JIT_SHIP_LATE penalty, once. */
import { jitPenaltyJob } from './jit-penalty.js';

export const jitShipJob = jitPenaltyJob({ name: 'jitShip', reason: 'JIT_SHIP_LATE', due: 'shipBy', met: 'shippedAt' });
