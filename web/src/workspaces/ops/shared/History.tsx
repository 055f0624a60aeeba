/** A document's event history as a timeline: when, who, what, and the state it moved to. */
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { DocEvent } from '../../../api/hooks/events';
import { fmtTime } from '../../../components/format';

const COLOR: Record<string, string> = {
  REGISTERED: 'orange', DECIDED: 'blue', COMPLETED: 'green', CANCELLED: 'gray', METHOD_DEFAULTED: 'orange', SIGNED: 'green', PICKED_UP: 'green', DISPOSED: 'green',
};

export function History({ events, doc }: { events: DocEvent[]; doc: string }) {
  const { t } = useTranslation('ops');
  const { status, label } = useLabels();
  const detail = (e: DocEvent) => {
    const d = e.data ?? {};
    const parts: string[] = [];
    if (typeof d.plan === 'string') parts.push(label('plans', d.plan));
    // a defaulted return method's reason is the server's English sentence; the action already says it
    if (typeof d.reason === 'string' && e.action !== 'METHOD_DEFAULTED') parts.push(d.reason);
    if (typeof d.stage === 'string') parts.push(label('stages', d.stage));
    // return orders: the method entered, the pickup time, the carrier and tracking number
    if (typeof d.method === 'string') parts.push(t(`common:returnMethods.${d.method}`, { defaultValue: d.method }));
    if (typeof d.pickupAt === 'string') parts.push(fmtTime(d.pickupAt));
    if (typeof d.trackingNo === 'string') parts.push(`${typeof d.carrier === 'string' ? d.carrier : ''} ${d.trackingNo}`.trim());
    return parts.join(' · ');
  };
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.id,
        color: COLOR[e.action] ?? 'blue',
        content: (
          <>
            <Typography.Text type="secondary" style={{ marginRight: 8 }}>{fmtTime(e.at)}</Typography.Text>
            <Typography.Text strong>{t(`event.${e.action}`, { defaultValue: e.action })}</Typography.Text>
            {e.to && <Typography.Text type="secondary"> → {status(doc, e.to)}</Typography.Text>}
            <div><Typography.Text type="secondary">{e.actor?.name ?? t(`role.${e.actor?.role ?? 'SYSTEM'}`, { defaultValue: e.actor?.role ?? '' })}</Typography.Text>{detail(e) && <Typography.Text> · {detail(e)}</Typography.Text>}</div>
          </>
        ),
      }))}
    />
  );
}
