/**
 * An empty list that says what will fill it or what to do next. Spread onto PagedTable; when the
 * list is filtered it adds nothing, so the shared "change or reset the filters" text shows.
 */
import { Empty } from 'antd';
import type { ReactNode } from 'react';

export function emptyHint(result: { isLoading: boolean }, description: ReactNode, filtered = false) {
  if (filtered) return {};
  return { locale: { emptyText: result.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} /> } };
}
