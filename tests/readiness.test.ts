import assert from 'node:assert/strict';
import { checkReadiness } from '../src/readiness';

describe('readiness', () => {
  it('reports each check by name, run at once', async () => {
    const started: string[] = [];
    const check = (name: string, ok: boolean) => async () => {
      started.push(name);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ok;
    };
    const begun = Date.now();
    assert.deepEqual(
      await checkReadiness(
        { storage: check('storage', true), graphToken: check('graphToken', false) },
        1_000,
      ),
      {
        storage: true,
        graphToken: false,
      },
    );
    assert.deepEqual(started, ['storage', 'graphToken']);
    assert.ok(Date.now() - begun < 500, 'in parallel, not one after the other');
  });

  it('counts a check that throws, synchronously or not, as not ready', async () => {
    assert.deepEqual(
      await checkReadiness(
        {
          rejects: () => Promise.reject(new Error('down')),
          throws: () => {
            throw new Error('broken');
          },
        },
        1_000,
      ),
      { rejects: false, throws: false },
    );
  });

  it('gives up on a hanging check at the deadline', async () => {
    const begun = Date.now();
    const report = await checkReadiness(
      { hangs: () => new Promise<boolean>(() => undefined), fine: async () => true },
      100,
    );
    assert.deepEqual(report, { hangs: false, fine: true });
    assert.ok(Date.now() - begun < 1_000);
  });
});
