import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { useAuth } from '../../hooks/useAuth';
import { go, idParam, routes } from '../../routes';
import { entry, useEntry } from '../../store/entry';
import { session } from '../../store/session';
import { errorMessage } from '../../utils/errors';
import './index.scss';

export default function OpenShopPage() {
  const { params } = useRouter();
  const current = useEntry();
  const { user, ensure } = useAuth();
  const fromShopId = idParam(params.fromShopId) ?? current?.shopId ?? 0;
  const source = useAsync(() => api.shops.get(fromShopId), [fromShopId], { enabled: !!fromShopId });
  const [opening, setOpening] = useState(false);

  const open = async () => {
    if (!(await ensure())) return;
    setOpening(true);
    try {
      // Idempotent on the server: a user has at most one shop; cloning again returns it.
      const shop = await api.shops.clone({ fromShopId });
      session.updateUser({ shopId: shop.id });
      entry.enter({ shopId: shop.id, ref: null });
      void Taro.showToast({ title: shop.created ? '开店成功' : '你已经有自己的小店了', icon: 'success' });
      // Land in the new shop with a welcome.
      go(routes.shop);
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setOpening(false);
    }
  };

  if (user?.shopId) {
    return (
      <View className="ss-page">
        <PageState
          empty
          emptyText="你已经有自己的小店了"
          emptyAction={
            <Button type="primary" onClick={() => go(routes.distributorCenter)}>
              进入分销中心
            </Button>
          }
        />
      </View>
    );
  }

  return (
    <View className="ss-page open-page">
      <PageState loading={source.loading} error={source.error} onRetry={source.reload} empty={!fromShopId} emptyText="请从好友分享的店铺进入，一键复制开店">
        <View className="open-hero">
          <Text className="open-hero__title">一键开店</Text>
          <Text className="open-hero__desc">复制「{source.data?.name ?? '这家店'}」的选品和装修，立即拥有自己的小店</Text>
        </View>
        <CellGroup title="开店须知">
          <Cell title="免费开店" description="开店不收取任何费用" />
          <Cell title="无需囤货" description="商品由品牌商家统一发货、售后" />
          <Cell title="分享赚佣金" description="佣金仅来自你的小店售出的商品，与邀请人数无关" />
        </CellGroup>
        <View className="open-page__action">
          <Button block type="primary" size="large" loading={opening} disabled={opening} onClick={open}>
            免费开店
          </Button>
        </View>
      </PageState>
    </View>
  );
}
