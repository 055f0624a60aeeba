/** The head of a detail page (Ant Design Pro PageHeader): back, title with its status, actions. */
import { Button, Card, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function PageHeader({ title, tags, extra, backTo, children }: { title: ReactNode; tags?: ReactNode; extra?: ReactNode; backTo: string; children?: ReactNode }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  return (
    <Card style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, flexWrap: 'wrap' }}>
        <Space size="middle" align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(backTo)} aria-label={t('error.back')} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{title}</Typography.Title>
          {tags}
        </Space>
        {extra && <Space wrap>{extra}</Space>}
      </div>
      {children && <div style={{ marginTop: 16 }}>{children}</div>}
    </Card>
  );
}
