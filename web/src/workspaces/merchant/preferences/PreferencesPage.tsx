/**
 * 处理偏好: for each choice the merchant is offered (an exception type and the two plans it is decided
 * between — never a subtype), the plan it prefers or no preference. The platform may honour it and
 * can always decide otherwise.
 */
import { Alert, App, Button, Card, Radio, Space, Tag, Typography, theme } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useSaveStandingInstructions, useStandingInstructions, type StandingChoice } from '../../../api/hooks/preferences';
import { problemText } from '../../../components/feedback';
import { ErrorState, PageLoading } from '../../../components/States';
import { fmtTime } from '../../../components/format';
import { outcomeOf } from './outcomes';

/** The radio value standing for "no preference" (the API's `plan: null`). */
const NONE = '';

const TASK_COLORS: Record<string, string> = { RETURN_ONLY: 'orange', RETURN_AND_RESEND: 'volcano', RESEND_ONLY: 'blue', NONE: 'green' };

/** One answer as a bordered block; `narrow` for "no preference", which has little to say. */
function Option({ value, checked, title, children, testId, narrow }: { value: string; checked: boolean; title: ReactNode; children?: ReactNode; testId: string; narrow?: boolean }) {
  const { token } = theme.useToken();
  return (
    <Radio value={value} data-testid={testId} styles={{ icon: { alignSelf: 'flex-start', marginTop: 3 } }} style={{
      display: 'flex', alignItems: 'flex-start', margin: 0, padding: '12px 14px', borderRadius: token.borderRadiusLG, whiteSpace: 'normal',
      flex: narrow ? '0 1 230px' : '1 1 280px', minWidth: narrow ? 180 : 240,
      border: `1px solid ${checked ? token.colorPrimary : token.colorBorderSecondary}`, background: checked ? token.colorPrimaryBg : token.colorBgContainer,
    }}>
      <Typography.Text strong>{title}</Typography.Text>
      {children && <div style={{ marginTop: 6 }}>{children}</div>}
    </Radio>
  );
}

/** One plan of a choice: its label, what it does (catalog effects) and what the merchant then has to do. */
function PlanOption({ type, plan, checked }: { type: string; plan: string; checked: boolean }) {
  const { t } = useTranslation('merchant');
  const { label, todo } = useLabels();
  const o = outcomeOf(type, plan);
  const effects = o ? [...o.effects.map((e) => label('effects', e)), ...(o.sometimes ?? []).map((e) => t('preferences.sometimes', { effect: label('effects', e) }))] : [];
  return (
    <Option value={plan} checked={checked} title={label('plans', plan)} testId={`pref-plan-${plan}`}>
      {o && (
        <Space orientation="vertical" size={6}>
          <Typography.Text type="secondary">{t('preferences.effects', { effects: effects.join(t('preferences.joiner')) })}</Typography.Text>
          <span>
            <Tag color={TASK_COLORS[o.taskCategory]}>{label('taskCategories', o.taskCategory)}</Tag>
            {o.taskCategory !== 'NONE' && <Typography.Text type="secondary">{todo(o.taskCategory)}</Typography.Text>}
          </span>
        </Space>
      )}
    </Option>
  );
}

function ChoiceCard({ choice, value, onChange }: { choice: StandingChoice; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('merchant');
  const { label } = useLabels();
  const [a, b] = choice.plans.map((p) => label('plans', p.code));
  return (
    <Card type="inner" size="small" data-testid="pref-choice" data-choice={choice.choice} style={{ marginBottom: 16 }}
      title={<Space wrap size={8}><Tag color="blue" style={{ marginInlineEnd: 0 }}>{label('types', choice.type)}</Tag><span>{t('preferences.choiceTitle', { a, b })}</span></Space>}
      extra={<Space size={8}>
        {choice.preferredPlan
          ? <Tag color="processing">{t('preferences.preferred', { plan: label('plans', choice.preferredPlan) })}</Tag>
          : <Tag>{t('preferences.unset')}</Tag>}
        {choice.updatedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('preferences.setAt', { time: fmtTime(choice.updatedAt) })}</Typography.Text>}
      </Space>}>
      <Radio.Group value={value} onChange={(e) => onChange(e.target.value as string)} style={{ width: '100%' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'stretch', gap: 12 }}>
          {choice.plans.map((p) => <PlanOption key={p.code} type={choice.type} plan={p.code} checked={value === p.code} />)}
          <Option value={NONE} checked={value === NONE} title={t('preferences.none')} testId="pref-plan-none" narrow>
            <Typography.Text type="secondary">{t('preferences.noneHint')}</Typography.Text>
          </Option>
        </div>
      </Radio.Group>
    </Card>
  );
}

export default function PreferencesPage() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const q = useStandingInstructions();
  const save = useSaveStandingInstructions();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const saved = useMemo(() => Object.fromEntries((q.data?.choices ?? []).map((c) => [c.choice, c.preferredPlan ?? NONE])), [q.data]);
  const changed = Object.entries(draft).filter(([choice, plan]) => saved[choice] !== undefined && saved[choice] !== plan);

  if (q.isLoading) return <PageLoading />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  const submit = async () => {
    try {
      await save.mutateAsync(changed.map(([choice, plan]) => ({ choice, plan: plan === NONE ? null : plan })));
      setDraft({});
      message.success(t('preferences.saved'));
    } catch (e) {
      message.error(problemText(e, tc('error.generic')));
    }
  };

  return (
    <Card title={t('preferences.title')} extra={
      <Space>
        {changed.length > 0 && <Typography.Text type="warning" data-testid="pref-unsaved">{t('preferences.changed', { n: changed.length })}</Typography.Text>}
        <Button icon={<UndoOutlined />} disabled={!changed.length} onClick={() => setDraft({})}>{t('preferences.undo')}</Button>
        <Button type="primary" icon={<SaveOutlined />} disabled={!changed.length} loading={save.isPending} onClick={submit} data-testid="pref-save">{t('preferences.save')}</Button>
      </Space>
    }>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('preferences.intro')} description={t('preferences.honour')} data-testid="pref-honour" />
      {q.data.choices.map((c) => (
        <ChoiceCard key={c.choice} choice={c} value={draft[c.choice] ?? saved[c.choice]} onChange={(v) => setDraft((d) => ({ ...d, [c.choice]: v }))} />
      ))}
    </Card>
  );
}
