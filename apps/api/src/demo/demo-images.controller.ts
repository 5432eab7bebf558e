import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard.js';
import { NotFound } from '../domain/errors.js';

const PALETTE = ['#e4393c', '#ff9000', '#07c160', '#1989fa', '#7232dd', '#ee0a24', '#00a870', '#ed6a0c', '#3c7bfe', '#c8161d'];
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox personas' avatars (GET /__sandbox__/personas): a coloured disc with the role's first character. */
const AVATARS: Record<string, [string, string]> = {
  buyer: ['#1989fa', '顾'],
  shopkeeper: ['#ff9000', '店'],
  'merchant-owner': ['#e4393c', '商'],
  operator: ['#07c160', '运'],
};
function personaAvatar(key: string): string {
  const [color, label] = AVATARS[key]!;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="60" fill="${color}"/><text x="60" y="78" font-size="52" fill="#fff" text-anchor="middle" font-family="sans-serif">${label}</text></svg>`;
}

/**
 * Placeholder artwork for the seeded demo catalogue (the demo must work offline, with no CDN).
 * Deterministic SVGs: /static/demo/p3.svg, /static/demo/banner.svg, /static/demo/logo.svg, /static/demo/avatar-buyer.svg.
 */
@ApiExcludeController()
@Controller('static/demo')
export class DemoImagesController {
  @Public()
  @Get(':name')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  image(@Param('name') name: string): string {
    const avatar = /^avatar-(buyer|shopkeeper|merchant-owner|operator)\.svg$/.exec(name);
    if (avatar) return personaAvatar(avatar[1]!);
    const m = /^(p(\d{1,2})b?|banner|logo)\.svg$/.exec(name);
    if (!m) throw new NotFound('图片');
    if (m[1] === 'banner') {
      return `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="300" viewBox="0 0 750 300"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#ff5a3c"/><stop offset="1" stop-color="#e4393c"/></linearGradient></defs><rect width="750" height="300" fill="url(#g)"/><text x="375" y="150" font-size="52" fill="#fff" text-anchor="middle" font-family="sans-serif">好物分享 · 产地直发</text><text x="375" y="215" font-size="28" fill="#ffe" text-anchor="middle" font-family="sans-serif">分享给好友，一起省钱</text></svg>`;
    }
    if (m[1] === 'logo') {
      return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200"><circle cx="100" cy="100" r="100" fill="#e4393c"/><text x="100" y="122" font-size="64" fill="#fff" text-anchor="middle" font-family="sans-serif">分享</text></svg>`;
    }
    const n = Number(m[2]);
    const color = PALETTE[(n - 1) % PALETTE.length]!;
    const shade = m[1]!.endsWith('b') ? 0.75 : 1;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="${color}" opacity="${shade}"/><circle cx="300" cy="260" r="130" fill="#fff" opacity="0.25"/><text x="300" y="290" font-size="96" fill="#fff" text-anchor="middle" font-family="sans-serif">${esc(`商品${n}`)}</text><text x="300" y="470" font-size="36" fill="#fff" text-anchor="middle" font-family="sans-serif">ShareShop 分享小店</text></svg>`;
  }
}
