/**
 * Every upload is decoded and encoded again (sharp) before it is stored: turned upright by its EXIF
 * orientation, then written without any metadata (EXIF, GPS, XMP, ICC comments), so what a camera
 * or phone recorded never reaches a merchant. Bytes that only start like an image fail to decode and
 * are refused; so are images past MAX_PHOTO_PIXELS, before their pixels are decoded.
 */
import sharp from 'sharp';
import { AppError } from '../../domain/errors.js';
import type { PhotoType } from './service.js';

/** 40 megapixels: more than any phone camera, far less than a decompression bomb. */
export const MAX_PHOTO_PIXELS = 40_000_000;
export const THUMB_SIZE = 320;
export const THUMB_TYPE = 'image/webp';

export interface Encoded {
  bytes: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

const refuse = (code: string, detail: string) => new AppError(422, code, detail, [{ field: 'file', code, message: detail }]);

export async function reencode(input: Buffer, type: PhotoType): Promise<Encoded> {
  try {
    // failOn 'error': a truncated or corrupt file is refused rather than stored half grey
    const upright = sharp(input, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' }).rotate();
    const out = type === 'image/jpeg' ? upright.clone().jpeg({ quality: 85, mozjpeg: true })
      : type === 'image/png' ? upright.clone().png()
        : upright.clone().webp({ quality: 85 });
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data)
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { bytes: data, thumb, width: info.width, height: info.height };
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (/pixel limit/i.test(message)) {
      throw refuse('IMAGE_TOO_LARGE', `An image may have at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`);
    }
    throw refuse('IMAGE_UNREADABLE', 'The file starts like an image but cannot be read as one; take the photo again');
  }
}
