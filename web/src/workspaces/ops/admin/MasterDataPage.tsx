/** 主数据 (ADMIN): merchants, warehouses, SKUs and users — list and create. */
import { Button, Card, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnsType } from 'antd/es/table';
import { keys } from '../../../api/keys';
import { adminPaths, useNames, type AdminResource } from '../../../api/hooks/admin';
import { PagedTable, usePagedList, useUrlFilters } from '../../../components/list';
import { FilterBar } from '../../../components/FilterBar';
import { PageHeader } from '../../../components/PageHeader';
import { emptyHint } from '../shared/empty';
import { fmtTime } from '../../../components/format';
import { CreateModal } from './CreateModal';
import { UserActions, UserStatus } from './UserActions';

type Row = { id: string; username?: string; disabled?: boolean; mustChangePassword?: boolean } & Record<string, string | boolean | null | undefined>;
type F = Record<string, string | undefined>;

export default function MasterDataPage({ resource }: { resource: AdminResource }) {
  const { t } = useTranslation('ops');
  const { filters, setFilters, resetFilters, cursor, hasPrev, goNext, goPrev } = useUrlFilters<F>();
  const names = useNames();
  const [creating, setCreating] = useState(false);
  const query = resource === 'skus' ? { merchantId: filters.merchantId, q: filters.q } : {};
  const result = usePagedList<Row>(keys[resource].list(), adminPaths[resource], query, cursor);
  const created = { title: t('common:list.createdAt'), dataIndex: 'createdAt', render: (d: string) => fmtTime(d) };
  const columns: Record<AdminResource, ColumnsType<Row>> = {
    merchants: [{ title: t('admin.name'), dataIndex: 'name' }, { title: 'ID', dataIndex: 'id' }, created],
    warehouses: [{ title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.name'), dataIndex: 'name' }, { title: 'ID', dataIndex: 'id' }, created],
    skus: [
      { title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.name'), dataIndex: 'name' }, { title: t('admin.skus.barcode'), dataIndex: 'barcode' },
      { title: t('field.merchant'), dataIndex: 'merchantId', render: (id: string) => names.merchant(id) }, created,
    ],
    users: [
      { title: t('admin.users.username'), dataIndex: 'username' },
      { title: t('admin.users.role'), dataIndex: 'role', render: (r: string) => <Tag>{t(`role.${r}`)}</Tag> },
      { title: t('admin.users.boundTo'), key: 'bound', render: (_, r) => (r.merchantId ? names.merchant(r.merchantId as string) : r.warehouseId ? names.warehouse(r.warehouseId as string) : '-') },
      { title: t('admin.users.status'), key: 'status', render: (_, r) => <UserStatus user={{ ...r, username: r.username ?? '' }} /> },
      { title: t('admin.users.actions'), key: 'actions', render: (_, r) => <UserActions user={{ ...r, username: r.username ?? '' }} /> },
    ],
  };
  return (
    <>
      <PageHeader title={t(`admin.${resource}.title`)} subTitle={t(`admin.${resource}.subtitle`)}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="admin-create">{t(`admin.${resource}.create`)}</Button>} />
      {resource === 'skus' && (
        <FilterBar filters={filters} onSearch={setFilters} onReset={() => resetFilters()} fields={[
          { name: 'q', label: t('admin.skus.search'), kind: 'input' },
          { name: 'merchantId', label: t('field.merchant'), kind: 'select', options: names.merchantOptions },
        ]} />
      )}
      <Card>
        <PagedTable<Row> result={result} pager={{ hasPrev, goNext, goPrev }} filtered={Object.keys(filters).length > 0} {...emptyHint(result, t(`admin.${resource}.empty`), Object.keys(filters).length > 0)} columns={columns[resource]} />
      </Card>
      <CreateModal resource={resource} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
