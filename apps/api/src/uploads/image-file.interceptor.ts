import { type CallHandler, type ExecutionContext, HttpException, Inject, Injectable, type NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ErrorCodes } from '@shareshop/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError, badRequest } from '../http/errors.js';

export const FILE_FIELD = 'file';

/**
 * Nest's FileInterceptor (multer, memory storage) for the one `file` part, with the size limit from
 * config, and multer's errors turned into our error body naming the field: a file over the limit is a
 * 413 on `file`, an unexpected part a 400 on that part. Multer stops reading at the limit, so an
 * oversized upload is never held in memory whole.
 */
@Injectable()
export class ImageFileInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxKb: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxKb = config.uploads.UPLOAD_MAX_KB;
    const Multer = FileInterceptor(FILE_FIELD, { limits: { fileSize: this.maxKb * 1024, files: 1, fields: 8, parts: 10 } });
    this.inner = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler) {
    try {
      return await this.inner.intercept(context, next);
    } catch (error) {
      throw this.describe(error);
    }
  }

  private describe(error: unknown): unknown {
    if (error instanceof PayloadTooLargeException) {
      const size = this.maxKb % 1024 === 0 ? `${this.maxKb / 1024} MB` : `${this.maxKb} KB`;
      return new AppError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `${FILE_FIELD}: 图片不能超过 ${size}`, [{ field: FILE_FIELD, message: `不能超过 ${size}` }]);
    }
    if (error instanceof HttpException && error.getStatus() === 400) {
      const cause = error.cause as { code?: string; field?: string } | undefined;
      const field = cause?.field && cause.field !== FILE_FIELD ? cause.field : FILE_FIELD;
      const message =
        cause?.code === 'LIMIT_UNEXPECTED_FILE' || cause?.code === 'LIMIT_FILE_COUNT'
          ? `只能上传一个文件，字段名为 ${FILE_FIELD}`
          : '不是合法的 multipart/form-data 上传';
      return badRequest(field, message);
    }
    return error;
  }
}
