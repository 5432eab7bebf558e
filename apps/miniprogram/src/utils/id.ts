/** A random idempotency key (no crypto.randomUUID in every WeChat base library). */
export function newIdempotencyKey(): string {
  const rnd = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(36)}-${rnd()}${rnd()}${rnd()}`;
}
