/** Photos for an exception: picture cards, uploaded at once to /api/photos; a phone opens its camera. */
import { Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { uploadPhoto, type UploadedPhoto } from '../../../api/hooks/photos';
import { problemMessage } from '../../ops/shared/problem';

export const photoIdsOf = (files: UploadFile[]) =>
  files.filter((f) => f.status === 'done' && (f.response as UploadedPhoto | undefined)?.id).map((f) => (f.response as UploadedPhoto).id);

export function PhotoUpload({ value, onChange }: { value: UploadFile[]; onChange: (files: UploadFile[]) => void }) {
  const { t } = useTranslation('warehouse');
  return (
    <Upload listType="picture-card" accept="image/*" capture="environment" multiple maxCount={20} fileList={value}
      data-testid="photo-upload"
      onChange={({ fileList }) => onChange(fileList.map((f) => (f.status === 'error' && f.error ? { ...f, response: problemMessage(f.error, t('register.photoFailed')) } : f)))}
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File).then((r) => onSuccess?.(r)).catch((e) => onError?.(e));
      }}>
      {value.length < 20 && (
        <div>
          <CameraOutlined style={{ fontSize: 20 }} />
          <div style={{ marginTop: 4, fontSize: 12 }}>{t('register.addPhoto')}</div>
        </div>
      )}
    </Upload>
  );
}
