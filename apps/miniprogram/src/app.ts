import { type PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { platform } from './platform';
import { entry } from './store/entry';
import { entryFromQuery } from './utils/scene';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // A share link / 小程序码 may open any page; remember the shop and referral it carried.
    const found = entryFromQuery(platform.getLaunchQuery());
    if (found && 'shopId' in found) entry.enter(found);
  });
  return children;
}

export default App;
