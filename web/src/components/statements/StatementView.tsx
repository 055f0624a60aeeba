/**
 * One merchant's month (对账单), shared by the merchant's and ops' pages: per currency the opening,
 * each line with a link to its document, the totals per kind and the closing; PDF and Excel downloads.
 */
import { Button, Card, Descriptions, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { statementExportUrl, type CurrencyStatement, type MonthStatement } from '../../api/hooks/statements';
import { addMonths } from '../../../../src/domain/statements';
import { zonedTime } from '../../../../src/domain/performance/days';
import { money } from '../format';
import './text';

type Line = NonNullable<CurrencyStatement['lines']>[number];

export function StatementStatus({ status }: { status: MonthStatement['status'] }) {
  const { t } = useTranslation('statements');
  return <Tag color={status === 'CLOSED' ? 'green' : 'blue'} data-testid={`statement-status-${status}`}>{t(`statuses.${status}`)}</Tag>;
}

/** A signed amount: red when it is owed by the merchant. */
export const Signed = ({ minor, currency }: { minor: number; currency: string }) => (
  <Typography.Text type={minor < 0 ? 'danger' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>{minor < 0 ? `-${money(-minor, currency)}` : money(minor, currency)}</Typography.Text>
);

/** An instant in the platform's time zone, to the minute (the statement's months are in it). */
const inZone = (iso: string | null | undefined, tz: string) => (iso ? zonedTime(iso, tz).slice(0, 16) : '-');

function CurrencyCard({ c, tz, linkOf }: { c: CurrencyStatement; tz: string; linkOf: (d: Line['document']) => string | null | undefined }) {
  const { t } = useTranslation('statements');
  const kinds = Object.entries(c.totals);
  return (
    <Card size="small" title={<Space>{`${t('currency')}: ${c.currency}`}{c.no && <Typography.Text type="secondary">{c.no}</Typography.Text>}</Space>}
      data-testid={`statement-${c.currency}`} style={{ marginBottom: 16 }}>
      <Flex gap={48} wrap style={{ marginBottom: 12 }}>
        <div><Typography.Text type="secondary">{t('opening')}</Typography.Text><div style={{ fontSize: 18 }}><Signed minor={c.opening} currency={c.currency} /></div></div>
        {kinds.map(([k, v]) => (
          <div key={k}><Typography.Text type="secondary">{t(`kinds.${k}`, { defaultValue: k })}</Typography.Text><div style={{ fontSize: 18 }}><Signed minor={v} currency={c.currency} /></div></div>
        ))}
        <div data-testid={`closing-${c.currency}`}><Typography.Text type="secondary">{t('closing')}</Typography.Text><div style={{ fontSize: 18, fontWeight: 600 }}><Signed minor={c.closing} currency={c.currency} /></div></div>
      </Flex>
      <Table<Line> size="small" rowKey={(l) => `${l.kind}-${l.document.id}`} pagination={false} dataSource={c.lines ?? []}
        locale={{ emptyText: t('none') }}
        columns={[
          { title: t('time'), dataIndex: 'occurredAt', render: (v: string) => inZone(v, tz), width: 170 },
          { title: t('kind'), dataIndex: 'kind', render: (k: string) => t(`kinds.${k}`, { defaultValue: k }) },
          {
            title: t('document'), key: 'doc', render: (_, l) => {
              const to = linkOf(l.document);
              return to ? <Link to={to} data-testid={`line-${l.document.no}`}>{l.document.no}</Link> : l.document.no;
            },
          },
          { title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <Signed minor={v} currency={c.currency} /> },
        ]} />
    </Card>
  );
}

export function StatementView({ statement: s, linkOf, extra }: {
  statement: MonthStatement; linkOf: (d: Line['document']) => string | null | undefined; extra?: ReactNode;
}) {
  const { t, i18n } = useTranslation('statements');
  const url = (format: 'pdf' | 'xlsx') => statementExportUrl(s.merchant.id, s.month, format, i18n.language);
  return (
    <>
      <Card style={{ marginBottom: 16 }} title={<Space>{`${s.merchant.name} · ${s.month}`}<StatementStatus status={s.status} /></Space>}
        extra={<Space>
          {extra}
          <Button icon={<DownloadOutlined />} href={url('pdf')} target="_blank" data-testid="statement-pdf">{t('pdf')}</Button>
          <Button icon={<DownloadOutlined />} href={url('xlsx')} data-testid="statement-xlsx">{t('xlsx')}</Button>
        </Space>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'period', label: t('period'), children: `${s.month}-01 00:00 – ${addMonths(s.month, 1)}-01 00:00 (${s.period.timeZone})` },
          s.status === 'CLOSED'
            ? { key: 'closed', label: t('closedAt'), children: inZone(s.closedAt, s.period.timeZone) }
            : { key: 'due', label: t('closeDueAt'), children: inZone(s.closeDueAt, s.period.timeZone) },
          { key: 'sign', label: t('signLabel'), children: <Typography.Text type="secondary">{t('sign')}</Typography.Text> },
        ]} />
      </Card>
      {s.currencies.length ? s.currencies.map((c) => <CurrencyCard key={c.currency} c={c} tz={s.period.timeZone} linkOf={linkOf} />) : <Card><Empty description={t('none')} /></Card>}
    </>
  );
}

/** The months as rows (one per merchant × month; currencies side by side); `onOpen` opens one. */
export function StatementMonths({ items, loading, onOpen, showMerchant }: {
  items: MonthStatement[]; loading?: boolean; onOpen: (s: MonthStatement) => void; showMerchant?: boolean;
}) {
  const { t } = useTranslation('statements');
  const balances = (s: MonthStatement, pick: (c: CurrencyStatement) => number) => (s.currencies.length
    ? <Space direction="vertical" size={0}>{s.currencies.map((c) => <Signed key={c.currency} minor={pick(c)} currency={c.currency} />)}</Space>
    : '-');
  return (
    <Table<MonthStatement> rowKey={(s) => `${s.merchant.id}-${s.month}`} loading={loading} dataSource={items} pagination={{ pageSize: 24, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      onRow={(s) => ({ onClick: () => onOpen(s), style: { cursor: 'pointer' } })}
      columns={[
        { title: t('month'), dataIndex: 'month', render: (m: string, s) => <Typography.Link data-testid={`month-${s.month}`} onClick={() => onOpen(s)}>{m}</Typography.Link> },
        ...(showMerchant ? [{ title: t('merchant'), key: 'merchant', render: (_: unknown, s: MonthStatement) => s.merchant.name }] : []),
        { title: t('status'), dataIndex: 'status', render: (st: MonthStatement['status']) => <StatementStatus status={st} /> },
        { title: t('opening'), key: 'opening', align: 'right', render: (_, s) => balances(s, (c) => c.opening) },
        { title: t('lines'), key: 'lines', align: 'right', render: (_, s) => s.currencies.reduce((n, c) => n + c.lineCount, 0) },
        { title: t('closing'), key: 'closing', align: 'right', render: (_, s) => balances(s, (c) => c.closing) },
        { title: t('closedAt'), dataIndex: 'closedAt', render: (v: string | null, s) => inZone(v, s.period.timeZone) },
      ]} />
  );
}
