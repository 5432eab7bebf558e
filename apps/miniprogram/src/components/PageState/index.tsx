import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Empty, Loading } from '@nutui/nutui-react-taro';
import { errorMessage } from '../../utils/errors';
import './index.scss';

export interface PageStateProps {
  loading?: boolean;
  error?: unknown;
  /** Shown when not loading, no error and `empty` is true. */
  empty?: boolean;
  emptyText?: string;
  emptyAction?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
}

/**
 * Loading / error / empty / content, the same way on every page. The illustrations are drawn locally:
 * NutUI's default Empty images are remote URLs (offline in dev, and extra requests in WeChat).
 */
export function PageState({ loading, error, empty, emptyText = '暂无内容', emptyAction, onRetry, children }: PageStateProps) {
  if (loading) {
    return (
      <View className="ss-state">
        <Loading type="spinner">加载中…</Loading>
      </View>
    );
  }
  if (error) {
    return (
      <View className="ss-state">
        <Empty image={<View className="ss-state__art ss-state__art--error">!</View>} title="加载失败" description={errorMessage(error)} />
        {onRetry ? (
          <Button className="ss-state__action" type="primary" size="small" onClick={onRetry}>
            重新加载
          </Button>
        ) : null}
      </View>
    );
  }
  if (empty) {
    return (
      <View className="ss-state">
        <Empty image={<View className="ss-state__art">∅</View>} description={emptyText} />
        {emptyAction ? <View className="ss-state__action">{emptyAction}</View> : null}
      </View>
    );
  }
  return <>{children}</>;
}

export default PageState;
