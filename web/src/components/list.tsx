/** List pages: filters kept in the URL (shareable), cursor pagination, and the states around a table. */
import { Button, Space, type TableProps } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page, type Query } from '../api/client';
import { EmptyState, ErrorState } from './States';
import { ResponsiveTable, type CardSlots } from './ResponsiveTable';

/** Filters live in the query string; `cursor` and `prev` (the cursors before it) page through. */
export function useUrlFilters<T extends Record<string, string | undefined>>() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    params.forEach((v, k) => { if (k !== 'cursor' && k !== 'prev') out[k] = v; });
    return out as T;
  }, [params]);
  const setFilters = (next: Partial<T>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...next })) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
    setParams(p);
  };
  const resetFilters = (keep: Partial<T> = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(keep)) if (v) p.set(k, String(v));
    setParams(p);
  };
  const cursor = params.get('cursor') ?? undefined;
  const prev = params.get('prev')?.split('~').filter(Boolean) ?? [];
  const goNext = (next: string) => {
    const p = new URLSearchParams(params);
    p.set('prev', [...prev, cursor ?? ''].join('~') || '~');
    p.set('cursor', next);
    setParams(p);
  };
  const goPrev = () => {
    const p = new URLSearchParams(params);
    const stack = [...prev];
    const back = stack.pop();
    if (back) p.set('cursor', back); else p.delete('cursor');
    if (stack.length) p.set('prev', stack.join('~')); else p.delete('prev');
    setParams(p);
  };
  return { filters, setFilters, resetFilters, cursor, hasPrev: prev.length > 0 || !!cursor, goNext, goPrev };
}

/** A list page's address with these filters in its query string (empty ones left out): `listUrl('/ops/exceptions')({ type: 'GOODS' })`. */
export const listUrl = (path: string) => (q: Record<string, string | undefined> = {}) => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
  return p.size ? `${path}?${p}` : path;
};

/** Fetches one page of a list endpoint with the URL's filters and cursor. */
export function usePagedList<T>(key: readonly unknown[], path: string, query: Query, cursor?: string, enabled = true) {
  return useQuery({
    queryKey: [...key, query, cursor ?? null],
    queryFn: () => api.get<Page<T>>(path, { ...query, cursor, limit: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination'> {
  result: ReturnType<typeof usePagedList<T>>;
  pager: Pick<ReturnType<typeof useUrlFilters>, 'hasPrev' | 'goNext' | 'goPrev'>;
  filtered?: boolean;
  /** On a handheld, the rows as cards (see ResponsiveTable); without it the table stays a table. */
  cards?: CardSlots;
}

export function PagedTable<T extends object>({ result, pager, filtered, ...table }: PagedTableProps<T>) {
  const { t } = useTranslation();
  if (result.isError) return <ErrorState error={result.error} onRetry={() => result.refetch()} />;
  const page = result.data;
  return (
    <>
      <ResponsiveTable<T> rowKey="id" size="middle" loading={result.isFetching} dataSource={page?.items ?? []} pagination={false}
        locale={{ emptyText: result.isLoading ? ' ' : <EmptyState filtered={filtered} /> }} scroll={{ x: 'max-content' }} {...table} />
      <Space style={{ marginTop: 16, display: 'flex', justifyContent: 'flex-end' }}>
        <Button disabled={!pager.hasPrev} onClick={pager.goPrev}>{t('list.prev')}</Button>
        <Button disabled={!page?.nextCursor} onClick={() => page?.nextCursor && pager.goNext(page.nextCursor)}>{t('list.next')}</Button>
      </Space>
    </>
  );
}
