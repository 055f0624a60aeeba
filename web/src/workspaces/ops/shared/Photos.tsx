/** Exception photos: fetched with the token, shown as thumbnails with antd's preview. */
import { Empty, Image, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePhotoUrl } from '../../../api/hooks/photos';

function Photo({ url }: { url: string }) {
  const { t } = useTranslation('ops');
  const { url: src, error } = usePhotoUrl(url);
  if (error) return <div style={{ width: 104, height: 104, display: 'grid', placeItems: 'center', background: '#fafafa', color: '#999' }}>{t('detail.photoFailed')}</div>;
  if (!src) return <Skeleton.Image active style={{ width: 104, height: 104 }} />;
  return <Image src={src} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} />;
}

export function Photos({ photos }: { photos: { id: string; url: string }[] }) {
  const { t } = useTranslation('ops');
  if (!photos.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noPhotos')} />;
  return (
    <Image.PreviewGroup>
      <Space wrap data-testid="exception-photos">{photos.map((p) => <Photo key={p.id} url={p.url} />)}</Space>
    </Image.PreviewGroup>
  );
}
