/** 自动处理规则: ordered policies; the first that matches decides. OPS edits and reorders; ADMIN reads. */
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useNames } from '../../../api/hooks/admin';
import { usePolicies, usePolicyActions, type Policy } from '../../../api/hooks/policies';
import { useSession } from '../../../auth/session';
import { problemMessage } from '../shared/problem';
import { ErrorState } from '../../../components/States';
import { PageHeader } from '../../../components/PageHeader';
import { PolicyDrawer } from './PolicyDrawer';

const range = (a: number | null | undefined, b: number | null | undefined, unit = '') =>
  a == null && b == null ? '-' : `${a ?? 0}${unit} ~ ${b == null ? '∞' : `${b}${unit}`}`;

export default function PoliciesPage() {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { label } = useLabels();
  const { user } = useSession();
  const canEdit = user?.role === 'OPS';
  const names = useNames();
  const list = usePolicies();
  const { remove, reorder } = usePolicyActions();
  const [editing, setEditing] = useState<Policy | null>(null);
  const [open, setOpen] = useState(false);
  const items = list.data?.items ?? [];
  const run = async (p: Promise<unknown>, ok: string) => {
    try { await p; message.success(ok); } catch (e) { message.error(problemMessage(e, t('policies.failed'))); }
  };
  const move = (i: number, d: -1 | 1) => {
    const ids = items.map((p) => p.id);
    [ids[i], ids[i + d]] = [ids[i + d], ids[i]];
    void run(reorder.mutateAsync(ids), t('policies.reordered'));
  };
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader title={t('policies.title')} subTitle={t('policies.subtitle')}
        extra={canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setOpen(true); }} data-testid="policy-create">{t('policies.create')}</Button>} />
      <Card>
        <Table<Policy> rowKey="id" loading={list.isFetching} dataSource={items} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: list.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={canEdit ? t('policies.empty') : t('policies.emptyReadOnly')} /> }}
          columns={[
            { title: '#', key: 'pos', width: 48, render: (_, __, i) => i + 1 },
            { title: t('policies.name'), dataIndex: 'name', render: (n: string, p) => <Space>{n}{!p.enabled && <Tag>{t('policies.disabled')}</Tag>}</Space> },
            { title: t('policies.applyAt'), dataIndex: 'applyAt', render: (a: string) => t(`policies.applyAtValue.${a}`) },
            { title: t('field.subtype'), dataIndex: 'subtypes', render: (s: string[]) => <div style={{ maxWidth: 260 }}>{s.map((c) => <Tag key={c} style={{ marginBottom: 4 }}>{label('subtypes', c)}</Tag>)}</div> },
            { title: t('field.orderType'), dataIndex: 'orderTypes', render: (o: string[] | null) => (o?.length ? o.map((c) => label('orderTypes', c)).join(', ') : t('policies.any')) },
            { title: t('field.merchant'), dataIndex: 'merchantIds', render: (m: string[] | null) => (m?.length ? m.map(names.merchant).join(', ') : t('policies.any')) },
            { title: t('policies.qty'), key: 'qty', render: (_, p) => range(p.minQty, p.maxQty) },
            { title: t('policies.percent'), key: 'pct', render: (_, p) => range(p.minPercent, p.maxPercent, '%') },
            {
              title: t('field.plan'), key: 'plan',
              render: (_, p) => <>{p.plan ? <Typography.Text strong>{label('plans', p.plan)}</Typography.Text> : '-'}{p.honourMerchantPreference && <div><Tag color="blue">{t('policies.honour')}</Tag></div>}</>,
            },
            ...(canEdit ? [{
              title: t('common:list.actions'), key: 'actions', fixed: 'right' as const,
              render: (_: unknown, p: Policy, i: number) => (
                <Space size={0}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('policies.up')} />
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t('policies.down')} />
                  <Button type="link" size="small" onClick={() => { setEditing(p); setOpen(true); }}>{t('policies.editAction')}</Button>
                  <Popconfirm title={t('policies.deleteAsk')} onConfirm={() => run(remove.mutateAsync({ id: p.id, version: p.version }), t('policies.deleted'))}
                    okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button type="link" size="small" danger>{t('policies.delete')}</Button>
                  </Popconfirm>
                </Space>
              ),
            }] : []),
          ]} />
      </Card>
      <PolicyDrawer policy={editing} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
