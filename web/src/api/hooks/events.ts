/** A document's history entry, as every detail endpoint answers it. */
export interface DocEvent {
  id: string;
  action: string;
  actor: { id: string; name?: string; role: string } | null;
  from: string | null;
  to: string | null;
  data: Record<string, unknown> | null;
  at: string;
}
