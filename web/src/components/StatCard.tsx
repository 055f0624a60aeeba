/** A figure as a card (Ant Design Pro's statistic card): title, value, one line of detail; the card opens the list behind the figure. */
import { Card, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function StatCard({ title, value, hint, to, color, testId }: { title: ReactNode; value: string | number; hint: ReactNode; to: string; color?: string; testId: string }) {
  return (
    <Link to={to} style={{ flex: '1 1 200px', minWidth: 0 }} data-testid={testId}>
      <Card hoverable styles={{ body: { padding: '20px 24px' } }}>
        <Statistic title={title} value={value} styles={{ content: { color, fontSize: 28 } }} />
        <Typography.Text type="secondary" ellipsis={{ tooltip: hint }} style={{ display: 'block', marginTop: 4 }}>{hint}</Typography.Text>
      </Card>
    </Link>
  );
}
