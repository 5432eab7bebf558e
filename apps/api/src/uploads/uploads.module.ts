import { Module } from '@nestjs/common';
import { ImageFileInterceptor } from './image-file.interceptor.js';
import { AfterSaleUploadsController, ApplicantUploadsController, MerchantUploadsController, UploadedFilesController } from './uploads.controller.js';
import { UploadImageService } from './upload-image.service.js';
import { AccessModule } from '../access/access.module.js';

/** Product images: multipart upload by merchants, stored on local disk, served back publicly. */
@Module({
  imports: [AccessModule],
  controllers: [MerchantUploadsController, ApplicantUploadsController, AfterSaleUploadsController, UploadedFilesController],
  providers: [UploadImageService, ImageFileInterceptor],
})
export class UploadsModule {}
