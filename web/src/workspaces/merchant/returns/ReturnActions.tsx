/** The merchant's actions on one return: 录入退货方式 while pending, 签收 once shipped. */
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMerchantReturnActions, type ReturnOrder } from '../../../api/hooks/returnOrders';
import { problemText } from '../../../components/feedback';

export function ReturnActions({ order, onEnterMethod, size = 'small', link }: { order: ReturnOrder; onEnterMethod: (o: ReturnOrder) => void; size?: 'small' | 'middle'; link?: boolean }) {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const { sign } = useMerchantReturnActions();
  const type = link ? 'link' : 'primary';
  return (
    <Space size={link ? 0 : 8}>
      {order.status === 'PENDING_METHOD' && (
        <Button type={type} size={size} onClick={() => onEnterMethod(order)} data-testid="enter-method">{t('returns.enterMethod')}</Button>
      )}
      {order.status === 'SHIPPED' && (
        <Popconfirm title={t('returns.signConfirm', { no: order.no })} description={t('returns.signHint')} okText={t('returns.sign')} cancelText={tc('common.cancel')}
          okButtonProps={{ 'data-testid': 'sign-ok' }}
          onConfirm={async () => {
            try {
              await sign.mutateAsync({ id: order.id, version: order.version });
              message.success(t('returns.signed', { no: order.no }));
            } catch (e) {
              message.error(problemText(e, tc('error.generic')));
            }
          }}>
          <Button type={type} size={size} loading={sign.isPending} data-testid="sign-return">{t('returns.sign')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}
