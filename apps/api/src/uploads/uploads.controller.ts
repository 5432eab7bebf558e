import fs from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, Inject, Param, Post, StreamableFile, UploadedFile, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExcludeController, ApiTags } from '@nestjs/swagger';
import { UploadedImageView } from '@shareshop/common';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { type AuthUser, CurrentUser, Public } from '../auth/auth.guard.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { NotFound } from '../domain/errors.js';
import { ZResponse } from '../http/validation.js';
import { IMAGE_EXTENSIONS, type ImageType } from './image-type.js';
import { FILE_FIELD, ImageFileInterceptor } from './image-file.interceptor.js';
import { type ReceivedFile, UPLOAD_NAME, UploadImageService } from './upload-image.service.js';

/** `POST <controller>/uploads`: one image (JPG/PNG/WEBP/GIF, UPLOAD_MAX_KB) in the multipart field `file`, sniffed and stored. */
function ImageUploadRoute() {
  return applyDecorators(
    Post('uploads'),
    UseInterceptors(ImageFileInterceptor),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } }),
    ZResponse(UploadedImageView),
  );
}

@ApiTags('merchant catalogue')
@Controller('merchant')
@MerchantMember()
export class MerchantUploadsController {
  constructor(private readonly images: UploadImageService) {}

  /** One product image (JPG/PNG/WEBP/GIF, UPLOAD_MAX_KB), multipart field `file` (Taro.uploadFile name: 'file'). */
  @ImageUploadRoute()
  upload(@CurrentMerchant() m: MerchantContext, @UploadedFile() file: ReceivedFile | undefined) {
    return this.images.store(m.merchantId, file);
  }
}

@ApiTags('merchants')
@Controller('merchants')
export class ApplicantUploadsController {
  constructor(private readonly images: UploadImageService) {}

  /** The business licence photo of a merchant application (商家入驻), by any signed-in user; same rules as product images. */
  @ImageUploadRoute()
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: ReceivedFile | undefined) {
    return this.images.storeForApplicant(user.id, file);
  }
}

@ApiTags('after-sales')
@Controller('after-sales')
export class AfterSaleUploadsController {
  constructor(private readonly images: UploadImageService) {}

  /** A photo for an after-sale request (up to 3 per request), by any signed-in buyer; same rules as product images. */
  @ImageUploadRoute()
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: ReceivedFile | undefined) {
    return this.images.storeForAfterSale(user.id, file);
  }
}

const TYPES = Object.fromEntries(Object.entries(IMAGE_EXTENSIONS).map(([type, ext]) => [ext, type])) as Record<string, ImageType>;

/**
 * Serves uploaded images at /uploads/<merchantId>/<name> (outside /api/v1, like /static/demo), public
 * because <image> tags send no token. Only names the upload route generates are served, with the type it
 * sniffed and nosniff, so nothing else on disk is reachable and nothing is ever interpreted as a page.
 */
@ApiExcludeController()
@Controller('uploads')
export class UploadedFilesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get(':merchantId/:name')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  file(@Param('merchantId') merchantId: string, @Param('name') name: string): StreamableFile {
    if (!/^[1-9]\d{0,15}$/.test(merchantId) || !UPLOAD_NAME.test(name)) throw new NotFound('图片');
    return this.serve(path.join(this.config.uploads.UPLOAD_DIR, merchantId, name), name);
  }

  /** A merchant applicant's licence photo (ApplicantUploadsController). */
  @Public()
  @Get('applicants/:userId/:name')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  applicantFile(@Param('userId') userId: string, @Param('name') name: string): StreamableFile {
    if (!/^[1-9]\d{0,15}$/.test(userId) || !UPLOAD_NAME.test(name)) throw new NotFound('图片');
    return this.serve(path.join(this.config.uploads.UPLOAD_DIR, 'applicants', userId, name), name);
  }

  /** A buyer's after-sale photo (AfterSaleUploadsController). */
  @Public()
  @Get('aftersales/:userId/:name')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  afterSaleFile(@Param('userId') userId: string, @Param('name') name: string): StreamableFile {
    if (!/^[1-9]\d{0,15}$/.test(userId) || !UPLOAD_NAME.test(name)) throw new NotFound('图片');
    return this.serve(path.join(this.config.uploads.UPLOAD_DIR, 'aftersales', userId, name), name);
  }

  private serve(file: string, name: string): StreamableFile {
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new NotFound('图片');
    }
    return new StreamableFile(fs.createReadStream(file), { type: TYPES[name.slice(name.lastIndexOf('.') + 1)]!, length: size });
  }
}
