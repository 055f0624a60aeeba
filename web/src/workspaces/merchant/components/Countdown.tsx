/** A live countdown to a JIT deadline: blue while time is left, orange in the last 2 h, red once overdue. */
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtTime } from '../../../components/format';

function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

export function span(msLeft: number): { d: number; h: number; m: number; s: number } {
  const total = Math.floor(Math.abs(msLeft) / 1000);
  return { d: Math.floor(total / 86400), h: Math.floor((total % 86400) / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

export function Countdown({ deadline, label }: { deadline: string; label: string }) {
  const { t } = useTranslation('merchant');
  const now = useNow();
  const left = new Date(deadline).getTime() - now;
  const parts = span(left);
  const text = parts.d > 0 ? t('countdown.dhm', parts) : t('countdown.hms', { ...parts, m: String(parts.m).padStart(2, '0'), s: String(parts.s).padStart(2, '0') });
  const overdue = left < 0;
  const color = overdue ? 'red' : left < 2 * 3600_000 ? 'orange' : 'blue';
  return (
    <Tooltip title={`${label} ${fmtTime(deadline)}`}>
      <Tag color={color} icon={<ClockCircleOutlined />} data-testid={overdue ? 'countdown-overdue' : 'countdown'} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {overdue ? t('countdown.overdue', { time: text }) : t('countdown.left', { label, time: text })}
      </Tag>
    </Tooltip>
  );
}
