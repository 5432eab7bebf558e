import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  type OnModuleInit,
  PayloadTooLargeException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FileInterceptor } from '@nestjs/platform-fastify';
import { ErrorCodes } from '@shareshop/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Invalid } from '../domain/errors.js';
import { AppError } from '../http/errors.js';

export const FILE_FIELD = 'file';

/**
 * Nest's Fastify FileInterceptor (@fastify/multipart, memory storage, multer's rules and messages) for
 * the one `file` part, with the size limit from config, and its errors turned into our error body naming
 * the field: a file over the limit is a 413 on `file`, an unexpected part a 400 on that part. The parser
 * stops keeping bytes at the limit, so an oversized upload is never held in memory whole.
 */
@Injectable()
export class ImageFileInterceptor implements NestInterceptor, OnModuleInit {
  private readonly inner: NestInterceptor & OnModuleInit;
  private readonly maxKb: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig, adapterHost: HttpAdapterHost) {
    this.maxKb = config.uploads.UPLOAD_MAX_KB;
    const Multipart = FileInterceptor(FILE_FIELD, { limits: { fileSize: this.maxKb * 1024, files: 1, fields: 8, parts: 10 } });
    this.inner = new Multipart(undefined, adapterHost) as NestInterceptor & OnModuleInit;
  }

  /** The inner interceptor asks the adapter to register @fastify/multipart here, before the server starts. */
  onModuleInit() {
    this.inner.onModuleInit();
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
      // multer's messages, with the part's name after " - " when there is one (`Unexpected file field - image`)
      const [reason, part] = error.message.split(' - ');
      const field = part && part !== FILE_FIELD ? part : FILE_FIELD;
      const message =
        reason === 'Unexpected file field' || reason === 'Too many files' ? `只能上传一个文件，字段名为 ${FILE_FIELD}` : '不是合法的 multipart/form-data 上传';
      return new Invalid(field, message);
    }
    return error;
  }
}
