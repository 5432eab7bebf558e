import { z } from 'zod';

/** `wx.login()` code, plus the launch attribution (share link `shopId`/`ref`, or a 小程序码 `scene`). */
export const WechatLoginBody = z
  .object({
    code: z.string({ error: '必填' }).trim().min(1, '必填').max(128, '过长'),
    ref: z.string().trim().regex(/^[0-9A-Za-z]{4,16}$/, '推荐码格式不正确').optional(),
    shopId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    scene: z.string().max(128, '过长').optional(),
  })
  .strict();
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;

export const MerchantMembership = z.object({ id: z.number().int(), name: z.string(), role: z.enum(['owner', 'staff']), status: z.string() });

export const Me = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  referralCode: z.string(),
  isDistributor: z.boolean(),
  isAdmin: z.boolean(),
  shopId: z.number().int().nullable(),
  uplineUserId: z.number().int().nullable(),
  merchants: z.array(MerchantMembership),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), isNewUser: z.boolean(), user: Me });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const UpdateProfileBody = z
  .object({
    nickname: z.string().trim().min(1, '不能为空').max(32, '最多32个字符').optional(),
    avatarUrl: z.string().trim().url('必须是图片链接').max(512).optional(),
  })
  .strict()
  .refine((v) => v.nickname !== undefined || v.avatarUrl !== undefined, { message: '至少修改一项', path: ['nickname'] });
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;
