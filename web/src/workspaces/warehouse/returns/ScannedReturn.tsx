/**
 * The return a scan opened on 退货作业, with its next step one tap away (发货 opens the shipping form
 * at once, 已自提 / 已弃货 are the card's button), or the returns of a scanned note to choose from.
 * On a handheld the step's button sits in the bottom bar.
 */
import { Button, Card, Descriptions, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReturnOrder } from '../../../api/hooks/returnOrders';
import { BottomBar } from '../../../components/BottomBar';
import { StatusTag } from '../../../components/StatusTag';
import { useNarrow } from '../../../components/useNarrow';
import { fmtTime } from '../../../components/format';

export type ReturnWork = 'pickedUp' | 'dispose';

export function ReturnLines({ r }: { r: ReturnOrder }) {
  return <div style={{ maxWidth: 260 }}>{r.lines.map((l) => <div key={l.skuId}>{l.skuCode} {l.skuName} ×{l.qty}</div>)}</div>;
}

/** Where the goods go: the address for platform logistics, the pickup time for a merchant pickup. */
export function ReturnWhere({ r }: { r: ReturnOrder }) {
  const { t } = useTranslation('warehouse');
  if (r.method === 'PLATFORM_LOGISTICS' && r.address) {
    return <div style={{ maxWidth: 260 }}><div>{r.address.name} {r.address.phone}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.address.region} {r.address.detail}</Typography.Text></div>;
  }
  return <>{r.method === 'MERCHANT_PICKUP' ? t('returns.pickupAt', { at: fmtTime(r.pickupAt) }) : '-'}</>;
}

export function ScannedReturn({ order: r, busy, onShip, onWork }: { order: ReturnOrder; busy: boolean; onShip: () => void; onWork: (kind: ReturnWork) => void }) {
  const { t } = useTranslation('warehouse');
  const narrow = useNarrow();
  const step = r.status === 'AWAITING_SHIPMENT'
    ? <Button key="ship" type="primary" size="large" onClick={onShip} data-testid="scanned-ship">{t('returns.ship')}</Button>
    : r.status === 'AWAITING_PICKUP'
      ? <Button key="pick" type="primary" size="large" loading={busy} onClick={() => onWork('pickedUp')} data-testid="scanned-picked-up">{t('returns.pickedUp')}</Button>
      : r.status === 'AWAITING_DISPOSAL'
        ? <Button key="dispose" danger size="large" loading={busy} onClick={() => onWork('dispose')} data-testid="scanned-dispose">{t('returns.dispose')}</Button>
        : null;
  const prompt = r.status === 'AWAITING_PICKUP' ? t('returns.pickedUpAsk')
    : r.status === 'AWAITING_DISPOSAL' ? t('returns.disposeAsk')
    : r.status === 'PENDING_METHOD' ? t('returns.waitMerchant', { at: fmtTime(r.methodDueAt) })
    : null;
  return (
    <Card style={{ marginBottom: 16 }} data-testid="scanned-return" data-status={r.status}
      title={<Flex gap={8} align="center" wrap><span>{t('returns.scannedTitle', { no: r.no })}</span><StatusTag doc="returnOrder" status={r.status} /></Flex>}
      extra={!narrow && step}>
      {prompt && <Typography.Paragraph strong>{prompt}</Typography.Paragraph>}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
        { key: 'src', label: t('returns.source'), children: [r.sourceException?.no, r.deliveryNote?.no].filter(Boolean).join(' / ') || '-' },
        { key: 'method', label: t('returns.method'), children: r.method ? t(`common:returnMethods.${r.method}`) : '-' },
        { key: 'lines', label: t('returns.lines'), children: <ReturnLines r={r} /> },
        { key: 'where', label: t('returns.where'), children: <ReturnWhere r={r} /> },
        ...(r.trackingNo ? [{ key: 'tracking', label: t('returns.tracking'), children: `${r.carrier} ${r.trackingNo}` }] : []),
      ]} />
      {narrow && step && <BottomBar>{step}</BottomBar>}
    </Card>
  );
}

/** A scanned note with several open returns: the clerk picks the one in hand. */
export function ReturnChoices({ noteNo, orders, onPick }: { noteNo: string; orders: ReturnOrder[]; onPick: (r: ReturnOrder) => void }) {
  const { t } = useTranslation('warehouse');
  return (
    <Card style={{ marginBottom: 16 }} title={t('returns.scanManyTitle', { no: noteNo })} data-testid="scanned-choices">
      <List dataSource={orders} renderItem={(r) => (
        <List.Item actions={[<Button key="open" size="large" style={{ minHeight: 44 }} onClick={() => onPick(r)} data-testid={`scanned-open-${r.no}`}>{t('returns.open')}</Button>]}>
          <List.Item.Meta title={<Flex gap={8} wrap>{r.no}<StatusTag doc="returnOrder" status={r.status} /></Flex>} description={<ReturnLines r={r} />} />
        </List.Item>
      )} />
    </Card>
  );
}
