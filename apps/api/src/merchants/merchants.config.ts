import { z } from 'zod';
import { optionalString } from '../env.js';

export const merchantsSchema = z.object({
  /**
   * Subscribe message template (审核结果通知) sent to an applicant when the platform approves or rejects their
   * merchant application. Unset: the sandbox's stand-in id while WeChat is the sandbox, no message otherwise.
   */
  WECHAT_TEMPLATE_MERCHANT_REVIEWED: optionalString(),
});
export type MerchantsConfig = z.infer<typeof merchantsSchema>;

/** The template id the local sandbox accepts for merchant review results (any non-empty id works there). */
export const SANDBOX_MERCHANT_REVIEWED_TEMPLATE = 'sandbox-merchant-reviewed';
