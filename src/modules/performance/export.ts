/**
 * Exports of the scorecards (issue 13), streamed like every list (../shared/export.ts):
 * - 商家表现: the ranking with its period, warehouse and sort, one row per merchant, paged by the
 *   ranking's own SQL paging (./ranking.ts);
 * - 入库表现: one merchant's scorecard as rows (the summary figures, by exception type, by plan, week
 *   by week, and for platform staff only the causes by subtype). A merchant gets its own scorecard
 *   only (another id answers 404) and its scorecard carries no subtype, so neither does its export.
 */
import { PLAN_LABELS, subtypeDef, TYPE_LABELS, type Labels } from '../../domain/catalog.js';
import { COACHING_LABELS, type CoachingLevel } from '../../domain/performance/coaching.js';
import { labelOf, major, type ExportColumn, type ExportSpec } from '../shared/export.js';
import type { Page } from '../shared/pagination.js';
import type { Ctx } from '../shared/context.js';
import { rankScorecards, type RankFilters } from './ranking.js';
import { merchantScorecard } from './scorecard.js';

const L = (zh: string, en: string): Labels => ({ 'zh-CN': zh, 'en-US': en });
const level = (code: string | null | undefined, lang: keyof Labels) => (code ? COACHING_LABELS[code as CoachingLevel]?.label[lang] ?? code : '');

// ---------------------------------------------------------------- 商家表现

type Ranked = Awaited<ReturnType<typeof rankScorecards>>['items'][number];

export const rankingExport: ExportSpec<Ranked & { merchantId: string }, RankFilters> = {
  file: 'merchant-ranking',
  title: L('商家表现', 'Merchant performance'),
  list: async (ctx, f) => {
    const page = await rankScorecards(ctx, f);
    // merchantId: the export's names come from it
    return { items: page.items.map((i) => ({ ...i, merchantId: i.merchant.id })), nextCursor: page.nextCursor };
  },
  columns: () => [
    { header: L('商家', 'Merchant'), value: (r) => r.merchant.name, width: 24 },
    { header: L('得分', 'Score'), value: (r) => r.score, width: 8 },
    { header: L('等级', 'Band'), value: (r, { lang }) => r.band?.label[lang] ?? '', width: 10 },
    { header: L('到货件数', 'Units arrived'), value: (r) => r.units.arrived, width: 12 },
    { header: L('异常件数', 'Exception units'), value: (r) => r.units.exception, width: 12 },
    { header: L('异常率 %', 'Exception rate %'), value: (r) => r.exceptionRate.pct, width: 14 },
    { header: L('异常率 PPM', 'Exception PPM'), value: (r) => r.exceptionRate.ppm, width: 14 },
    { header: L('准时足量 %', 'OTIF %'), value: (r) => r.otif.otifPct, width: 12 },
    { header: L('JIT 准时 %', 'JIT on time %'), value: (r) => r.jit.onTimePct, width: 12 },
    { header: L('平均响应(小时)', 'Mean response (h)'), value: (r) => r.response.avgHours, width: 14 },
    { header: L('罚款', 'Penalties'), value: (r) => r.cost.penalties.map((p) => `${(major(p.amount) ?? 0).toFixed(2)} ${p.currency}`).join('; '), width: 16 },
    { header: L('赔付', 'Compensations'), value: (r) => r.cost.compensations.map((p) => `${(major(p.amount) ?? 0).toFixed(2)} ${p.currency}`).join('; '), width: 16 },
    { header: L('最高辅导级别', 'Worst coaching level'), value: (r, { lang }) => level(r.worstCoachingLevel, lang), width: 14 },
  ],
};

// ---------------------------------------------------------------- 入库表现

const SECTIONS = {
  summary: L('概览', 'Summary'), byType: L('按异常类型', 'By exception type'), byPlan: L('按处理方案', 'By plan'),
  weekly: L('按周', 'By week'), causes: L('异常原因', 'Causes'),
} as const;
type Section = keyof typeof SECTIONS;

const SUMMARY: Record<string, Labels> = {
  score: L('得分', 'Score'), exceptionRate: L('异常率', 'Exception rate'), otif: L('准时足量 (OTIF)', 'On time in full (OTIF)'),
  jit: L('JIT 准时率', 'JIT on time'), response: L('平均响应(小时)', 'Mean response (hours)'),
  compensations: L('收到赔付', 'Compensations received'), penalties: L('罚款', 'Penalties'),
  UNDECIDED: L('待决定', 'Not decided yet'),
};

export interface ScorecardRow {
  section: Section; item: string;
  exceptions?: number; units?: number; arrived?: number; pct?: number | null; ppm?: number | null;
  value?: number | string | null; note?: string; noteLabels?: Labels;
}

type ScorecardFilters = { merchantId: string; days?: number; warehouseId?: string };

/** The scorecard as rows, in the page's order; causes only when the scorecard has them (staff). */
export async function scorecardRows(ctx: Ctx, f: ScorecardFilters): Promise<Page<ScorecardRow>> {
  const sc = await merchantScorecard(ctx, f.merchantId, f);
  const rows: ScorecardRow[] = [
    { section: 'summary', item: 'score', value: sc.score, noteLabels: sc.band?.label },
    { section: 'summary', item: 'exceptionRate', units: sc.exceptionRate.units, arrived: sc.units.arrived, pct: sc.exceptionRate.pct, ppm: sc.exceptionRate.ppm },
    { section: 'summary', item: 'otif', value: sc.otif.otifPct, note: `${sc.otif.otif} / ${sc.otif.due}` },
    { section: 'summary', item: 'jit', value: sc.jit.onTimePct },
    { section: 'summary', item: 'response', value: sc.response.avgHours },
    ...sc.cost.compensations.map((c) => ({ section: 'summary' as const, item: 'compensations', exceptions: c.count, value: major(c.amount), note: c.currency })),
    ...sc.cost.penalties.map((c) => ({ section: 'summary' as const, item: 'penalties', exceptions: c.count, value: major(c.amount), note: c.currency })),
    ...sc.byType.map((t) => ({ section: 'byType' as const, item: t.type, exceptions: t.exceptions, units: t.units, arrived: sc.units.arrived, pct: t.pct, ppm: t.ppm, note: t.coaching.level })),
    ...sc.byPlan.map((p) => ({ section: 'byPlan' as const, item: p.plan, exceptions: p.exceptions, units: p.units, arrived: sc.units.arrived, pct: p.pct, ppm: p.ppm })),
    ...sc.weekly.map((w) => ({ section: 'weekly' as const, item: w.week, units: w.units, arrived: w.arrived, pct: w.pct, ppm: w.ppm, value: w.otifPct })),
    ...('topCauses' in sc ? sc.topCauses : []).map((c) => ({ section: 'causes' as const, item: c.subtype, exceptions: c.exceptions, units: c.units, arrived: sc.units.arrived, pct: c.pct, ppm: c.ppm, value: c.shareOfExceptionUnitsPct })),
  ];
  return { items: rows, nextCursor: null };
}

function itemLabel(r: ScorecardRow, lang: keyof Labels): string {
  switch (r.section) {
    case 'summary': return labelOf(SUMMARY, r.item, lang);
    case 'byType': return labelOf(TYPE_LABELS, r.item, lang);
    case 'byPlan': return r.item === 'UNDECIDED' ? SUMMARY.UNDECIDED[lang] : labelOf(PLAN_LABELS, r.item, lang);
    case 'weekly': return r.item;
    case 'causes': return subtypeDef(r.item)?.label[lang] ?? r.item;
  }
}

const opt = (v: number | null | undefined) => (v === undefined ? null : v);

export const scorecardExport: ExportSpec<ScorecardRow, ScorecardFilters> = {
  file: 'scorecard',
  title: L('入库表现', 'Inbound performance'),
  list: scorecardRows,
  columns: (): ExportColumn<ScorecardRow>[] => [
    { header: L('分类', 'Section'), value: (r, { lang }) => SECTIONS[r.section][lang], width: 16 },
    { header: L('项目', 'Item'), value: (r, { lang }) => itemLabel(r, lang), width: 24 },
    { header: L('异常单数', 'Exceptions'), value: (r) => opt(r.exceptions), width: 10 },
    { header: L('异常件数', 'Exception units'), value: (r) => opt(r.units), width: 12 },
    { header: L('到货件数', 'Units arrived'), value: (r) => opt(r.arrived), width: 12 },
    { header: L('异常率 %', 'Exception rate %'), value: (r) => opt(r.pct), width: 14 },
    { header: L('PPM', 'PPM'), value: (r) => opt(r.ppm), width: 10 },
    { header: L('数值', 'Value'), value: (r) => opt(r.value as number | null | undefined), width: 12 },
    {
      header: L('说明', 'Note'), width: 16,
      value: (r, { lang }) => (r.noteLabels ? r.noteLabels[lang] : r.section === 'byType' ? level(r.note, lang) : r.note ?? ''),
    },
  ],
};
