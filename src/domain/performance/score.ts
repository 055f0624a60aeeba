/**
 * The merchant's 0–100 score (docs/performance.md): a weighted mean of component scores, each
 * 0–100, over the components that have data in the period; bands label the score (and say whether
 * to warn). Weights, the rates that score 0, and bands are settings (settings.scorecard).
 */
import type { Labels } from '../catalog.js';

export const SCORE_COMPONENTS = ['exceptionRate', 'otif', 'jitOnTime', 'response'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

export interface ScoreBand { code: string; min: number; warn: boolean; label: Labels }

export interface ScorecardRules {
  /** Relative weights of the components (any non-negative numbers; a component without data drops out). */
  weights: Record<ScoreComponent, number>;
  /** The exception rate (% of arrived units) that scores 0; 0 % scores 100, linearly between. */
  worstExceptionRatePct: number;
  /** The mean merchant response time (hours) that scores 0; immediate scores 100. */
  worstResponseHours: number;
  /** Ascending by `min`, the first at 0: a score takes the last band whose `min` it reaches. */
  bands: ScoreBand[];
}

export const DEFAULT_SCORECARD: ScorecardRules = {
  weights: { exceptionRate: 40, otif: 30, jitOnTime: 20, response: 10 },
  worstExceptionRatePct: 10,
  worstResponseHours: 7 * 24,
  // ERPNext's supplier scorecard: under 30 would block, 30–50 warns; here bands only label and warn
  bands: [
    { code: 'CRITICAL', min: 0, warn: true, label: { 'zh-CN': '严重', 'en-US': 'Critical' } },
    { code: 'AT_RISK', min: 30, warn: true, label: { 'zh-CN': '预警', 'en-US': 'At risk' } },
    { code: 'FAIR', min: 50, warn: false, label: { 'zh-CN': '一般', 'en-US': 'Fair' } },
    { code: 'GOOD', min: 70, warn: false, label: { 'zh-CN': '良好', 'en-US': 'Good' } },
    { code: 'EXCELLENT', min: 90, warn: false, label: { 'zh-CN': '优秀', 'en-US': 'Excellent' } },
  ],
};

/** The inputs of the score: each null when the period has nothing to measure it by. */
export interface ScoreInputs {
  exceptionRatePct: number | null;
  otifPct: number | null;
  jitOnTimePct: number | null;
  responseHours: number | null;
}

const clamp = (x: number) => Math.max(0, Math.min(100, x));

export function componentScores(i: ScoreInputs, rules: ScorecardRules): Record<ScoreComponent, number | null> {
  return {
    exceptionRate: i.exceptionRatePct === null ? null : clamp(100 * (1 - i.exceptionRatePct / rules.worstExceptionRatePct)),
    otif: i.otifPct === null ? null : clamp(i.otifPct),
    jitOnTime: i.jitOnTimePct === null ? null : clamp(i.jitOnTimePct),
    response: i.responseHours === null ? null : clamp(100 * (1 - i.responseHours / rules.worstResponseHours)),
  };
}

/** The weighted score rounded to one decimal, or null when no component has data (or every weight is 0). */
export function scoreOf(i: ScoreInputs, rules: ScorecardRules): { score: number | null; components: Record<ScoreComponent, number | null> } {
  const components = componentScores(i, rules);
  let sum = 0;
  let weight = 0;
  for (const c of SCORE_COMPONENTS) {
    const v = components[c];
    if (v === null || !rules.weights[c]) continue;
    sum += v * rules.weights[c];
    weight += rules.weights[c];
  }
  return { score: weight ? Math.round((sum / weight) * 10) / 10 : null, components };
}

export function bandOf(score: number | null, bands: readonly ScoreBand[]): ScoreBand | null {
  if (score === null) return null;
  let found: ScoreBand | null = null;
  for (const b of bands) if (score >= b.min) found = b;
  return found;
}

/** Why a band list cannot be used, or null: ascending mins, the first at 0, codes unique. */
export function bandsProblem(bands: readonly ScoreBand[]): string | null {
  if (!bands.length) return 'At least one band';
  if (bands[0].min !== 0) return 'The first band starts at 0';
  for (let i = 1; i < bands.length; i++) if (bands[i].min <= bands[i - 1].min) return 'Bands ascend by min';
  if (new Set(bands.map((b) => b.code)).size !== bands.length) return 'A band code is listed twice';
  return null;
}
