/** 地址管理: the merchant's return addresses; one is the default (used when a return method is defaulted). */
import { App, Button, Card, Popconfirm, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { addressesPath, useAddressMutations, type Address } from '../../../api/hooks/addresses';
import { problemText } from '../../../components/feedback';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { fmtTime } from '../../../components/format';
import { AddressFormModal } from './AddressFormModal';

export default function AddressList() {
  const { t } = useTranslation('merchant');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const url = useUrlFilters();
  const result = usePagedList<Address>(keys.addresses.list(), addressesPath, {}, url.cursor);
  const { update, remove } = useAddressMutations();
  const [editing, setEditing] = useState<Address | null | undefined>(undefined);

  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error(problemText(e, tc('error.generic')));
    }
  };

  const columns: ColumnsType<Address> = [
    { title: t('addresses.name'), dataIndex: 'name', render: (v, r) => <Space>{v}{r.isDefault && <Tag color="blue">{t('addresses.default')}</Tag>}</Space> },
    { title: t('addresses.phone'), dataIndex: 'phone' },
    { title: t('addresses.region'), dataIndex: 'region' },
    { title: t('addresses.detail'), dataIndex: 'detail', ellipsis: true },
    { title: t('fields.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
    {
      title: tc('list.actions'), key: 'actions', fixed: 'right', render: (_, a) => (
        <Space size={0}>
          <Button type="link" onClick={() => setEditing(a)} data-testid="address-edit">{t('actions.edit')}</Button>
          {!a.isDefault && (
            <Button type="link" data-testid="address-default"
              onClick={() => run(update.mutateAsync({ id: a.id, version: a.version, name: a.name, phone: a.phone, region: a.region, detail: a.detail, isDefault: true }), t('addresses.defaultSet'))}>
              {t('addresses.makeDefault')}
            </Button>
          )}
          <Popconfirm title={t('addresses.deleteConfirm')} description={a.isDefault ? t('addresses.deleteDefaultHint') : undefined}
            okText={tc('common.confirm')} cancelText={tc('common.cancel')}
            onConfirm={() => run(remove.mutateAsync({ id: a.id, version: a.version }), t('addresses.deleted'))}>
            <Button type="link" danger data-testid="address-delete">{t('actions.delete')}</Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('addresses.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="address-add">{t('addresses.add')}</Button>}>
      <PagedTable<Address> result={result} pager={url} columns={columns} />
      <AddressFormModal open={editing !== undefined} address={editing} onClose={() => setEditing(undefined)} />
    </Card>
  );
}
