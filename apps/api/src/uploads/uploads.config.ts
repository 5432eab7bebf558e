import { z } from 'zod';
import { intFromEnv, optionalString } from '../env.js';

export const uploadsSchema = z.object({
  /** Where uploaded product images are stored; default DATA_DIR/uploads (see loadConfig). */
  UPLOAD_DIR: optionalString(),
  /** Largest accepted image. WeChat's chooseMedia "compressed" photos are ~100-500 KB. */
  UPLOAD_MAX_KB: intFromEnv(2048, 16, 20_480),
});
export type UploadsConfig = z.infer<typeof uploadsSchema> & { UPLOAD_DIR: string };
