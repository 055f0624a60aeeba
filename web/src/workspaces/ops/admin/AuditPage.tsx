/** 审计日志 (ADMIN): who did what to accounts, sessions, master data, settings, rules and webhooks; filters in the URL; CSV export. */
import { Button, Card, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { toSearch } from '../../../api/client';
import { keys } from '../../../api/keys';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { dateBounds, fmtTime } from '../../../components/format';

export const AUDIT_TYPES = ['user', 'session', 'merchant', 'warehouse', 'sku', 'settings', 'policy', 'webhookEndpoint'] as const;
const ACTIONS = ['LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'SESSION_ENDED', 'SESSIONS_ENDED', 'PASSWORD_CHANGED', 'PASSWORD_RESET', 'DISABLED', 'ENABLED', 'CREATED', 'UPDATED', 'MOVED', 'DELETED', 'DELIVERY_REPLAYED'] as const;

interface Entry {
  id: string; at: string; documentType: string; documentId: string; action: string;
  actor: { id: string | null; name: string; role: string }; ip: string | null; data: Record<string, unknown>;
}
type F = { documentType?: string; action?: string; actor?: string; ip?: string; from?: string; to?: string };

/** The URL's days become the API's instants: from the start of `from` to the end of `to`, local time. */
const apiQuery = (f: F) => ({ documentType: f.documentType, action: f.action, actor: f.actor, ip: f.ip, ...dateBounds(f.from, f.to) });

const brief = (data: Record<string, unknown>) => Object.entries(data)
  .filter(([, v]) => v !== null && v !== undefined && v !== '')
  .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');

export default function AuditPage() {
  const { t } = useTranslation('ops');
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const query = apiQuery(filters);
  const result = usePagedList<Entry>(keys.audit.list(), '/admin/audit', query, cursor);
  const label = (group: 'types' | 'actions', v: string) => t(`audit.${group}.${v}`, { defaultValue: v });
  return (
    <>
      <PageHeader title={t('audit.title')} subTitle={t('audit.subtitle')}
        extra={<Button icon={<DownloadOutlined />} href={`/api/admin/audit/export${toSearch(query)}`} download data-testid="audit-export">{t('audit.export')}</Button>} />
      <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
        { name: 'documentType', label: t('audit.type'), kind: 'select', options: AUDIT_TYPES.map((v) => ({ value: v, label: label('types', v) })) },
        { name: 'action', label: t('audit.action'), kind: 'select', options: ACTIONS.map((v) => ({ value: v, label: label('actions', v) })) },
        { name: 'actor', label: t('audit.actor'), kind: 'input' },
        { name: 'ip', label: t('audit.ip'), kind: 'input' },
        { name: 'range', label: t('audit.at'), kind: 'dateRange' },
      ]} />
      <Card>
        <PagedTable<Entry> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0}
          locale={{ emptyText: t('audit.empty') }} data-testid="audit-table" columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => fmtTime(v), width: 150 },
            { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <Tag color={a === 'LOGIN_FAILED' ? 'red' : a === 'LOGIN' ? 'blue' : undefined}>{label('actions', a)}</Tag> },
            { title: t('audit.object'), key: 'object', render: (_, e) => <>{label('types', e.documentType)} <Typography.Text type="secondary" copyable={{ text: e.documentId }}>{e.documentId.slice(-8)}</Typography.Text></> },
            { title: t('audit.actor'), key: 'actor', render: (_, e) => <>{e.actor.name} <Typography.Text type="secondary">{t(`role.${e.actor.role}`, { defaultValue: e.actor.role })}</Typography.Text></> },
            { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '-' },
            { title: t('audit.detail'), key: 'data', render: (_, e) => <Typography.Text style={{ maxWidth: 420 }} ellipsis={{ tooltip: brief(e.data) }}>{brief(e.data)}</Typography.Text> },
          ]} />
      </Card>
    </>
  );
}
