/**
 * Exception photos: each thumbnail (the API's 320 px WebP, `thumbUrl`) is fetched with the session
 * as a blob; the preview opens the full image. A photo that fails to load says so in its place.
 */
import { Empty, Image, Skeleton, Space, Typography } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useObjectUrl } from '../api/hooks/files';

export interface PhotoRef { id: string; url: string; thumbUrl?: string }

function Thumb({ photo }: { photo: PhotoRef }) {
  const { t } = useTranslation();
  const { url: src, error } = useObjectUrl(photo.thumbUrl ?? photo.url);
  if (error) {
    return (
      <div style={{ width: 104, height: 104, border: '1px dashed #d9d9d9', borderRadius: 6, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center' }}>
        <PictureOutlined style={{ fontSize: 24, color: '#bfbfbf' }} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('photos.failed')}</Typography.Text>
      </div>
    );
  }
  if (!src) return <Skeleton.Image active style={{ width: 104, height: 104 }} />;
  return <Image src={src} preview={{ src: photo.url }} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid="exception-photo" />;
}

export function Photos({ photos }: { photos: PhotoRef[] }) {
  const { t } = useTranslation();
  if (!photos.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('photos.none')} />;
  return (
    <Image.PreviewGroup>
      <Space wrap size={12} data-testid="exception-photos">{photos.map((p) => <Thumb key={p.id} photo={p} />)}</Space>
    </Image.PreviewGroup>
  );
}
