/**
 * ProTable-like query form above a list: fields in a grid, 查询 / 重置 on the right. Values live in
 * the URL (useUrlFilters), so a filtered list can be shared and survives a reload. A `dateRange`
 * field maps to the `from` / `to` parameters (ISO instants, start and end of day).
 */
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { SearchOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export type FilterField =
  | { kind: 'text'; name: string; label: string; placeholder?: string }
  | { kind: 'select'; name: string; label: string; options: { value: string; label: string }[]; multiple?: boolean }
  | { kind: 'dateRange'; name: string; label: string };

interface Props {
  fields: FilterField[];
  filters: Record<string, string | undefined>;
  setFilters: (next: Record<string, string | undefined>) => void;
  /** Parameters that survive 重置 (e.g. the current tab). */
  keep?: Record<string, string | undefined>;
  resetFilters: (keep?: Record<string, string | undefined>) => void;
}

export function FilterBar({ fields, filters, setFilters, resetFilters, keep }: Props) {
  const { t } = useTranslation();
  const { t: tm } = useTranslation('merchant');
  const initial: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'dateRange') initial[f.name] = filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : undefined;
    else if (f.kind === 'select' && f.multiple) initial[f.name] = filters[f.name]?.split(',').filter(Boolean);
    else initial[f.name] = filters[f.name];
  }
  const submit = (values: Record<string, unknown>) => {
    const next: Record<string, string | undefined> = {};
    for (const f of fields) {
      const v = values[f.name];
      if (f.kind === 'dateRange') {
        const [a, b] = (v as [Dayjs | null, Dayjs | null] | undefined) ?? [];
        next.from = a ? a.startOf('day').toISOString() : undefined;
        next.to = b ? b.endOf('day').toISOString() : undefined;
      } else if (Array.isArray(v)) next[f.name] = v.length ? v.join(',') : undefined;
      else next[f.name] = typeof v === 'string' ? v.trim() || undefined : undefined;
    }
    setFilters(next);
  };
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 0 } }}>
      {/* remounted when the URL changes so the form always shows what the list is filtered by */}
      <Form key={JSON.stringify(filters)} layout="horizontal" initialValues={initial} onFinish={submit} labelCol={{ flex: '96px' }} data-testid="filter-bar">
        <Row gutter={24}>
          {fields.map((f) => (
            <Col key={f.name} xs={24} md={12} xl={f.kind === 'dateRange' ? 8 : 6}>
              <Form.Item name={f.name} label={f.label} style={{ marginBottom: 24 }}>
                {f.kind === 'text' ? <Input allowClear placeholder={f.placeholder} data-testid={`filter-${f.name}`} />
                  : f.kind === 'select' ? <Select allowClear mode={f.multiple ? 'multiple' : undefined} maxTagCount="responsive" options={f.options} placeholder={tm('filters.all')} data-testid={`filter-${f.name}`} />
                    : <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />}
              </Form.Item>
            </Col>
          ))}
          <Col flex="auto" style={{ textAlign: 'right', marginBottom: 24 }}>
            <Space>
              <Button icon={<UndoOutlined />} onClick={() => resetFilters(keep)}>{t('list.reset')}</Button>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-search">{t('list.search')}</Button>
            </Space>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
