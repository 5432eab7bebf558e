export * from './money.js';
export * from './errors.js';
export * from './time.js';
export * from './ids.js';
export * from './auth.js';
export {
  BodyId,
  FenAmount,
  PositiveFen,
  BpsRate,
  Quantity,
  text,
  multilineText,
  ImageUrl,
  isAllowedImageUrl,
  CONTROL_CHARACTERS,
  IsoDate,
  PageFields,
  MAX_FEN,
  MAX_QUANTITY,
} from './schema-kit.js';
export * from './merchants.js';
export * from './catalog.js';
export * from './orders.js';
export * from './settings.js';
export * from './shops.js';
export * from './distribution.js';
export * from './settlement.js';
export * from './after-sales.js';
export * from './freight.js';
export * from './share.js';
export * from './commission-rates.js';
export * from './order-labels.js';
