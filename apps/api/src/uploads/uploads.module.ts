import { Module } from '@nestjs/common';
import { ImageFileInterceptor } from './image-file.interceptor.js';
import { AfterSaleUploadsController, ApplicantUploadsController, MerchantUploadsController, UploadedFilesController } from './uploads.controller.js';
import { UploadImageService } from './upload-image.service.js';

/** Product images: multipart upload by merchants, stored on local disk, served back publicly. */
@Module({
  controllers: [MerchantUploadsController, ApplicantUploadsController, AfterSaleUploadsController, UploadedFilesController],
  providers: [UploadImageService, ImageFileInterceptor],
})
export class UploadsModule {}
