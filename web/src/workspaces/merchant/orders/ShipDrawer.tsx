/**
 * 发货: step 1 creates the delivery note (未确认送货) from the form; step 2 confirms it (确认送货) or
 * leaves it for later — it stays on the 送货单 page, and this drawer shows it again for the order.
 */
import { Alert, App, Button, Drawer, Form, Result, Space, Steps, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMerchantNoteActions, type DeliveryNote } from '../../../api/hooks/deliveryNotes';
import type { StockingOrder } from '../../../api/hooks/stockingOrders';
import { applyFieldErrors, problemText } from '../../../components/feedback';
import { ErrorState, PageLoading } from '../../../components/States';
import { NoteActions, PrintLabelsButton } from '../delivery-notes/NoteActions';
import { Countdown } from '../components/Countdown';
import { fmtTime } from '../../../components/format';
import { initialShipValues, ShipForm, type ShipValues } from './ShipForm';
import { useShippable } from './shippable';

export function ShipDrawer({ order, onClose }: { order: StockingOrder | null; onClose: () => void }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShipValues>();
  const ship = useShippable(order?.id);
  const { create } = useMerchantNoteActions();
  const [created, setCreated] = useState<DeliveryNote | null>(null);
  const [ready, setReady] = useState(false);
  const anyLeft = ship.lines.some((l) => l.left > 0);

  useEffect(() => { setCreated(null); setReady(false); }, [order?.id]);
  useEffect(() => {
    if (order && !ship.loading && !ready && ship.lines.length) {
      form.resetFields();
      form.setFieldsValue(initialShipValues(ship.lines));
      setReady(true);
    }
  }, [order, ship.loading, ship.lines, ready, form]);

  const submit = async (v: ShipValues) => {
    if (!order) return;
    try {
      const note = await create.mutateAsync({
        stockingOrderId: order.id,
        logistics: v.logistics,
        expectedArrivalAt: v.expectedArrivalAt.toISOString(),
        boxes: v.boxes.map((b) => ({ lines: b.lines.map((l) => ({ skuId: l.skuId!, qty: l.qty! })) })),
      });
      setCreated(note);
      message.success(t('ship.created', { no: note.no }));
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemText(e, tc('error.generic')));
    }
  };

  const confirmedNow = created?.status === 'IN_TRANSIT';
  const afterAction = (note: DeliveryNote) => {
    if (note.status === 'CANCELLED') { setCreated(null); setReady(false); } else setCreated(note);
  };
  const others = ship.unconfirmed.filter((n) => n.id !== created?.id);

  return (
    <Drawer open={!!order} onClose={onClose} size={720} forceRender data-testid="ship-drawer"
      title={order ? t('ship.title', { no: order.no }) : ''}
      extra={order?.shipBy && order.status === 'ACCEPTED' && <Countdown deadline={order.shipBy} label={t('orders.shipBy')} />}
      footer={!created && (
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} disabled={!anyLeft} onClick={() => form.submit()} data-testid="create-note">{t('ship.createNote')}</Button>
        </Space>
      )}>
      <Steps size="small" current={created ? (confirmedNow ? 2 : 1) : 0} style={{ marginBottom: 24 }}
        items={[{ title: t('ship.step1') }, { title: t('ship.step2') }, { title: t('ship.step3') }]} />
      {ship.error ? <ErrorState error={ship.error} /> : ship.loading ? <PageLoading /> : created ? (
        <Result status={confirmedNow ? 'success' : 'info'} data-testid="ship-result"
          title={confirmedNow ? t('ship.confirmedTitle', { no: created.no }) : t('ship.createdTitle', { no: created.no })}
          subTitle={confirmedNow ? t('ship.confirmedHint') : t('ship.createdHint')}
          extra={
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Space wrap style={{ justifyContent: 'center', width: '100%' }}>
                {confirmedNow ? <PrintLabelsButton noteId={created.id} size="middle" primary /> : <NoteActions note={created} size="middle" onDone={afterAction} />}
              </Space>
              <Space wrap style={{ justifyContent: 'center', width: '100%' }}>
                <Link to={`/merchant/delivery-notes/${created.id}`} onClick={onClose}>{t('ship.viewNote')}</Link>
                <Button type="link" onClick={onClose} data-testid="ship-close">{confirmedNow ? tc('common.close') : t('ship.later')}</Button>
              </Space>
            </Space>
          } />
      ) : (
        <>
          {others.map((n) => (
            <Alert key={n.id} type="warning" showIcon style={{ marginBottom: 16 }} data-testid="unconfirmed-note"
              title={t('ship.unconfirmed', { no: n.no, time: fmtTime(n.createdAt) })}
              action={<NoteActions note={n} size="small" print={false} />} />
          ))}
          <Typography.Title level={5}>{t('ship.orderLines')}</Typography.Title>
          <Table size="small" rowKey="skuId" pagination={false} dataSource={ship.lines} style={{ marginBottom: 24 }} columns={[
            { title: t('fields.skuCode'), dataIndex: 'skuCode' },
            { title: t('fields.skuName'), dataIndex: 'skuName' },
            { title: t('ship.ordered'), dataIndex: 'qty', align: 'right' },
            { title: t('ship.onNotes'), dataIndex: 'shipped', align: 'right' },
            { title: t('ship.left'), dataIndex: 'left', align: 'right', render: (v) => <Typography.Text strong type={v ? undefined : 'secondary'}>{v}</Typography.Text> },
          ]} />
          {anyLeft ? <ShipForm form={form} lines={ship.lines} onFinish={submit} />
            : <Alert type="info" showIcon title={t('ship.nothingLeft')} />}
        </>
      )}
    </Drawer>
  );
}
