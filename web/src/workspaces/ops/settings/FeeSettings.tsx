/** 设置 → 费用: whether a fee needs a photo, the currency, and the per-unit rules per subtype × plan × coaching level. */
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useSaveSettings, type SettingsView } from '../../../api/hooks/settings';
import { ApiError } from '../../../api/client';
import { fieldMessage, problemMessage } from '../shared/problem';
import { toMinor } from '../../../components/format';
import { FEE_SERVICES, FEE_SERVICE_LABELS } from '../../../../../src/domain/fee-services';
import type { FeeRule } from '../../../../../src/domain/fees';
import { COACHING_LABELS, COACHING_LEVELS } from '../../../../../src/domain/performance/coaching';

type RuleRow = Omit<FeeRule, 'unitAmount'> & Record<(typeof COACHING_LEVELS)[number], number>;
interface FeeForm { feesRequirePhoto: boolean; currency: string; rules: RuleRow[] }

const toRow = (r: FeeRule): RuleRow => ({ service: r.service, subtype: r.subtype, plan: r.plan, ...Object.fromEntries(COACHING_LEVELS.map((l) => [l, r.unitAmount[l] / 100])) } as RuleRow);
const toRule = (r: RuleRow): FeeRule => ({ service: r.service, subtype: r.subtype, plan: r.plan, unitAmount: Object.fromEntries(COACHING_LEVELS.map((l) => [l, toMinor(r[l] ?? 0)])) as FeeRule['unitAmount'] });

export function FeeSettings({ s }: { s: SettingsView }) {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { options, catalog, lang } = useLabels();
  const save = useSaveSettings();
  const [form] = Form.useForm<FeeForm>();
  useEffect(() => {
    form.setFieldsValue({ feesRequirePhoto: s.feesRequirePhoto, currency: s.fees.currency, rules: s.fees.rules.map(toRow) });
  }, [s, form]);
  const rules = Form.useWatch('rules', form) ?? [];
  const plansOf = (subtype?: string) => (catalog?.subtypes?.find((x) => x.code === subtype)?.plans ?? []).map((p) => ({ value: p.plan, label: options('plans').find((o) => o.value === p.plan)?.label ?? p.plan }));
  const submit = async (v: FeeForm) => {
    try {
      await save.mutateAsync({ feesRequirePhoto: !!v.feesRequirePhoto, fees: { currency: v.currency, rules: (v.rules ?? []).map(toRule) } });
      message.success(t('settings.saved'));
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.errors.filter((x) => x.field.startsWith('fees.rules.')).map((x) => ({ name: ['rules', Number(x.field.split('.')[2]), 'plan'], errors: [fieldMessage(x)] })) as never);
      }
      message.error(problemMessage(e, t('settings.failed')));
    }
  };
  return (
    <Card title={t('settings.fees')} style={{ marginBottom: 16 }} data-testid="fee-settings"
      extra={<Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="fee-settings-save">{t('settings.feesSave')}</Button>}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Flex gap={32} wrap>
          <Form.Item name="feesRequirePhoto" label={t('settings.feesRequirePhoto')} extra={t('settings.feesRequirePhotoHint')} valuePropName="checked">
            <Switch data-testid="settings-feesRequirePhoto" />
          </Form.Item>
          <Form.Item name="currency" label={t('settings.currency')} rules={[{ required: true, pattern: /^[A-Z]{3}$/, message: 'CNY' }]}>
            <Input maxLength={3} style={{ width: 100 }} />
          </Form.Item>
        </Flex>
        <Typography.Paragraph type="secondary">{t('settings.feesHint')}</Typography.Paragraph>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              <Table rowKey="key" size="small" pagination={false} dataSource={fields} scroll={{ x: 900 }}
                columns={[
                  { title: t('fees.service'), key: 'service', width: 140, render: (_, f) => (
                    <Form.Item name={[f.name, 'service']} style={{ margin: 0 }} rules={[{ required: true }]}>
                      <Select options={FEE_SERVICES.map((v) => ({ value: v, label: FEE_SERVICE_LABELS[v][lang] }))} />
                    </Form.Item>) },
                  { title: t('field.subtype'), key: 'subtype', width: 220, render: (_, f) => (
                    <Form.Item name={[f.name, 'subtype']} style={{ margin: 0 }} rules={[{ required: true }]}>
                      <Select showSearch optionFilterProp="label" options={options('subtypes')} />
                    </Form.Item>) },
                  { title: t('field.plan'), key: 'plan', width: 180, render: (_, f) => (
                    <Form.Item name={[f.name, 'plan']} style={{ margin: 0 }} rules={[{ required: true }]}>
                      <Select options={plansOf(rules[f.name]?.subtype)} />
                    </Form.Item>) },
                  ...COACHING_LEVELS.map((l) => ({ title: `${COACHING_LABELS[l].label[lang]} (${t('settings.perUnitYuan')})`, key: l, width: 130, render: (_: unknown, f: { name: number }) => (
                    <Form.Item name={[f.name, l]} style={{ margin: 0 }} rules={[{ required: true }]}>
                      <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid={`fee-rule-${f.name}-${l}`} />
                    </Form.Item>) })),
                  { title: '', key: 'remove', width: 48, render: (_, f) => <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('settings.feesRemove')} /> },
                ]} />
              <Button icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => add({ service: 'RELABEL', STANDARD: 0, ELEVATED: 0, CRITICAL: 0 })}>{t('settings.feesAdd')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
