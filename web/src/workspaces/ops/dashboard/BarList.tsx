/** A list of labelled horizontal bars (no chart library): label, bar scaled to the largest value, count; a row may link to its list. */
import { Empty, Flex, Progress, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface Bar {
  key: string;
  label: ReactNode;
  value: number;
  to?: string;
  color?: string;
}

export function BarList({ bars, empty, testId }: { bars: Bar[]; empty: ReactNode; testId?: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  if (!bars.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Flex vertical gap={10} data-testid={testId}>
      {bars.map((b) => {
        const row = (
          <Flex align="center" gap={12} data-testid={testId && `${testId}-${b.key}`}>
            <Typography.Text ellipsis={{ tooltip: b.label }} style={{ width: 132, flex: 'none', color: b.to ? undefined : 'rgba(0,0,0,.65)' }}>{b.label}</Typography.Text>
            <Progress style={{ flex: 1, margin: 0, minWidth: 60 }} percent={max ? (b.value / max) * 100 : 0} showInfo={false} status="normal" strokeColor={b.color ?? '#1677ff'} size="small" />
            <Typography.Text strong style={{ width: 44, flex: 'none', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{b.value}</Typography.Text>
          </Flex>
        );
        return b.to ? <Link key={b.key} to={b.to} style={{ color: 'inherit' }}>{row}</Link> : <div key={b.key}>{row}</div>;
      })}
    </Flex>
  );
}
