import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { UploadedImageView } from '@shareshop/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Invalid } from '../domain/errors.js';
import { IMAGE_EXTENSIONS, sniffImageType } from './image-type.js';

/** What the upload interceptor's memory storage hands over for one file part (image-file.interceptor.ts). */
export interface ReceivedFile {
  buffer: Buffer;
  size: number;
}

/** `/uploads/<merchantId>/<32 hex>.<ext>`: the only names the file route serves (uploaded-files.controller.ts). */
export const UPLOAD_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

/**
 * Stores a merchant's product image on local disk under UPLOAD_DIR/<merchantId>/ with a random name and
 * the extension of its sniffed type. Files are written to a temporary name and renamed, so a crash never
 * leaves a half-written image behind a URL. A random name per upload: URLs are never reused, so they can
 * be cached forever.
 */
@Injectable()
export class UploadImageService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async store(merchantId: number, file: ReceivedFile | undefined): Promise<UploadedImageView> {
    return this.storeIn(String(merchantId), file);
  }

  /** A merchant applicant's business licence: UPLOAD_DIR/applicants/<userId>/, before any merchant exists. */
  async storeForApplicant(userId: number, file: ReceivedFile | undefined): Promise<UploadedImageView> {
    return this.storeIn(`applicants/${userId}`, file);
  }

  /** A buyer's after-sale photo (售后凭证): UPLOAD_DIR/aftersales/<userId>/. */
  async storeForAfterSale(userId: number, file: ReceivedFile | undefined): Promise<UploadedImageView> {
    return this.storeIn(`aftersales/${userId}`, file);
  }

  private async storeIn(folder: string, file: ReceivedFile | undefined): Promise<UploadedImageView> {
    if (!file) throw new Invalid('file', '请选择图片（multipart/form-data 的 file 字段）');
    if (file.size === 0) throw new Invalid('file', '图片是空文件');
    const contentType = sniffImageType(file.buffer);
    if (!contentType) throw new Invalid('file', '只支持 JPG、PNG、WEBP、GIF 图片');
    const dir = path.join(this.config.uploads.UPLOAD_DIR, folder);
    const name = `${randomBytes(16).toString('hex')}.${IMAGE_EXTENSIONS[contentType]}`;
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.tmp`);
    await fs.writeFile(tmp, file.buffer, { mode: 0o644 });
    await fs.rename(tmp, path.join(dir, name));
    return { url: `/uploads/${folder}/${name}`, contentType, size: file.size };
  }
}
