/**
 * The query band above a list (Ant Design Pro QueryFilter look): fields in a grid, 重置 / 查询 on the
 * right. Values live in the URL (useUrlFilters), so a filtered list can be shared and survives a
 * reload; a `dateRange` field maps to `from` / `to` as days (YYYY-MM-DD, see dateBounds). On a
 * handheld only the first field shows until 更多筛选.
 */
import { Button, Card, Col, DatePicker, Flex, Form, Input, Row, Select, Switch } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNarrow } from './useNarrow';

type Option = { value: string; label: string };
export type FilterField =
  | { name: string; label: string; kind: 'input'; placeholder?: string }
  | { name: string; label: string; kind: 'select'; options: Option[]; multiple?: boolean }
  | { name: string; label: string; kind: 'dateRange' } // URL keys `from` and `to` (YYYY-MM-DD)
  | { name: string; label: string; kind: 'switch' };

type Values = Record<string, unknown>;

function toForm(fields: FilterField[], filters: Record<string, string | undefined>): Values {
  const out: Values = {};
  for (const f of fields) {
    if (f.kind === 'dateRange') out[f.name] = filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : undefined;
    else if (f.kind === 'switch') out[f.name] = filters[f.name] === 'true';
    else if (f.kind === 'select' && f.multiple) out[f.name] = filters[f.name]?.split(',').filter(Boolean);
    else out[f.name] = filters[f.name];
  }
  return out;
}

function toUrl(fields: FilterField[], v: Values): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const f of fields) {
    const x = v[f.name];
    if (f.kind === 'dateRange') {
      const [a, b] = (x as [Dayjs | null, Dayjs | null] | undefined) ?? [];
      out.from = a ? a.format('YYYY-MM-DD') : undefined;
      out.to = b ? b.format('YYYY-MM-DD') : undefined;
    } else if (f.kind === 'switch') out[f.name] = x ? 'true' : undefined;
    else if (Array.isArray(x)) out[f.name] = x.length ? x.join(',') : undefined;
    else out[f.name] = typeof x === 'string' && x.trim() ? x.trim() : undefined;
  }
  return out;
}

export function FilterBar({ fields, filters, onSearch, onReset }: {
  fields: FilterField[];
  filters: Record<string, string | undefined>;
  onSearch: (values: Record<string, string | undefined>) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const narrow = useNarrow();
  const [more, setMore] = useState(false);
  // the fields past the first that hold a value, counted on the 更多筛选 button while they are folded away
  const active = fields.slice(1).filter((f) => (f.kind === 'dateRange' ? filters.from || filters.to : filters[f.name])).length;
  const folded = narrow && !more && fields.length > 1;
  const key = JSON.stringify(filters);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(fields, filters));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 0 } }}>
      <Form form={form} onFinish={(v) => onSearch(toUrl(fields, v))} labelCol={{ flex: '88px' }} labelWrap data-testid="filter-bar">
        <Row gutter={24}>
          {fields.map((f, i) => (
            // folded fields stay mounted (hidden), so a search keeps the values they hold
            <Col key={f.name} xs={24} md={12} lg={8} xl={6} style={folded && i > 0 ? { display: 'none' } : undefined}>
              <Form.Item name={f.name} label={f.label} valuePropName={f.kind === 'switch' ? 'checked' : 'value'}>
                {f.kind === 'input' ? <Input allowClear placeholder={f.placeholder} data-testid={`filter-${f.name}`} />
                  : f.kind === 'select' ? <Select allowClear mode={f.multiple ? 'multiple' : undefined} maxTagCount="responsive" options={f.options} showSearch={{ optionFilterProp: 'label' }} placeholder={t('list.all')} data-testid={`filter-${f.name}`} />
                  : f.kind === 'dateRange' ? <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
                  : <Switch />}
              </Form.Item>
            </Col>
          ))}
          <Col flex="auto">
            <Flex justify="flex-end" gap={8} style={{ marginBottom: 24 }}>
              {narrow && fields.length > 1 && (
                <Button type="link" icon={more ? <UpOutlined /> : <DownOutlined />} onClick={() => setMore(!more)} style={{ marginInlineEnd: 'auto', paddingInline: 0 }} data-testid="filter-more">
                  {more ? t('list.fewerFilters') : t('list.moreFilters')}{folded && active ? ` (${active})` : ''}
                </Button>
              )}
              <Button onClick={() => { form.resetFields(); onReset(); }} data-testid="filter-reset">{t('list.reset')}</Button>
              <Button type="primary" htmlType="submit" data-testid="filter-search">{t('list.search')}</Button>
            </Flex>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
