/**
 * What executing a plan does, computed from the catalog's effects and the exception's lines:
 * the documents to create and the ledger moves. Preview shows it; decide executes it. Pure.
 */
import { effectsOf, subtypeDef, taskCategoryOf, type Effect, type Plan, type Subtype, type TaskCategory } from './catalog.js';

export interface Qline {
  skuId: string;
  qty: number;
}
export interface PricedLine extends Qline {
  unitPrice: number;
}

export type NoteFate = 'VOID' | 'RETURN' | 'REINSTATE' | 'KEEP';

export interface Outcome {
  plan: Plan;
  effects: readonly Effect[];
  taskCategory: TaskCategory;
  note: NoteFate;
  /** Where the original note's boxes end up. */
  boxes: 'VOIDED' | 'REFUSED' | 'RETURNED' | 'TRANSFERRED' | 'AT_DOCK' | 'UNCHANGED';
  replenishment?: PricedLine[];
  compensation?: { amount: number };
  /** New note on the same stocking order, already at the warehouse. */
  newNote?: Qline[];
  /** New accepted stocking order with its arrived note (surplus / wrong goods). */
  newOrderAndNote?: PricedLine[];
  returnOrder?: { sealed: boolean; lines: Qline[] };
  /** Held units leaving the hold on the original note's ledger. */
  ledgerMoves: { skuId: string; qty: number; to: 'returned' | 'transferred' }[];
}

export interface NoteLine {
  skuId: string;
  declared: number;
  unitPrice: number;
}

export interface OutcomeInput {
  subtype: Subtype;
  plan: Plan;
  /** The exception's lines (problem quantities). */
  lines: Qline[];
  /** The original note's lines with what was declared and its unit price. */
  noteLines: NoteLine[];
}

const declaredOf = (noteLines: NoteLine[]): Qline[] =>
  noteLines.filter((l) => l.declared > 0).map((l) => ({ skuId: l.skuId, qty: l.declared }));

export function planOutcome(input: OutcomeInput): Outcome {
  const effects = effectsOf(input.subtype, input.plan);
  const def = subtypeDef(input.subtype);
  if (!effects || !def) throw new Error(`Plan ${input.plan} is not defined for ${input.subtype}`);
  const price = new Map(input.noteLines.map((l) => [l.skuId, l.unitPrice]));
  const priced = (lines: Qline[]): PricedLine[] => lines.map((l) => ({ ...l, unitPrice: price.get(l.skuId) ?? 0 }));
  const basis = (q: 'NOTE' | 'PROBLEM'): Qline[] => (q === 'NOTE' ? declaredOf(input.noteLines) : input.lines.map((l) => ({ ...l })));
  const held = def.hold === 'HOLD' || def.hold === 'HOLD_ARRIVAL';

  const out: Outcome = {
    plan: input.plan, effects, taskCategory: taskCategoryOf(effects), note: 'KEEP', boxes: 'UNCHANGED', ledgerMoves: [],
  };
  for (const e of effects) {
    switch (e.kind) {
      case 'RECEIVE_REST':
        break;
      case 'VOID_NOTE':
        out.note = 'VOID';
        break;
      case 'RETURN_NOTE':
        out.note = 'RETURN';
        out.boxes = 'RETURNED';
        break;
      case 'REINSTATE_NOTE':
        out.note = 'REINSTATE';
        out.boxes = 'AT_DOCK';
        break;
      case 'REPLENISH':
        out.replenishment = priced(basis(e.qty));
        break;
      case 'COMPENSATE':
        out.compensation = { amount: priced(input.lines).reduce((s, l) => s + l.qty * l.unitPrice, 0) };
        break;
      case 'NEW_NOTE':
        out.newNote = basis(e.qty);
        if (e.qty === 'NOTE') out.boxes = 'TRANSFERRED';
        break;
      case 'NEW_ORDER_AND_NOTE':
        out.newOrderAndNote = priced(input.lines);
        break;
      case 'RETURN':
        out.returnOrder = { sealed: e.qty === 'NOTE', lines: basis(e.qty) };
        if (e.qty === 'NOTE') out.boxes = 'RETURNED';
        break;
    }
  }
  if (out.note === 'VOID' && out.boxes === 'UNCHANGED') out.boxes = input.subtype === 'TRANSPORT_DAMAGE' ? 'REFUSED' : 'VOIDED';
  if (held) {
    const to = out.returnOrder ? 'returned' : 'transferred';
    out.ledgerMoves = input.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, to }));
  }
  return out;
}
