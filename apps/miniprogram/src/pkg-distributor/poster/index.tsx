import { useEffect, useMemo, useRef, useState } from 'react';
import { Canvas, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Loading } from '@nutui/nutui-react-taro';
import { sharePath } from '@shareshop/common/rules';
import { api, assetUrl } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { platform, type DrawingSurface } from '../../platform';
import { idParam, routes } from '../../routes';
import { useSession } from '../../store/session';
import { errorMessage } from '../../utils/errors';
import { posterImageSources, posterInput, saveFailure } from './content';
import { drawPoster } from './draw';
import { POSTER_HEIGHT, POSTER_SCALE, POSTER_WIDTH, posterLayout, type Measure } from './layout';
import './index.scss';

let instances = 0;

/**
 * 分享海报: `?productId=` for a product (photo, title, price), none for the shop itself. Drawn on a Canvas 2D
 * with the sharer's avatar and shop and the 小程序码 of their shop (GET /shops/mine/code: scene carries the
 * shop and their referral code), then saved through the platform (album in WeChat, a download in H5).
 */
export default function PosterPage() {
  const { params } = useRouter();
  const productId = idParam(params.productId);
  const { user } = useSession();
  const shopId = user?.shopId ?? 0;
  // Taro H5 keeps earlier pages in the DOM: one canvas id per page instance
  const canvasId = useMemo(() => `poster-canvas-${++instances}`, []);
  const shop = useAsync(() => api.shops.get(shopId, { page: 1, pageSize: 1 }), [shopId], { enabled: !!shopId });
  const product = useAsync(() => api.products.get(productId!), [productId], { enabled: !!shopId && !!productId });
  const code = useAsync(() => api.shops.downloadMyCode(), [shopId], { enabled: !!shopId });
  const surface = useRef<DrawingSurface>();
  const [drawn, setDrawn] = useState(false);
  const [drawError, setDrawError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);

  const s = shop.data;
  const p = productId ? product.data : null;
  const ready = !!s && !!code.data && (!productId || !!p);

  useEffect(() => {
    if (!ready || !s || !code.data) return;
    let stale = false;
    setDrawn(false);
    setDrawError(undefined);
    surface.current = undefined;
    const draw = async () => {
      const surf = await platform.openCanvas(canvasId, { width: POSTER_WIDTH, height: POSTER_HEIGHT }, POSTER_SCALE);
      const measure: Measure = (text, font) => {
        surf.ctx.font = font;
        return surf.ctx.measureText(text).width;
      };
      const layout = posterLayout(posterInput(s, p), measure);
      const src = posterImageSources(s, p);
      // a missing photo or avatar gets a placeholder; without the code the poster is no use
      const optional = (url: string | null) => (url ? surf.loadImage(assetUrl(url)).catch(() => null) : Promise.resolve(null));
      const [productImage, avatarImage, codeImage] = await Promise.all([optional(src.product), optional(src.avatar), surf.loadImage(code.data!)]);
      if (stale) return;
      drawPoster(surf.ctx, layout, { product: productImage, avatar: avatarImage, code: codeImage });
      surface.current = surf;
      setDrawn(true);
    };
    draw().catch((err) => {
      if (!stale) setDrawError(err);
    });
    return () => {
      stale = true;
    };
  }, [ready, s, p, code.data, canvasId, attempt]);

  useShareAppMessage(() => ({
    title: p ? p.title : s ? `${s.name} · 分享小店` : '分享小店',
    path: sharePath(p ? routes.productDetail : routes.shop, { id: p?.id, shopId, ref: user?.referralCode }),
  }));

  const save = async () => {
    if (!surface.current || saving) return;
    setSaving(true);
    try {
      const file = await surface.current.toImageFile();
      await platform.saveImageToAlbum(file, `shareshop-poster-${shopId}${productId ? `-${productId}` : ''}.png`);
      void Taro.showToast({ title: '海报已保存', icon: 'success' });
    } catch (err) {
      const failure = saveFailure(err);
      if (failure.kind === 'toast') void Taro.showToast({ title: failure.text, icon: 'none' });
      if (failure.kind === 'settings') {
        const { confirm } = await Taro.showModal({ title: failure.title, content: failure.content, confirmText: failure.confirmText });
        if (confirm) await platform.openSettings().catch(() => undefined);
      }
    } finally {
      setSaving(false);
    }
  };

  const loading = shop.loading || code.loading || (!!productId && product.loading);
  const error = shop.error || product.error || code.error;
  return (
    <View className="ss-page poster-page">
      <PageState
        loading={loading}
        error={error}
        onRetry={() => {
          void shop.reload();
          void code.reload();
          if (productId) void product.reload();
        }}
        empty={!shopId}
        emptyText="开店后才能生成分享海报"
      >
        <View className="poster-page__frame">
          <Canvas type="2d" id={canvasId} canvasId={canvasId} className="poster-page__canvas" />
          {!drawn && !drawError ? (
            <View className="poster-page__overlay">
              <Loading type="spinner">海报生成中…</Loading>
            </View>
          ) : null}
          {drawError ? (
            <View className="poster-page__overlay">
              <Text className="poster-page__error">海报生成失败：{errorMessage(drawError)}</Text>
              <Button size="small" type="primary" onClick={() => setAttempt((n) => n + 1)}>
                重新生成
              </Button>
            </View>
          ) : null}
        </View>
        <View className="poster-page__actions">
          <Button block type="primary" disabled={!drawn} loading={saving} onClick={save}>
            保存到相册
          </Button>
          <Text className="ss-muted poster-page__tip">保存后可发朋友圈；好友长按识别小程序码即可进店，也可以点右上角「···」直接分享</Text>
        </View>
      </PageState>
    </View>
  );
}
