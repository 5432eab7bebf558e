/** The usual setup of a sandbox test file (src/testing/ is test-only: tsconfig.build.json leaves it out of dist). */
import type { RunningSandbox, SandboxOptions } from '../types.js';
import { control, Receiver, start } from './helpers.js';

/**
 * One sandbox and one local notify receiver for the whole test file: started before its first test, closed
 * after its last. Before each test the sandbox is reset (`POST /__sandbox__/reset`) and the receiver is
 * emptied and answers 200 again. `use` gets both once started, e.g. to set the file's own `sb` and `rx`.
 * Call it at the top of the file, before the file's own beforeEach hooks (those run after the reset).
 */
export function sandboxPerFile(use: (sb: RunningSandbox, rx: Receiver) => void, opts: SandboxOptions = {}): void {
  let sb: RunningSandbox | undefined;
  let rx: Receiver | undefined;
  beforeAll(async () => {
    sb = await start(opts);
    rx = await new Receiver().start();
    use(sb, rx);
  });
  afterAll(async () => {
    await sb?.close();
    await rx?.close();
  });
  beforeEach(async () => {
    await control(sb!, 'POST', '/reset');
    rx!.received.length = 0;
    rx!.respond = () => 200;
  });
}
