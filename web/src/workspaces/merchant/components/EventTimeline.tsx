/** A document's history as a timeline: when, who, what, and the state it moved to. */
import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import type { DocEvent } from '../../../api/hooks/events';
import { fmtTime } from '../../../components/format';

const COLOR: Record<string, string> = { COMPLETED: 'green', SIGNED: 'green', CANCELLED: 'gray', DECIDED: 'blue', ISSUED: 'red' };

export function EventTimeline({ events, doc }: { events?: DocEvent[]; doc: string }) {
  const { t } = useTranslation('merchant');
  const { status, label } = useLabels();
  if (!events?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  return (
    <Timeline
      items={events.map((e) => {
        const plan = typeof e.data?.plan === 'string' ? e.data.plan : null;
        return {
          key: e.id,
          color: COLOR[e.action] ?? 'blue',
          content: (
            <div data-testid="timeline-item">
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{fmtTime(e.at)}</Typography.Text>
              <Typography.Text strong>{t(`events.${e.action}`, { defaultValue: e.action })}</Typography.Text>
              {e.to && <Typography.Text> → {status(doc, e.to)}</Typography.Text>}
              {plan && <Typography.Text> · {label('plans', plan)}</Typography.Text>}
              <div><Typography.Text type="secondary">{t(`roles.${e.actor?.role ?? 'SYSTEM'}`, { defaultValue: e.actor?.role ?? '' })}{e.actor?.name ? ` · ${e.actor.name}` : ''}</Typography.Text></div>
            </div>
          ),
        };
      })}
    />
  );
}
