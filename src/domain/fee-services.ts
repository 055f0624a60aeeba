/**
 * The services a fee charges for and their labels (../domain/fees.ts prices them). Kept apart from
 * the rules, which name subtypes: the merchant's web bundle imports these labels, never a subtype
 * (src/http/staff-assets.ts gates every chunk that names one).
 */
import type { Labels } from './catalog.js';

export const FEE_SERVICES = ['RELABEL', 'REPACK', 'DISPOSAL', 'RETURN_FREIGHT'] as const;
export type FeeService = (typeof FEE_SERVICES)[number];

export const FEE_SERVICE_LABELS: Record<FeeService, Labels> = {
  RELABEL: { 'zh-CN': '贴标费', 'en-US': 'Relabelling' },
  REPACK: { 'zh-CN': '重新包装费', 'en-US': 'Repacking' },
  DISPOSAL: { 'zh-CN': '销毁处置费', 'en-US': 'Disposal' },
  RETURN_FREIGHT: { 'zh-CN': '退货运费', 'en-US': 'Return freight' },
};
