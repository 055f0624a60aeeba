/**
 * A stop within a bound: the parts of the server stop in phases (first the HTTP listeners and the
 * job loop together, then the database pools they used), and if that takes longer than the bound,
 * the answer names what was still running so the exit can say it.
 */

export interface StopPart {
  name: string;
  stop(): Promise<void>;
  /** What keeps it busy now (requests in flight, the job running), asked when the bound is passed. */
  busy?(): string[];
}

export type StopOutcome =
  | { ok: true; ms: number }
  | { ok: false; ms: number; reason: string };

/** Runs each phase's parts at once, phase after phase; settles by `boundMs` at the latest. */
export async function stopWithin(phases: StopPart[][], boundMs: number): Promise<StopOutcome> {
  const started = Date.now();
  const pending = new Set<StopPart>(phases.flat());
  const failures: string[] = [];
  const run = async () => {
    for (const phase of phases) {
      await Promise.all(phase.map(async (part) => {
        try {
          await part.stop();
        } catch (e) {
          failures.push(`${part.name}: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          pending.delete(part);
        }
      }));
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), boundMs); });
  const result = await Promise.race([run().then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  const ms = Date.now() - started;
  if (result === 'late') {
    const still = [...pending].map((p) => {
      const busy = p.busy?.() ?? [];
      return busy.length ? `${p.name} (${busy.join('; ')})` : p.name;
    });
    return { ok: false, ms, reason: `did not stop within ${boundMs / 1000} s; still running: ${still.join(', ')}` };
  }
  if (failures.length) return { ok: false, ms, reason: `stopped with errors: ${failures.join('; ')}` };
  return { ok: true, ms };
}
