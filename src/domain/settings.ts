/** Deadlines of SPEC §6 in seconds, with their defaults. */
export interface Settings {
  transportGraceSeconds: number;
  decisionSlaSeconds: number;
  returnMethodSeconds: number;
  jitAcceptSeconds: number;
  jitShipSeconds: number;
}

const HOUR = 3600;

export const DEFAULT_SETTINGS: Settings = {
  transportGraceSeconds: 72 * HOUR,
  decisionSlaSeconds: 48 * HOUR,
  returnMethodSeconds: 7 * 24 * HOUR,
  jitAcceptSeconds: 24 * HOUR,
  jitShipSeconds: 48 * HOUR,
};
