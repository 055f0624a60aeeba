/**
 * 导出: the list as XLSX or CSV with the filters it shows. Each choice is a plain link to
 * `GET /api/<list>/export`, so the browser downloads the stream itself (no file held in the page).
 */
import { Button, Dropdown } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { toSearch, type Query } from '../api/client';

/** `path`: the list's API path (`/exceptions`); `query`: the filters the list is fetched with. */
export function ExportButton({ path, query }: { path: string; query: Query }) {
  const { t, i18n } = useTranslation();
  const href = (format: 'xlsx' | 'csv') => `/api${path}/export${toSearch({ ...query, format, lang: i18n.language === 'en-US' ? 'en-US' : 'zh-CN' })}`;
  return (
    <Dropdown trigger={['click']} menu={{
      items: (['xlsx', 'csv'] as const).map((f) => ({
        key: f,
        label: <a href={href(f)} download data-testid={`export-${f}`}>{t(`list.export.${f}`)}</a>,
      })),
    }}>
      <Button icon={<DownloadOutlined />} data-testid="export">{t('list.export.button')} <DownOutlined /></Button>
    </Dropdown>
  );
}
