/** 新建 / 编辑 自动处理规则: what it matches (subtypes, order types, merchants, thresholds) and what it decides. */
import { App, Button, Col, Drawer, Flex, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../../api/catalog';
import { useNames } from '../../../api/hooks/admin';
import { usePolicyActions, type Policy, type PolicyInput } from '../../../api/hooks/policies';
import { applyFieldErrors } from '../../../components/feedback';
import { problemMessage } from '../shared/problem';

export function PolicyDrawer({ policy, open, onClose }: { policy: Policy | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('ops');
  const { message } = App.useApp();
  const { catalog, label, options } = useLabels();
  const names = useNames();
  const { create, update } = usePolicyActions();
  const [form] = Form.useForm<PolicyInput>();
  const subtypes: string[] = Form.useWatch('subtypes', form) ?? [];
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (policy) form.setFieldsValue(policy);
  }, [open, policy, form]);
  // a plan every chosen subtype can take
  const defs = (catalog?.subtypes ?? []).filter((s) => subtypes.includes(s.code));
  const plans = defs.length ? defs.map((d) => d.plans.map((p) => p.plan)).reduce((a, b) => a.filter((p) => b.includes(p))) : [];
  const submit = async (v: PolicyInput) => {
    const body: PolicyInput = {
      ...v, orderTypes: v.orderTypes?.length ? v.orderTypes : null, merchantIds: v.merchantIds?.length ? v.merchantIds : null,
      plan: v.plan ?? null, minQty: v.minQty ?? null, maxQty: v.maxQty ?? null, minPercent: v.minPercent ?? null, maxPercent: v.maxPercent ?? null,
    };
    try {
      if (policy) await update.mutateAsync({ ...body, id: policy.id, version: policy.version });
      else await create.mutateAsync(body);
      message.success(t('policies.saved'));
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(problemMessage(e, t('policies.failed')));
      else message.error(problemMessage(e, t('policies.failed')));
    }
  };
  return (
    <Drawer open={open} onClose={onClose} size={640} title={policy ? t('policies.edit', { name: policy.name }) : t('policies.create')} destroyOnHidden
      footer={<Flex justify="flex-end" gap={8}><Button onClick={onClose}>{t('common:common.cancel')}</Button>
        <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()} data-testid="policy-save">{t('common:common.save')}</Button></Flex>}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ enabled: true, applyAt: 'REGISTRATION', honourMerchantPreference: false, subtypes: [] }}>
        <Form.Item name="name" label={t('policies.name')} rules={[{ required: true, whitespace: true, message: t('policies.name') }]}>
          <Input maxLength={100} placeholder={t('policies.namePlaceholder')} data-testid="policy-name" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="applyAt" label={t('policies.applyAt')}>
              <Radio.Group options={['REGISTRATION', 'DEADLINE'].map((a) => ({ value: a, label: t(`policies.applyAtValue.${a}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="enabled" label={t('policies.enabled')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
        <Form.Item name="subtypes" label={t('field.subtype')} rules={[{ required: true, type: 'array', min: 1, message: t('policies.subtypesRule') }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} data-testid="policy-subtypes"
            options={(catalog?.types ?? []).map((ty) => ({ label: label('types', ty.code), options: (catalog?.subtypes ?? []).filter((s) => s.type === ty.code).map((s) => ({ value: s.code, label: label('subtypes', s.code) })) }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="orderTypes" label={t('field.orderType')} extra={t('policies.anyIfEmpty')}><Select mode="multiple" options={options('orderTypes')} /></Form.Item></Col>
          <Col span={12}><Form.Item name="merchantIds" label={t('field.merchant')} extra={t('policies.anyIfEmpty')}><Select mode="multiple" options={names.merchantOptions} showSearch={{ optionFilterProp: 'label' }} /></Form.Item></Col>
        </Row>
        <Row gutter={16}>
          <Col span={6}><Form.Item name="minQty" label={t('policies.minQty')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="maxQty" label={t('policies.maxQty')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="minPercent" label={t('policies.minPercent')}><InputNumber min={0} precision={2} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={6}><Form.Item name="maxPercent" label={t('policies.maxPercent')}><InputNumber min={0} precision={2} suffix="%" style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Form.Item name="plan" label={t('field.plan')} extra={subtypes.length ? t('policies.planHint') : t('policies.pickSubtypesFirst')}>
          <Select allowClear disabled={!subtypes.length} options={plans.map((p) => ({ value: p, label: label('plans', p) }))} data-testid="policy-plan" />
        </Form.Item>
        <Form.Item name="honourMerchantPreference" label={t('policies.honour')} valuePropName="checked" extra={t('policies.honourHint')}>
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
