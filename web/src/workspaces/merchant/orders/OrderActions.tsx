/** 接单 while the order waits for the merchant, 发货 once accepted; JIT deadlines as live countdowns. */
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAcceptStockingOrder, type StockingOrder } from '../../../api/hooks/stockingOrders';
import { problemText } from '../../../components/feedback';
import { Countdown } from '../components/Countdown';

export function OrderActions({ order, onShip, link, size = 'small' }: { order: StockingOrder; onShip: (o: StockingOrder) => void; link?: boolean; size?: 'small' | 'middle' }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const accept = useAcceptStockingOrder();
  const type = link ? 'link' : 'primary';
  return (
    <Space size={link ? 0 : 8}>
      {order.status === 'PENDING_ACCEPT' && (
        <Popconfirm title={t('orders.acceptConfirm', { no: order.no })} description={order.shipBy || order.type === 'JIT_REPEAT' ? t('orders.acceptJitHint') : undefined}
          okText={t('orders.accept')} cancelText={tc('common.cancel')} okButtonProps={{ 'data-testid': 'accept-ok' }}
          onConfirm={async () => {
            try {
              await accept.mutateAsync({ id: order.id, version: order.version });
              message.success(t('orders.accepted', { no: order.no }));
            } catch (e) {
              message.error(problemText(e, tc('error.generic')));
            }
          }}>
          <Button type={type} size={size} loading={accept.isPending} data-testid="accept-order">{t('orders.accept')}</Button>
        </Popconfirm>
      )}
      {order.status === 'ACCEPTED' && (
        <Button type={type} size={size} onClick={() => onShip(order)} data-testid="ship-order">{t('orders.ship')}</Button>
      )}
    </Space>
  );
}

/** The deadline that matters now: accept-by while pending, ship-by once accepted. */
export function JitDeadline({ order }: { order: StockingOrder }) {
  const { t } = useTranslation('merchant');
  if (order.status === 'PENDING_ACCEPT' && order.acceptBy) return <Countdown deadline={order.acceptBy} label={t('orders.acceptBy')} />;
  if (order.status === 'ACCEPTED' && order.shipBy) return <Countdown deadline={order.shipBy} label={t('orders.shipBy')} />;
  return <>—</>;
}
