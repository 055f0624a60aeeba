/** JIT acceptance deadline: not accepted by stocking_orders.accept_by → JIT_ACCEPT_LATE penalty, once. */
import { jitPenaltyJob } from './jit-penalty.js';

export const jitAcceptJob = jitPenaltyJob({ name: 'jitAccept', reason: 'JIT_ACCEPT_LATE', due: 'acceptBy', met: 'acceptedAt' });
