/**
 * Where statement lines come from: one entry per line kind — the table, the timestamp that puts the
 * line in a month (in settings.timeZone), the sign (what platform owes the merchant: + / −) and the
 * document the line links to. A row of `table` whose `at` column is set gives one line of `kind`.
 * A new kind is one entry here and its sign and label in ../../domain/statements.ts; the close, the
 * live month, the exports and the pages read this table.
 */
import { LINE_SIGNS, type LineKind } from '../../domain/statements.js';

export interface LineSource {
  kind: LineKind;
  /** The table as Kysely names it (camelCase); it has id, no, merchantId, amount (minor units ≥ 0), currency. */
  table: string;
  /** The column (camelCase) whose instant puts the line in a month; a row where it is null gives no line. */
  at: string;
  sign: 1 | -1;
  /** What the line links to: the document's type in the API (`/api/<plural>/:id`) and the web's routes. */
  documentType: string;
}

export const LINE_SOURCES: readonly LineSource[] = [
  { kind: 'COMPENSATION', table: 'compensations', at: 'createdAt', sign: LINE_SIGNS.COMPENSATION, documentType: 'compensation' },
  { kind: 'PENALTY', table: 'penalties', at: 'createdAt', sign: LINE_SIGNS.PENALTY, documentType: 'penalty' },
  { kind: 'PENALTY_WAIVER', table: 'penalties', at: 'waivedAt', sign: LINE_SIGNS.PENALTY_WAIVER, documentType: 'penalty' },
  { kind: 'FEE', table: 'fees', at: 'createdAt', sign: LINE_SIGNS.FEE, documentType: 'fee' },
  { kind: 'FEE_WAIVER', table: 'fees', at: 'waivedAt', sign: LINE_SIGNS.FEE_WAIVER, documentType: 'fee' },
];

export const SOURCE_KINDS = LINE_SOURCES.map((s) => s.kind);
export const SOURCE_SIGNS: Record<string, 1 | -1> = Object.fromEntries(LINE_SOURCES.map((s) => [s.kind, s.sign]));
