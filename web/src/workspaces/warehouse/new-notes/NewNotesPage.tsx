/**
 * 补收: delivery notes a plan created at the warehouse (平台仓内补收, 自动建单补收). Reprint their box
 * labels (补打箱唛), then receive them like any note.
 */
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { deliveryNotePath, openLabelsPdf, type DeliveryNoteSummary } from '../../../api/hooks/deliveryNotes';
import { problemMessage } from '../../ops/shared/problem';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { StatusTag } from '../../../components/StatusTag';
import { fmtTime } from '../../ops/shared/format';
import { PageHeader } from '../../ops/shared/PageHeader';
import { emptyHint } from '../../ops/shared/empty';

const STATES = 'ARRIVED,RECEIVING';

export default function NewNotesPage() {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const { cursor, hasPrev, goNext, goPrev } = useUrlFilters();
  const [printing, setPrinting] = useState<string | null>(null);
  // notes a plan created (sourceExceptionId set), still at the dock: the server filters and pages them
  const result = usePagedList<DeliveryNoteSummary>(keys.deliveryNotes.list(), deliveryNotePath, { status: STATES, fromPlan: true }, cursor);
  const print = async (n: DeliveryNoteSummary) => {
    setPrinting(n.id);
    try {
      await openLabelsPdf(n.id);
    } catch (e) {
      message.error(problemMessage(e, t('newNotes.printFailed')));
    } finally {
      setPrinting(null);
    }
  };
  return (
    <>
      <PageHeader title={t('newNotes.title')} subTitle={t('newNotes.subtitle')} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('newNotes.hint')} />
      <Card>
        <PagedTable<DeliveryNoteSummary> result={result} pager={{ hasPrev, goNext, goPrev }} cards={{}} {...emptyHint(result, t('newNotes.empty'))}
          columns={[
            { title: t('note.no'), dataIndex: 'no', render: (no: string) => <Typography.Text strong copyable>{no}</Typography.Text> },
            { title: t('note.status'), dataIndex: 'status', render: (s: string) => <StatusTag doc="deliveryNote" status={s} /> },
            { title: t('note.arrivedAt'), dataIndex: 'arrivedAt', render: fmtTime },
            { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            {
              title: t('common:list.actions'), key: 'actions', fixed: 'right',
              render: (_, n) => (
                <Space wrap>
                  <Button icon={<PrinterOutlined />} loading={printing === n.id} onClick={() => void print(n)} data-testid={`reprint-${n.no}`}>{t('newNotes.reprint')}</Button>
                  <Link to={`/warehouse/receiving?note=${n.id}`}><Button type="primary" data-testid={`receive-${n.no}`}>{t('newNotes.receive')}</Button></Link>
                </Space>
              ),
            },
          ]} />
      </Card>
    </>
  );
}
