/** 我的账号: change my password; see my sessions and end any but this one. Every role has it. */
import { App, Button, Card, Grid, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useAccountActions, useMySessions, type SessionRow } from '../api/hooks/account';
import { problemText } from '../components/feedback';
import { PasswordForm } from './PasswordForm';

const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** A short device name from the User-Agent: enough to recognise a session. */
function device(ua: string | null): string {
  if (!ua) return '-';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : ua.split(/[ /]/)[0];
  return [browser, os].filter(Boolean).join(' · ');
}

export default function Account() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sessions = useMySessions();
  const { endSession } = useAccountActions();
  const wide = Grid.useBreakpoint().md !== false; // a handheld gets cards, not a wide table
  const end = async (s: SessionRow) => {
    try {
      await endSession.mutateAsync(s.id);
      void message.success(t('account.ended'));
    } catch (e) {
      void message.error(problemText(e, t('error.network')));
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('account.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('account.subtitle')}</Typography.Text>
      </div>
      <Card title={t('account.password')}><PasswordForm /></Card>
      <Card title={t('account.sessions')}>
        <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
        {wide ? (
          <Table<SessionRow> rowKey="id" size="middle" loading={sessions.isLoading} dataSource={sessions.data?.items ?? []} pagination={false}
            scroll={{ x: 'max-content' }} data-testid="session-list"
            columns={[
              { title: t('account.device'), key: 'device', render: (_, s) => <Space>{device(s.userAgent)}{s.current && <Tag color="blue">{t('account.current_')}</Tag>}</Space> },
              { title: t('account.kind'), dataIndex: 'kind', render: (k: SessionRow['kind']) => t(`account.${k}`) },
              { title: t('account.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '-' },
              { title: t('account.since'), dataIndex: 'createdAt', render: fmt },
              { title: t('account.lastSeen'), dataIndex: 'lastSeenAt', render: fmt },
              { title: t('account.expires'), dataIndex: 'expiresAt', render: fmt },
              { title: '', key: 'end', render: (_, s) => !s.current && <EndButton s={s} onEnd={end} /> },
            ]} />
        ) : (
          <List<SessionRow> loading={sessions.isLoading} dataSource={sessions.data?.items ?? []} data-testid="session-list"
            renderItem={(s) => (
              <List.Item extra={!s.current && <EndButton s={s} onEnd={end} />}>
                <List.Item.Meta
                  title={<Space wrap>{device(s.userAgent)}{s.current && <Tag color="blue">{t('account.current_')}</Tag>}</Space>}
                  description={<>{t(`account.${s.kind}`)} · {s.ip ?? '-'}<br />{t('account.since')} {fmt(s.createdAt)} · {t('account.lastSeen')} {fmt(s.lastSeenAt)}</>} />
              </List.Item>
            )} />
        )}
      </Card>
    </Space>
  );
}

function EndButton({ s, onEnd }: { s: SessionRow; onEnd: (s: SessionRow) => void }) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={t('account.endConfirm')} onConfirm={() => onEnd(s)} okButtonProps={{ 'data-testid': 'session-end-ok' } as Record<string, string>}>
      <Button danger data-testid={`session-end-${s.id}`} style={{ minHeight: 44 }}>{t('account.end')}</Button>
    </Popconfirm>
  );
}
