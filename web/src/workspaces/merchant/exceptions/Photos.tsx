/** Exception photos: the API serves them only with the bearer token, so each is fetched as a blob. */
import { Empty, Image, Skeleton, Space, Typography } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useObjectUrl } from '../../../api/hooks/files';

function Thumb({ url }: { url: string }) {
  const { t } = useTranslation('merchant');
  const { url: src, error } = useObjectUrl(url);
  if (error) {
    return (
      <div style={{ width: 104, height: 104, border: '1px dashed #d9d9d9', borderRadius: 6, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center' }}>
        <PictureOutlined style={{ fontSize: 24, color: '#bfbfbf' }} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('exceptions.photoFailed')}</Typography.Text>
      </div>
    );
  }
  if (!src) return <Skeleton.Image active style={{ width: 104, height: 104 }} />;
  return <Image src={src} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid="exception-photo" />;
}

export function Photos({ photos }: { photos: { id: string; url: string }[] }) {
  const { t } = useTranslation('merchant');
  if (!photos.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exceptions.noPhotos')} />;
  return (
    <Image.PreviewGroup>
      <Space wrap size={12}>{photos.map((p) => <Thumb key={p.id} url={p.url} />)}</Space>
    </Image.PreviewGroup>
  );
}
