/** Conditional writes: a document's update succeeds only if nobody changed it since it was read. */
import { ruleViolation, staleVersion } from '../../domain/errors.js';

export function assertVersion(what: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw staleVersion(what);
}

/** Rows a conditional update changed (Kysely's bigint, or a precompiled statement's count); zero means a concurrent writer won. */
export function assertUpdated(result: { numUpdatedRows: bigint } | number | undefined, what: string): void {
  if (result === undefined || Number(typeof result === 'number' ? result : result.numUpdatedRows) === 0) throw staleVersion(what);
}

export function assertFound<T>(value: T | undefined, code: string, detail: string, field: string): T {
  if (value === undefined) throw ruleViolation(code, detail, field);
  return value;
}
