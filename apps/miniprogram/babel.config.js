// babel-preset-taro (React + TypeScript). NutUI components are imported per component with their own
// css: `import { Button } from '@nutui/nutui-react-taro'` becomes
// `import Button from '@nutui/nutui-react-taro/dist/es/packages/button'` + `.../button/style/css`.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        libraryDirectory: 'dist/es/packages',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        style: (componentPath) => `${componentPath}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
