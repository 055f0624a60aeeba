/** Which subtypes the catalog allows on a note as it is now, and at which stage (mirrors the server's rule). */
import type { Catalog } from '../../../api/catalog';
import type { DeliveryNote } from '../../../api/hooks/deliveryNotes';

export type SubtypeDef = NonNullable<Catalog['subtypes']>[number];

export function stageFor(s: SubtypeDef, note: DeliveryNote): string | null {
  if (!s.noteStatuses.includes(note.status)) return null;
  const inQc = note.lines.some((l) => l.passed + l.failed > 0);
  const fromNote = note.status === 'IN_TRANSIT' && s.stages.includes('TRANSIT') ? 'TRANSIT' : inQc ? 'QC' : 'RECEIVING';
  const stage = !s.stages.includes(fromNote) && fromNote === 'QC' && s.stages.includes('RECEIVING') ? 'RECEIVING' : fromNote;
  return s.stages.includes(stage) ? stage : null;
}

export function allowedSubtypes(catalog: Catalog | undefined, note: DeliveryNote | undefined): (SubtypeDef & { stage: string })[] {
  if (!catalog?.subtypes || !note) return [];
  return catalog.subtypes.flatMap((s) => {
    const stage = stageFor(s, note);
    return stage ? [{ ...s, stage }] : [];
  });
}

/** Subtypes that may name a SKU that is not on the note (its own line with declared 0). */
export const NEW_SKU_SUBTYPES = ['WRONG_GOODS'];
