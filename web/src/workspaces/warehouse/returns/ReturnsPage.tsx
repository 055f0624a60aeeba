/** 退货作业: returns by state — ship (carrier + tracking no.), hand over (已自提), dispose (已弃货). */
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { returnOrdersPath, useReturnWork, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../../ops/shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { useNarrow } from '../../../components/useNarrow';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../ops/shared/format';
import { PageHeader } from '../../ops/shared/PageHeader';
import { emptyHint } from '../../ops/shared/empty';

const TABS: Record<string, string> = {
  AWAITING_SHIPMENT: 'AWAITING_SHIPMENT',
  AWAITING_PICKUP: 'AWAITING_PICKUP',
  AWAITING_DISPOSAL: 'AWAITING_DISPOSAL',
  PENDING_METHOD: 'PENDING_METHOD',
  DONE: 'SHIPPED,SIGNED,PICKED_UP,DISPOSED',
};

export default function ReturnsPage() {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { status } = useLabels();
  const { filters, setFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<Record<string, string | undefined>>();
  const tab = filters.tab && TABS[filters.tab] ? filters.tab : 'AWAITING_SHIPMENT';
  const result = usePagedList<ReturnOrder>(keys.returnOrders.list(), returnOrdersPath, { status: TABS[tab], q: filters.q }, cursor);
  const work = useReturnWork();
  const narrow = useNarrow();
  const [shipping, setShipping] = useState<ReturnOrder | null>(null);
  const [form] = Form.useForm<{ carrier: string; trackingNo: string }>();
  const act = async (kind: 'pickedUp' | 'dispose', r: ReturnOrder) => {
    try {
      await work[kind].mutateAsync({ id: r.id, version: r.version });
      message.success(t(`returns.${kind}Done`, { no: r.no }));
    } catch (e) {
      message.error(problemMessage(e, t('returns.failed')));
    }
  };
  const ship = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    try {
      await work.ship.mutateAsync({ id: shipping!.id, version: shipping!.version, carrier: v.carrier.trim(), trackingNo: v.trackingNo.trim() });
      message.success(t('returns.shipped', { no: shipping!.no }));
      setShipping(null);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('returns.failed')));
    }
  };
  const search = <Input.Search allowClear placeholder={t('returns.search')} defaultValue={filters.q} onSearch={(q) => setFilters({ q: q.trim() || undefined })} style={{ width: narrow ? '100%' : 260 }} />;
  return (
    <>
      <PageHeader title={t('returns.title')} subTitle={t('returns.subtitle')} extra={!narrow && search} />
      <Card>
        {narrow && search}
        <Tabs activeKey={tab} onChange={(k) => setFilters({ tab: k === 'AWAITING_SHIPMENT' ? undefined : k })}
          items={Object.keys(TABS).map((k) => ({ key: k, label: k === 'DONE' ? t('returns.done') : status('returnOrder', k) }))} />
        <PagedTable<ReturnOrder> result={result} pager={{ hasPrev, goNext, goPrev }} cards={{}} filtered={!!filters.q} {...emptyHint(result, t(`returns.empty.${tab}`), !!filters.q)}
          columns={[
            { title: t('returns.no'), dataIndex: 'no', render: (no: string, r) => <Space size={4}>{no}{r.sealed && <Tag>{t('returns.sealed')}</Tag>}</Space> },
            { title: t('returns.source'), key: 'src', render: (_, r) => <div><div>{r.sourceException?.no ?? '-'}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.deliveryNote?.no}</Typography.Text></div> },
            { title: t('returns.lines'), key: 'lines', render: (_, r) => <div style={{ maxWidth: 260 }}>{r.lines.map((l) => <div key={l.skuId}>{l.skuCode} {l.skuName} ×{l.qty}</div>)}</div> },
            { title: t('returns.method'), dataIndex: 'method', render: (m: string | null) => (m ? t(`common:returnMethods.${m}`) : '-') },
            {
              title: t('returns.where'), key: 'where',
              render: (_, r) => (r.method === 'PLATFORM_LOGISTICS' && r.address
                ? <div style={{ maxWidth: 260 }}><div>{r.address.name} {r.address.phone}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.address.region} {r.address.detail}</Typography.Text></div>
                : r.method === 'MERCHANT_PICKUP' ? t('returns.pickupAt', { at: fmtTime(r.pickupAt) }) : '-'),
            },
            { title: t('returns.tracking'), key: 'tracking', render: (_, r) => (r.trackingNo ? `${r.carrier} ${r.trackingNo}` : '-') },
            { title: t('common:list.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="returnOrder" status={s} /> },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, r) => (
                r.status === 'AWAITING_SHIPMENT' ? <Button type="primary" size="small" onClick={() => setShipping(r)} data-testid={`ship-${r.no}`}>{t('returns.ship')}</Button>
                : r.status === 'AWAITING_PICKUP' ? (
                  <Popconfirm title={t('returns.pickedUpAsk')} onConfirm={() => act('pickedUp', r)} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button type="primary" size="small" data-testid={`picked-up-${r.no}`}>{t('returns.pickedUp')}</Button>
                  </Popconfirm>
                ) : r.status === 'AWAITING_DISPOSAL' ? (
                  <Popconfirm title={t('returns.disposeAsk')} onConfirm={() => act('dispose', r)} okText={t('common:common.confirm')} cancelText={t('common:common.cancel')}>
                    <Button danger size="small" data-testid={`dispose-${r.no}`}>{t('returns.dispose')}</Button>
                  </Popconfirm>
                ) : r.status === 'PENDING_METHOD' ? <Typography.Text type="secondary">{t('returns.waitMerchant', { at: fmtTime(r.methodDueAt) })}</Typography.Text> : null
              ),
            },
          ]} />
      </Card>
      <Modal open={!!shipping} title={t('returns.shipTitle', { no: shipping?.no })} onOk={ship} onCancel={() => setShipping(null)} confirmLoading={work.ship.isPending}
        okText={t('returns.ship')} cancelText={t('common:common.cancel')} destroyOnHidden okButtonProps={{ 'data-testid': 'ship-ok' }}>
        {shipping?.address && <Typography.Paragraph type="secondary">{t('returns.shipTo')}: {shipping.address.name} {shipping.address.phone} · {shipping.address.region} {shipping.address.detail}</Typography.Paragraph>}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="carrier" label={t('returns.carrier')} rules={[{ required: true, whitespace: true, message: t('returns.carrierHint') }]}>
            <Input maxLength={100} placeholder={t('returns.carrierHint')} data-testid="ship-carrier" />
          </Form.Item>
          <Form.Item name="trackingNo" label={t('returns.trackingNo')} rules={[{ required: true, whitespace: true, message: t('returns.trackingHint') }]}>
            <Input maxLength={100} placeholder={t('returns.trackingHint')} data-testid="ship-tracking" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
