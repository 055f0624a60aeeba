/** 设置 › 对账单: the day of the next month on which a month's statements close (settings.statementCloseDay). */
import { Card, Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../../components/statements/text';

export function StatementSettings({ defaultDay }: { defaultDay: number }) {
  const { t } = useTranslation('statements');
  return (
    <Card title={t('title')} style={{ marginBottom: 16 }}>
      <Form.Item name="statementCloseDay" label={t('closeDay')} extra={t('closeDayHint', { day: defaultDay })}
        rules={[{ required: true, type: 'number', min: 1, max: 28, message: t('closeDayRule') }]} style={{ margin: 0, maxWidth: 360 }}>
        <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} data-testid="settings-statementCloseDay" />
      </Form.Item>
    </Card>
  );
}
