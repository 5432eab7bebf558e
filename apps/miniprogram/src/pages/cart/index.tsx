import { Text, View } from '@tarojs/components';
import { Button, Checkbox, InputNumber } from '@nutui/nutui-react-taro';
import { LineItem } from '../../components/LineItem';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { go, routes } from '../../routes';
import { cart, computeTotals, useCartLines, type CartLine } from '../../store/cart';
import './index.scss';

function groupByShop(lines: CartLine[]): [number, CartLine[]][] {
  const groups = new Map<number, CartLine[]>();
  for (const l of lines) groups.set(l.shopId, [...(groups.get(l.shopId) ?? []), l]);
  return [...groups];
}

export default function CartPage() {
  const lines = useCartLines();
  const groups = groupByShop(lines);
  // One order per shop (commission attribution): checkout the first shop that has selected lines.
  const checkoutShop = groups.find(([, ls]) => ls.some((l) => l.selected))?.[0];
  const totals = computeTotals(lines, checkoutShop);

  return (
    <View className="ss-page cart-page">
      <PageState
        empty={!lines.length}
        emptyText="购物车空空如也"
        emptyAction={
          <Button type="primary" onClick={() => go(routes.shop)}>
            去逛逛
          </Button>
        }
      >
        {groups.map(([shopId, shopLines]) => (
          <View className="ss-card cart-group" key={shopId}>
            <View className="ss-row cart-group__head">
              <Checkbox
                checked={shopLines.every((l) => l.selected)}
                onChange={(checked) => cart.toggleShop(shopId, checked)}
                label={groups.length > 1 ? `店铺 ${shopId}` : '全选'}
              />
            </View>
            {shopLines.map((l) => (
              <LineItem
                key={l.skuId}
                className="cart-line"
                line={l}
                leading={<Checkbox checked={l.selected} onChange={(checked) => cart.toggle(shopId, l.skuId, checked)} />}
                quantity={
                  <InputNumber
                    value={l.quantity}
                    min={1}
                    max={Math.max(1, Math.min(l.stock, 99))}
                    onChange={(v) => cart.setQuantity(shopId, l.skuId, Number(v))}
                  />
                }
                trailing={
                  <Text className="cart-line__remove" onClick={() => cart.remove(shopId, l.skuId)}>
                    删除
                  </Text>
                }
              />
            ))}
          </View>
        ))}
        {groups.length > 1 ? <Text className="ss-muted cart-page__hint">不同店铺的商品需分别结算</Text> : null}
        <View className="ss-bottom-bar cart-page__bar">
          <View className="cart-page__total">
            <Text>合计：</Text>
            <Price fen={totals.selectedFen} />
          </View>
          <Button type="primary" disabled={!checkoutShop} onClick={() => checkoutShop && go(routes.checkout, { shopId: checkoutShop, from: 'cart' })}>
            结算({totals.selectedCount})
          </Button>
        </View>
      </PageState>
    </View>
  );
}
