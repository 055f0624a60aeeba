/** The catalog from the server: labels for every code in the current language. */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from './client';
import { keys } from './keys';

export interface Labels {
  'zh-CN': string;
  'en-US': string;
}
interface Coded {
  code: string;
  label: Labels;
}
export interface Catalog {
  orderTypes: Coded[];
  stages: Coded[];
  types: (Coded & { plans: string[] })[];
  plans: (Coded & { orderTypes: string[] })[];
  effects: Coded[];
  taskCategories: (Coded & { todo: Labels })[];
  statuses: Record<string, (Coded & { next: string[] })[]>;
  subtypes?: (Coded & { type: string; stages: string[]; lines: string; noteStatuses: string[]; plans: { plan: string; taskCategory: string }[] })[];
}

/**
 * The catalog's public part (labels, statuses; never the staff-only subtypes) is kept in localStorage,
 * so a handheld that starts without network still shows labels rather than codes; it is asked for again
 * when the network is back.
 */
const KEPT = 'tally-catalog';

async function fetchCatalog(qc: QueryClient): Promise<Catalog> {
  try {
    const catalog = await api.get<Catalog>('/catalog');
    try { localStorage.setItem(KEPT, JSON.stringify({ ...catalog, subtypes: undefined })); } catch { /* storage full or off */ }
    return catalog;
  } catch (e) {
    const kept = e instanceof ApiError ? null : localStorage.getItem(KEPT);
    if (!kept) throw e;
    window.addEventListener('online', () => void qc.invalidateQueries({ queryKey: keys.catalog }), { once: true });
    return JSON.parse(kept) as Catalog;
  }
}

export function useCatalog() {
  const qc = useQueryClient();
  return useQuery({ queryKey: keys.catalog, queryFn: () => fetchCatalog(qc), staleTime: Infinity });
}

type Kind = 'orderTypes' | 'stages' | 'types' | 'plans' | 'effects' | 'taskCategories' | 'subtypes';

/** `label('plans', 'CONTINUE_DELIVERY')` → 继续来货 / Continue delivery; `status('exception', 'PENDING')`. */
export function useLabels() {
  const { data } = useCatalog();
  const { i18n } = useTranslation();
  const lang = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as keyof Labels;
  const label = (kind: Kind, code?: string | null) => {
    if (!code) return '';
    const hit = (data?.[kind] as Coded[] | undefined)?.find((c) => c.code === code);
    return hit ? hit.label[lang] : code;
  };
  const status = (doc: string, code?: string | null) => {
    if (!code) return '';
    return data?.statuses[doc]?.find((s) => s.code === code)?.label[lang] ?? code;
  };
  const todo = (category?: string | null) => data?.taskCategories.find((c) => c.code === category)?.todo[lang] ?? '';
  const options = (kind: Kind) => ((data?.[kind] as Coded[] | undefined) ?? []).map((c) => ({ value: c.code, label: c.label[lang] }));
  const statusOptions = (doc: string) => (data?.statuses[doc] ?? []).map((s) => ({ value: s.code, label: s.label[lang] }));
  return { catalog: data, lang, label, status, todo, options, statusOptions };
}
