import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Input, Radio, RadioGroup } from '@nutui/nutui-react-taro';
import { api, type ShopTheme } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { useSession } from '../../store/session';
import './index.scss';
import { useAction } from '../../hooks/useAction';

const THEMES = [
  { name: '中国红', value: 'red' },
  { name: '活力橙', value: 'orange' },
  { name: '清新绿', value: 'green' },
  { name: '科技蓝', value: 'blue' },
];

export default function ShopSettingsPage() {
  const { user } = useSession();
  const shopId = user?.shopId ?? 0;
  const shop = useAsync(() => api.shops.mine(), [shopId], { enabled: !!shopId });
  const [name, setName] = useState('');
  const [bannerUrl, setBannerUrl] = useState('');
  const [theme, setTheme] = useState(THEMES[0].value);
  const { busy: saving, run } = useAction();

  useEffect(() => {
    if (!shop.data) return;
    setName(shop.data.name);
    setBannerUrl(shop.data.bannerUrl ?? '');
    setTheme(shop.data.theme ?? THEMES[0].value);
  }, [shop.data]);

  const save = async () => {
    if (!name.trim()) return void Taro.showToast({ title: '请填写店铺名称', icon: 'none' });
    const t = THEMES.find((x) => x.value === theme);
    await run(
      async () =>
        shop.setData(await api.shops.updateMine({ name: name.trim(), bannerUrl: bannerUrl.trim() || null, theme: t?.value as ShopTheme | undefined })),
      {
        done: '已保存',
      },
    );
  };

  return (
    <View className="ss-page settings-page">
      <PageState loading={shop.loading} error={shop.error} onRetry={shop.reload} empty={!shopId} emptyText="你还没有开店">
        <CellGroup title="基本信息">
          <Cell title="店铺名称">
            <Input value={name} maxLength={20} placeholder="给小店起个名字" onChange={setName} />
          </Cell>
          <Cell title="店招图片">
            <Input value={bannerUrl} placeholder="图片地址（选填）" onChange={setBannerUrl} />
          </Cell>
        </CellGroup>
        <CellGroup title="店铺主题">
          <Cell>
            <RadioGroup value={theme} onChange={(v) => setTheme(String(v))} direction="horizontal">
              {THEMES.map((t) => (
                <Radio key={t.value} value={t.value}>
                  <View className="theme-dot" style={{ background: t.value }} />
                  {t.name}
                </Radio>
              ))}
            </RadioGroup>
          </Cell>
        </CellGroup>
        <View className="settings-page__action">
          <Button block type="primary" loading={saving} onClick={save}>
            保存
          </Button>
        </View>
      </PageState>
    </View>
  );
}
