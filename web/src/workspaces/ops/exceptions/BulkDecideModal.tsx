/** 批量处理: one plan for exceptions of one subtype, decided one by one, each row reporting its result. */
import { Alert, Button, Card, Flex, Modal, Radio, Table, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { decideException, useRefreshExceptions, type ExceptionSummary } from '../../../api/hooks/exceptions';
import { problemMessage } from '../shared/problem';
import type { Plan } from '../../../../../src/domain/catalog';

type Result = { state: 'running' | 'ok' | 'failed'; detail?: string };

export function BulkDecideModal({ rows, open, onClose }: { rows: ExceptionSummary[]; open: boolean; onClose: (decided: boolean) => void }) {
  const { t } = useTranslation('ops');
  const { catalog, label } = useLabels();
  const refresh = useRefreshExceptions();
  const [plan, setPlan] = useState<Plan>();
  const [results, setResults] = useState<Record<string, Result>>({});
  const [running, setRunning] = useState(false);
  useEffect(() => { if (open) { setPlan(undefined); setResults({}); } }, [open]);
  const subtype = rows[0]?.subtype;
  const def = catalog?.subtypes?.find((s) => s.code === subtype);
  const plans = (def?.plans ?? []) as { plan: Plan; taskCategory: string; effects?: { kind: string }[] }[];
  const finished = Object.keys(results).length === rows.length && !running;
  const run = async () => {
    if (!plan) return;
    setRunning(true);
    for (const r of rows) {
      setResults((s) => ({ ...s, [r.id]: { state: 'running' } }));
      try {
        await decideException(r.id, plan, r.version);
        setResults((s) => ({ ...s, [r.id]: { state: 'ok' } }));
      } catch (e) {
        setResults((s) => ({ ...s, [r.id]: { state: 'failed', detail: problemMessage(e, t('decide.failed')) } }));
      }
    }
    setRunning(false);
    refresh();
  };
  const okCount = Object.values(results).filter((r) => r.state === 'ok').length;
  return (
    <Modal open={open} width={820} title={t('bulk.title', { count: rows.length, subtype: label('subtypes', subtype) })} maskClosable={false}
      onCancel={() => !running && onClose(okCount > 0)} destroyOnHidden
      footer={finished
        ? <Button type="primary" onClick={() => onClose(okCount > 0)} data-testid="bulk-close">{t('common:common.close')}</Button>
        : <Flex justify="flex-end" gap={8}>
            <Button disabled={running} onClick={() => onClose(false)}>{t('common:common.cancel')}</Button>
            <Button type="primary" disabled={!plan} loading={running} onClick={run} data-testid="bulk-confirm">{t('bulk.confirm', { count: rows.length })}</Button>
          </Flex>}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('bulk.hint')} />
      <Radio.Group value={plan} onChange={(e) => setPlan(e.target.value)} disabled={running || finished} style={{ width: '100%' }}>
        <Flex gap={12} style={{ marginBottom: 16 }}>
          {plans.map((p) => (
            <Card key={p.plan} size="small" hoverable={!running && !finished} onClick={() => !running && !finished && setPlan(p.plan)}
              style={{ flex: 1, borderColor: plan === p.plan ? '#1677ff' : undefined }} data-testid={`bulk-plan-${p.plan}`}
              title={<Radio value={p.plan}>{label('plans', p.plan)}</Radio>} extra={<Tag>{label('taskCategories', p.taskCategory)}</Tag>}>
              <ul style={{ paddingInlineStart: 18, margin: 0 }}>
                {(p.effects ?? []).map((e) => <li key={e.kind}>{label('effects', e.kind)}</li>)}
              </ul>
            </Card>
          ))}
        </Flex>
      </Radio.Group>
      <Table rowKey="id" size="small" pagination={false} dataSource={rows} scroll={{ y: 280 }} columns={[
        { title: t('field.no'), dataIndex: 'no' },
        { title: t('field.deliveryNoteNo'), dataIndex: 'deliveryNoteNo' },
        { title: t('field.lines'), render: (_, r) => r.lines.map((l) => `${l.skuCode} ×${l.qty}`).join(', ') },
        {
          title: t('bulk.result'), key: 'result', width: 260,
          render: (_, r) => {
            const res = results[r.id];
            if (!res) return <Typography.Text type="secondary">{t('bulk.waiting')}</Typography.Text>;
            if (res.state === 'running') return <LoadingOutlined />;
            if (res.state === 'ok') return <span data-testid={`bulk-ok-${r.no}`}><CheckCircleFilled style={{ color: '#52c41a' }} /> {t('bulk.ok')}</span>;
            return <Typography.Text type="danger"><CloseCircleFilled /> {res.detail}</Typography.Text>;
          },
        },
      ]} />
      {finished && <Alert style={{ marginTop: 12 }} type={okCount === rows.length ? 'success' : 'warning'} showIcon title={t('bulk.summary', { ok: okCount, failed: rows.length - okCount })} />}
    </Modal>
  );
}
