/**
 * Calendar days in the platform's time zone (settings.timeZone): a fact belongs to the day its
 * timestamp falls on there, written `YYYY-MM-DD`. Pure: Intl does the zone arithmetic.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** An instant's wall-clock fields in `timeZone`. */
function partsIn(at: string | Date, timeZone: string): Record<string, string> {
  const parts = formatterOf(timeZone).formatToParts(typeof at === 'string' ? new Date(at) : at);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The day an ISO instant falls on in `timeZone`. */
export function dayOf(iso: string | Date, timeZone: string): string {
  const p = partsIn(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An ISO instant → "2026-12-04 18:43:05" in `timeZone` (exports); none → empty. */
export function zonedTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = partsIn(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole seconds from one ISO instant to another (never negative). */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** The Monday starting the ISO week of `day`. */
export function weekOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(day, -((dow + 6) % 7));
}
