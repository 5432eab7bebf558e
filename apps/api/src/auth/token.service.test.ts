import { TokenService } from './token.service.js';

const tokens = new TokenService({ secret: 'x'.repeat(40), ttlSeconds: 3600 });

test('a token round-trips and carries the user id', () => {
  const { token } = tokens.issue(42);
  expect(tokens.verify(token).sub).toBe(42);
});

test('tampered, foreign, malformed and expired tokens are refused', () => {
  const { token } = tokens.issue(42, Date.now());
  const [payload, sig] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ sub: 1, iat: 0, exp: 9e9 })).toString('base64url');
  expect(() => tokens.verify(`${forged}.${sig}`)).toThrow(/无效/);
  expect(() => new TokenService({ secret: 'y'.repeat(40), ttlSeconds: 60 }).verify(token)).toThrow(/无效/);
  expect(() => tokens.verify('garbage')).toThrow(/格式/);
  expect(() => tokens.verify(`${payload}.${sig}`, Date.now() + 3601_000)).toThrow(/过期/);
});
