/**
 * A table on a desktop, cards on a handheld, from the same columns: a card is the row, its first
 * column the title, the `status` column at the title's right, the others as label / value lines and
 * the `actions` column as a row of buttons at the bottom. The columns' own renderers draw the
 * cards, so the test ids and handlers of a row (links, buttons, inputs) are the same in both.
 */
import { Card, Empty, Flex, Spin, Table, Typography, type TableColumnType, type TableProps } from 'antd';
import type { Key, ReactNode } from 'react';
import { useNarrow } from './useNarrow';

/** Which columns (by `key`, else `dataIndex`) go where on a card; unnamed ones take the defaults above. */
export interface CardSlots {
  title?: string;
  extra?: string;
  actions?: string;
  /** Columns that say nothing on a card (a second status, a column the title already shows). */
  hide?: string[];
  /** A column whose value takes the card's whole width (a progress bar, an input). */
  wide?: string[];
}

export type ResponsiveTableProps<T> = TableProps<T> & { cards?: CardSlots };

type Col<T> = TableColumnType<T>;
type Path = string | number | readonly (string | number)[] | undefined;
/** The column's dataIndex, read as plain keys (its own type is a deep name path that makes the checker crawl every record). */
const pathOf = <T,>(c: Col<T>): Path => (c as { dataIndex?: unknown }).dataIndex as Path;
const idOf = <T,>(c: Col<T>, i: number) => { const p = pathOf(c); return String(c.key ?? (Array.isArray(p) ? p.join('.') : p ?? i)); };

function cell<T>(c: Col<T> | undefined, row: T, index: number): ReactNode {
  if (!c) return null;
  const di = pathOf(c);
  const path = di === undefined ? [] : Array.isArray(di) ? di : [di];
  const value = path.reduce<unknown>((v, k) => (v == null ? v : (v as Record<string, unknown>)[k as string]), path.length ? row : undefined);
  if (!c.render) return value as ReactNode;
  const out = c.render(value, row, index) as unknown;
  // a renderer may answer { children, props } (cell spans): a card wants only the content
  return out && typeof out === 'object' && 'children' in out && 'props' in out && !('$$typeof' in out) ? (out as { children: ReactNode }).children : (out as ReactNode);
}

export function ResponsiveTable<T extends object>({ cards, ...table }: ResponsiveTableProps<T>) {
  const narrow = useNarrow();
  if (!narrow || !cards) return <Table<T> {...table} />;
  return <CardList<T> table={table} slots={cards} />;
}

function CardList<T extends object>({ table, slots }: { table: TableProps<T>; slots: CardSlots }) {
  const columns = (table.columns ?? []) as Col<T>[];
  const ids = columns.map(idOf);
  const find = (id: string | undefined) => (id === undefined ? -1 : ids.indexOf(id));
  const titleAt = slots.title ? find(slots.title) : 0;
  const extraAt = find(slots.extra ?? 'status');
  const actionsAt = find(slots.actions ?? 'actions');
  const hidden = new Set(slots.hide ?? []);
  const wide = new Set(slots.wide ?? []);
  const lines = columns.map((c, i) => ({ c, i })).filter(({ c, i }) => i !== titleAt && i !== extraAt && i !== actionsAt && !hidden.has(ids[i]) && !c.hidden);
  const rows = (table.dataSource ?? []) as readonly T[];
  const keyOf = (r: T, i: number): Key => (typeof table.rowKey === 'function' ? table.rowKey(r, i) : (r as Record<string, Key>)[(table.rowKey as string) ?? 'key'] ?? i);
  const loading = typeof table.loading === 'boolean' ? table.loading : !!table.loading?.spinning;
  const empty = table.locale?.emptyText;
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8} data-testid={(table as Record<string, unknown>)['data-testid'] as string | undefined}>
        {!rows.length && (empty !== undefined ? (typeof empty === 'function' ? empty() : empty) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />)}
        {rows.map((r, index) => {
          const onRow = table.onRow?.(r, index);
          const selected = (typeof table.rowClassName === 'function' ? table.rowClassName(r, index, 0) : table.rowClassName)?.includes('selected');
          const title = cell(columns[titleAt], r, index);
          const extra = extraAt >= 0 && cell(columns[extraAt], r, index);
          const actions = actionsAt >= 0 && cell(columns[actionsAt], r, index);
          return (
            <Card key={keyOf(r, index)} size="small" onClick={onRow?.onClick as never}
              style={{ cursor: onRow?.onClick ? 'pointer' : undefined, borderColor: selected ? '#1677ff' : undefined, background: selected ? '#e6f4ff' : undefined }}
              styles={{ body: { padding: 12 } }}>
              <Flex justify="space-between" align="flex-start" gap={8}>
                <div style={{ minWidth: 0, overflowWrap: 'anywhere', fontWeight: 600 }}>{title}</div>
                {extra && <div style={{ flexShrink: 0 }}>{extra}</div>}
              </Flex>
              {lines.length > 0 && (
                <div style={{ display: 'grid', gridTemplateColumns: 'fit-content(40%) minmax(0, 1fr)', columnGap: 12, rowGap: 4, marginTop: 8 }}>
                  {lines.map(({ c, i }) => (wide.has(ids[i]) ? (
                    <div key={ids[i]} style={{ gridColumn: '1 / -1', minWidth: 0 }}>
                      <Typography.Text type="secondary">{c.title as ReactNode}</Typography.Text>
                      <div>{cell(c, r, index)}</div>
                    </div>
                  ) : [
                    <Typography.Text key={`${ids[i]}:label`} type="secondary">{c.title as ReactNode}</Typography.Text>,
                    <div key={ids[i]} style={{ minWidth: 0, overflowWrap: 'break-word' }}>{cell(c, r, index) ?? '-'}</div>,
                  ]))}
                </div>
              )}
              {actions && (
                // a tap on a row's button does that button's job, not the card's
                <div onClick={(e) => e.stopPropagation()} style={{ marginTop: 10, paddingTop: 10, borderTop: '1px solid #f0f0f0' }}>{actions}</div>
              )}
            </Card>
          );
        })}
      </Flex>
    </Spin>
  );
}
