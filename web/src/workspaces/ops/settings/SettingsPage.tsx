/** 设置: deadlines, the penalty rule, the return-method default and the plan × order-type matrix. */
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Radio, Row, Skeleton, Switch, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useSaveSettings, useSettings, type Settings } from '../../../api/hooks/settings';
import { ApiError } from '../../../api/client';
import { fieldMessage, problemMessage } from '../shared/problem';
import { ErrorState } from '../../../components/States';
import { PageHeader } from '../../../components/PageHeader';
import { fmtTime, money, toMinor } from '../../../components/format';
import { FeeSettings } from './FeeSettings';

const DURATIONS = ['transportGraceSeconds', 'decisionSlaSeconds', 'returnMethodSeconds', 'jitAcceptSeconds', 'jitShipSeconds', 'sessionIdleSeconds', 'sessionAbsoluteSeconds', 'disputeWindowSeconds', 'disputeSlaSeconds'] as const;
const hours = (s: number) => Math.round((s / 3600) * 100) / 100;

type FormValues = Record<(typeof DURATIONS)[number], number> & {
  returnDefaultMethod: Settings['returnDefaultMethod'];
  disputeAutoAccept: boolean;
  penaltyMode: 'FIXED' | 'PERCENT';
  penaltyAmount?: number;
  penaltyCurrency?: string;
  penaltyPercent?: number;
  orderTypeMatrix: Record<string, string[]>;
};

export default function SettingsPage() {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { options } = useLabels();
  const settings = useSettings();
  const save = useSaveSettings();
  const [form] = Form.useForm<FormValues>();
  const mode = Form.useWatch('penaltyMode', form);
  const s = settings.data;
  useEffect(() => {
    if (!s) return;
    form.setFieldsValue({
      ...Object.fromEntries(DURATIONS.map((k) => [k, hours(s[k])])),
      returnDefaultMethod: s.returnDefaultMethod,
      disputeAutoAccept: s.disputeAutoAccept,
      penaltyMode: s.penaltyRule.mode,
      penaltyAmount: s.penaltyRule.mode === 'FIXED' ? s.penaltyRule.amount / 100 : undefined,
      penaltyCurrency: s.penaltyRule.mode === 'FIXED' ? s.penaltyRule.currency : 'CNY',
      penaltyPercent: s.penaltyRule.mode === 'PERCENT' ? s.penaltyRule.percent : undefined,
      orderTypeMatrix: s.orderTypeMatrix,
    } as FormValues);
  }, [s, form]);
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  if (!s) return <Skeleton active paragraph={{ rows: 12 }} />;
  const submit = async (v: FormValues) => {
    try {
      await save.mutateAsync({
        ...Object.fromEntries(DURATIONS.map((k) => [k, Math.round(v[k] * 3600)])),
        returnDefaultMethod: v.returnDefaultMethod,
        disputeAutoAccept: !!v.disputeAutoAccept,
        penaltyRule: v.penaltyMode === 'FIXED'
          ? { mode: 'FIXED', amount: toMinor(v.penaltyAmount ?? 0), currency: v.penaltyCurrency || 'CNY' }
          : { mode: 'PERCENT', percent: v.penaltyPercent ?? 0 },
        orderTypeMatrix: v.orderTypeMatrix,
      });
      message.success(t('settings.saved'));
    } catch (e) {
      // penaltyRule.* and the durations map onto this form's flatter names; the matrix maps as it is
      if (e instanceof ApiError) {
        form.setFields(e.errors.map((x) => ({
          name: x.field.startsWith('penaltyRule') ? (mode === 'FIXED' ? 'penaltyAmount' : 'penaltyPercent') : x.field.split('.'),
          errors: [fieldMessage(x)],
        })) as never);
      }
      message.error(problemMessage(e, t('settings.failed')));
    }
  };
  return (
    <>
      <PageHeader title={t('settings.title')} subTitle={s.updatedAt ? t('settings.lastChange', { at: fmtTime(s.updatedAt), by: s.updatedBy }) : t('settings.defaults')}
        extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="settings-save">{t('common:common.save')}</Button>} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Card title={t('settings.deadlines')} style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            {DURATIONS.map((k) => (
              <Col key={k} xs={24} md={12} xl={8}>
                <Form.Item name={k} label={t(`settings.${k}`)} extra={t('settings.default', { value: hours(s.defaults[k]) })}
                  rules={[{ required: true, type: 'number', min: 1 / 60, message: t('settings.durationRule') }]}>
                  <InputNumber min={0.02} step={1} precision={2} suffix={t('settings.hours')} style={{ width: '100%' }} data-testid={`settings-${k}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        <Card title={t('settings.disputes')} style={{ marginBottom: 16 }}>
          <Form.Item name="disputeAutoAccept" label={t('settings.disputeAutoAccept')} extra={t('settings.disputeAutoAcceptHint')} valuePropName="checked" style={{ margin: 0 }}>
            <Switch data-testid="settings-disputeAutoAccept" />
          </Form.Item>
        </Card>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={24} xl={12}>
            <Card title={t('settings.returnDefault')} style={{ height: '100%' }}>
              <Form.Item name="returnDefaultMethod" extra={t('settings.returnDefaultHint')}>
                <Radio.Group options={(['PLATFORM_LOGISTICS_OR_ABANDON', 'ABANDON'] as const).map((m) => ({ value: m, label: t(`settings.returnDefaults.${m}`) }))} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('settings.penalty')} style={{ height: '100%' }}>
              <Form.Item name="penaltyMode">
                <Radio.Group options={[{ value: 'PERCENT', label: t('settings.penaltyPercent') }, { value: 'FIXED', label: t('settings.penaltyFixed') }]} />
              </Form.Item>
              {mode === 'FIXED' ? (
                <Flex gap={8}>
                  <Form.Item name="penaltyAmount" label={t('settings.amountYuan')} rules={[{ required: true }]} extra={money(toMinor(form.getFieldValue('penaltyAmount') ?? 0), form.getFieldValue('penaltyCurrency'))}>
                    <InputNumber min={0} precision={2} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name="penaltyCurrency" label={t('settings.currency')} rules={[{ required: true, pattern: /^[A-Z]{3}$/, message: 'CNY' }]}>
                    <Input maxLength={3} style={{ width: 100 }} />
                  </Form.Item>
                </Flex>
              ) : (
                <Form.Item name="penaltyPercent" label={t('settings.percentOfOrder')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: 180 }} />
                </Form.Item>
              )}
            </Card>
          </Col>
        </Row>
        <Card title={t('settings.matrix')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('settings.matrixHint')}</Typography.Paragraph>
          <Table rowKey="value" size="small" pagination={false} dataSource={options('plans')}
            columns={[
              { title: t('field.plan'), dataIndex: 'label', width: 200 },
              {
                title: t('settings.matrixTypes'), key: 'types',
                render: (_, p) => (
                  <Form.Item name={['orderTypeMatrix', p.value]} style={{ margin: 0 }}>
                    <Checkbox.Group options={options('orderTypes')} data-testid={`matrix-${p.value}`} />
                  </Form.Item>
                ),
              },
            ]} />
        </Card>
      </Form>
      <FeeSettings s={s} />
    </>
  );
}
