import { z } from 'zod';
import { ImageUrl, text } from './schema-kit.js';

/** `wx.login()` code, plus the launch attribution (share link `shopId`/`ref`, or a 小程序码 `scene`). */
export const WechatLoginBody = z
  .object({
    code: z.string({ error: '必填' }).trim().min(1, '必填').max(128, '过长'),
    ref: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4,16}$/, '推荐码格式不正确')
      .optional(),
    shopId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    scene: text(128).optional(),
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
    nickname: text(32, 1).optional(),
    avatarUrl: ImageUrl.optional(),
  })
  .strict()
  .refine((v) => v.nickname !== undefined || v.avatarUrl !== undefined, { message: '至少修改一项', path: ['nickname'] });
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

// --- platform admin: users (look up, block: blocking ends their sessions) ---

/** GET /admin/users?q= — q is a user id or part of a nickname; newest first. */
export const AdminUsersQuery = z.strictObject({
  q: text(32).optional(),
  page: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(10_000, '过大').default(1),
  pageSize: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(50, '不能超过 50').default(20),
});
export type AdminUsersQuery = z.infer<typeof AdminUsersQuery>;

export const AdminUserView = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  isDistributor: z.boolean(),
  blockedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminUserView = z.infer<typeof AdminUserView>;

export const AdminUserList = z.object({ items: z.array(AdminUserView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AdminUserList = z.infer<typeof AdminUserList>;
