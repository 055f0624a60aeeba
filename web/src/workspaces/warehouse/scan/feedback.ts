/**
 * What a scan feels like, before the server answers: a short sound (Web Audio, no asset files), a
 * vibration, and the colour the page shows. Three outcomes, each distinct by ear alone:
 * booked — one short high beep; attention — two middle beeps; refused — one long low tone.
 */
export type Outcome = 'booked' | 'attention' | 'refused';

const TONES: Record<Outcome, { hz: number; ms: number; gap?: number; repeat?: number }> = {
  booked: { hz: 1760, ms: 70 },
  attention: { hz: 880, ms: 90, gap: 60, repeat: 2 },
  refused: { hz: 220, ms: 380 },
};
const VIBRATE: Record<Outcome, number | number[]> = { booked: 30, attention: [60, 60, 60], refused: [250] };

export const OUTCOME_COLOURS: Record<Outcome | 'idle', string> = {
  idle: '#f0f5ff', booked: '#d9f7be', attention: '#fff1b8', refused: '#ffccc7',
};

let audio: AudioContext | undefined;

function beep(o: Outcome): void {
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return;
  audio ??= new Ctor();
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  const tone = TONES[o];
  const start = audio.currentTime;
  for (let i = 0; i < (tone.repeat ?? 1); i++) {
    const at = start + i * (tone.ms + (tone.gap ?? 0)) / 1000;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = o === 'refused' ? 'sawtooth' : 'square';
    osc.frequency.value = tone.hz;
    gain.gain.setValueAtTime(0.12, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + tone.ms / 1000);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + tone.ms / 1000);
  }
}

/**
 * The page's scan state (`data-testid="scan-state"`) takes the outcome's colour and a short pulse at
 * once, in the next frame, before React renders the rest of the scan (the page renders scans as a
 * transition, see ScanStep); React then writes the same colour with the message.
 */
function show(o: Outcome): void {
  const el = document.querySelector<HTMLElement>('[data-testid="scan-state"]');
  if (!el) return;
  el.style.background = OUTCOME_COLOURS[o];
  el.dataset.outcome = o;
  el.animate?.([{ transform: 'scale(1.03)', filter: 'brightness(0.9)' }, { transform: 'none', filter: 'none' }], { duration: 180, easing: 'ease-out' });
}

/** Sound, vibration and colour for one scan's outcome; never throws (a page without audio still works). */
export function signal(o: Outcome): void {
  try { beep(o); } catch { /* no audio output */ }
  try { navigator.vibrate?.(VIBRATE[o]); } catch { /* no vibration motor */ }
  try { show(o); } catch { /* no scan state on this page */ }
  performance.mark(`scan-feedback:${o}`);
}
