import { readFileSync } from 'node:fs';

const importsOf = (url: URL): string[] => [...readFileSync(url, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

test('config/ imports domain config files, and none of them imports anything under config/ back', () => {
  const domainConfigs = importsOf(new URL('./config.ts', import.meta.url)).filter((p) => p.startsWith('../') && p.endsWith('.config.js'));
  expect(domainConfigs.length).toBeGreaterThanOrEqual(4);
  const back = domainConfigs.flatMap((p) =>
    importsOf(new URL(p.replace(/\.js$/, '.ts'), import.meta.url))
      .filter((i) => i.startsWith('../config/'))
      .map((i) => `${p} → ${i}`),
  );
  expect(back).toEqual([]);
});
