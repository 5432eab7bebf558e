import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MiniProgramClient, MiniProgramError, type WechatConfig } from '@shareshop/wechat';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventsService } from '../events/events.service.js';
import { WECHAT_CONFIG } from '../wechat/wechat.module.js';
import { MerchantEvents, type MerchantReviewedEvent } from './merchant-events.js';
import { SANDBOX_MERCHANT_REVIEWED_TEMPLATE } from './merchants.config.js';

/** WeChat's `thing` fields hold at most 20 characters. */
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

/**
 * Tells an applicant the platform's decision on their merchant application with a subscribe message
 * (审核结果通知), after the decision commits (outbox delivery: retried on a network failure, once per decision).
 * A user who gave no consent (43101) simply gets no message; the status page shows the decision anyway.
 */
@Injectable()
export class MerchantNotifications implements OnModuleInit {
  private readonly logger = new Logger('MerchantNotifications');
  private readonly templateId: string | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WECHAT_CONFIG) private readonly wechat: WechatConfig | null,
    private readonly events: EventsService,
    private readonly miniProgram: MiniProgramClient,
  ) {
    this.templateId = config.merchants.WECHAT_TEMPLATE_MERCHANT_REVIEWED ?? (config.personas ? SANDBOX_MERCHANT_REVIEWED_TEMPLATE : null);
  }

  onModuleInit(): void {
    if (!this.templateId || !this.wechat) return;
    this.events.subscribe<MerchantReviewedEvent>('merchants.notify-reviewed', [MerchantEvents.approved, MerchantEvents.rejected], (em, e) =>
      this.notify(em, e.aggregateId, e.type === MerchantEvents.approved, 'reason' in e.payload ? e.payload.reason : ''),
    );
  }

  private async notify(em: EntityManager, merchantId: number, approved: boolean, reason: string): Promise<void> {
    const [m] = await em.query<Array<{ name: string; openid: string }>>(
      `SELECT m.name, u.openid FROM merchant m JOIN app_user u ON u.id = m.owner_user_id WHERE m.id = $1`,
      [merchantId],
    );
    if (!m) return;
    try {
      await this.miniProgram.sendSubscribeMessage({
        toOpenid: m.openid,
        templateId: this.templateId!,
        page: approved ? 'pkg-merchant/dashboard/index' : 'pkg-merchant/apply/index',
        data: {
          thing1: thing(m.name),
          phrase2: approved ? '审核通过' : '未通过',
          thing3: thing(approved ? '进入商家后台发布商品吧' : reason || '请修改后重新提交'),
        },
      });
    } catch (error) {
      // no consent, or an openid WeChat does not know: nothing to retry
      if (error instanceof MiniProgramError && !error.retryable) {
        this.logger.warn(`merchant ${merchantId} review message not sent: ${error.errcode} ${error.message}`);
        return;
      }
      throw error;
    }
  }
}
