/** Exception photos: multipart upload (field `file`) → `{id}`; shown through an authenticated blob. */
import { api } from '../client';

export interface UploadedPhoto {
  id: string;
  url?: string;
  contentType?: string;
}

export function uploadPhoto(file: File | Blob, name = 'photo.jpg'): Promise<UploadedPhoto> {
  const form = new FormData();
  form.append('file', file, (file as File).name ?? name);
  return api.upload<UploadedPhoto>('/photos', form);
}

