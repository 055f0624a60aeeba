/** The title band of an Ant Design Pro page: title, one line of help, actions on the right. */
import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageHeader({ title, subTitle, extra, tags }: { title: ReactNode; subTitle?: ReactNode; extra?: ReactNode; tags?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" gap={16} style={{ marginBottom: 16 }} wrap>
      <div style={{ minWidth: 0 }}>
        <Flex align="center" gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
          {tags}
        </Flex>
        {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
      </div>
      {extra && <Flex gap={8} wrap>{extra}</Flex>}
    </Flex>
  );
}
