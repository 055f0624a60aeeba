/**
 * The head of a page (Ant Design Pro PageHeader): title with its status tags, one line of help,
 * actions on the right. `backTo` adds a back arrow before the title; with it (or with `children`,
 * content under the title) the head is a card of its own, as detail pages show it.
 */
import { Button, Card, Flex, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function PageHeader({ title, subTitle, tags, extra, backTo, children }: {
  title: ReactNode; subTitle?: ReactNode; tags?: ReactNode; extra?: ReactNode; backTo?: string; children?: ReactNode;
}) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const head = (
    <Flex justify="space-between" align={backTo ? 'center' : 'flex-start'} gap={16} wrap>
      <div style={{ minWidth: 0 }}>
        <Flex align="center" gap={backTo ? 12 : 8} wrap>
          {backTo && <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(backTo)} aria-label={t('error.back')} />}
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{title}</Typography.Title>
          {tags}
        </Flex>
        {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
      </div>
      {extra && <Flex gap={8} wrap>{extra}</Flex>}
    </Flex>
  );
  if (!backTo && !children) return <div style={{ marginBottom: 16 }}>{head}</div>;
  return (
    <Card style={{ marginBottom: 16 }}>
      {head}
      {children && <div style={{ marginTop: 16 }}>{children}</div>}
    </Card>
  );
}
