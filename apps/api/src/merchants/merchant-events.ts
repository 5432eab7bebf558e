/**
 * The events merchants publishes (aggregate `merchant`, id = merchant id). The payload types are the contract:
 * onboarding builds them, subscribers import them. Rows written before these types existed have these shapes
 * (approval always wrote `{}`, rejection `{ reason }`).
 */
export const MerchantEvents = {
  approved: 'merchant.approved',
  rejected: 'merchant.rejected',
} as const;

/** The application was approved (the merchant's shop exists from the same transaction). */
export type MerchantApprovedEvent = Record<string, never>;

export interface MerchantRejectedEvent {
  /** shown to the applicant */
  reason: string;
}

export type MerchantReviewedEvent = MerchantApprovedEvent | MerchantRejectedEvent;
