/**
 * Secrets (issue #4 item 6), unit tier: randomness in src/ comes from node:crypto only, and a reset run
 * through the use cases with in-memory ports and a trace-level logger never writes the password — the
 * generated one or one the admin typed — into a log line, in any encoding it could leak in.
 * (AES-256-GCM with key rotation is covered by tests/storage/crypto.test.ts.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import { GraphError, ErrorCodes } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { revealLink } from '../../src/reset/linkService';
import { resendMail } from '../../src/reset/otherActions';
import { recoverUnfinished } from '../../src/reset/recovery';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import type { Actor, CardAction, InvokeResult } from '../../src/reset/types';
import { encodingsOf } from '../support/canary';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';

const SRC = path.resolve(__dirname, '..', '..', 'src');

/** Every TypeScript/JavaScript file under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(c|m)?(t|j)sx?$/.test(name) ? [full] : [];
  });
}

/** `Math.random` however it is spelled: dotted, bracketed, destructured or aliased. */
const MATH_RANDOM =
  /\bMath\s*(?:\.\s*random\b|\[\s*['"`]random['"`]\s*\])|\{[^}]*\brandom\b[^}]*\}\s*=\s*Math\b/;

describe('security: randomness comes from node:crypto only', () => {
  it('the Math.random pattern catches every spelling (the scan is not blind)', () => {
    for (const spelling of [
      'Math.random()',
      'Math . random()',
      "Math['random']()",
      'Math["random"]',
      'const { random } = Math;',
    ]) {
      assert.match(spelling, MATH_RANDOM, spelling);
    }
    for (const harmless of [
      'randomBytes(32)',
      'randomInt(10)',
      'crypto.randomUUID()',
      'MathHelper.randomize()',
    ]) {
      assert.doesNotMatch(harmless, MATH_RANDOM, harmless);
    }
  });

  it('no file under src/ uses Math.random', () => {
    const files = sourceFiles(SRC);
    assert.ok(files.length > 50, `the scan saw the source tree (${files.length} files)`);
    const offenders = files
      .filter((file) => MATH_RANDOM.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    assert.deepEqual(offenders, [], `Math.random found in: ${offenders.join(', ')}`);
  });
});

describe('security: the password never reaches a log line (unit-tier canary)', () => {
  const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
  const admin = profile(user('a0000000-0000-0000-0000-00000000000a', 'Adele Vance'), [HELPDESK]);
  const target = profile(
    user('b0000000-0000-0000-0000-00000000000b', 'Bob Brown', { otherMails: ['bob.home@example.net'] }),
  );
  const actor: Actor = {
    aadObjectId: admin.user.id,
    teamsUserId: '29:adele',
    name: admin.user.displayName,
    tenantId: 'tenant-1',
  };
  const conversation = { type: 'personal' as const, reference: '{}' };
  const action = (verb: string, requestId: string, inputs: Record<string, unknown>): CardAction => ({
    verb,
    requestId,
    inputs,
    trigger: 'manual',
    locale: 'en',
    card: { conversationReference: '{}', activityId: 'card-1' },
  });

  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  /** Deps over memory ports with a trace-level logger whose every line is kept. */
  function setup(settings: Record<string, unknown> = {}) {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const logger = createLogger('trace', stream);
    const directory = stubDirectory(sandbox, [admin, target]);
    const ports = memoryDeps(directory, { logger: logger.child({ name: 'reset' }), settings });
    return { directory, ...ports, logText: () => text };
  }

  async function openRequest(deps: ReturnType<typeof setup>['deps']): Promise<string> {
    const cards = await startReset(deps, {
      actor,
      conversation,
      locale: 'en',
      queries: ['Bob Brown'],
      correlationId: 'corr-open',
    });
    const requestId = cards.at(-1)?.requestId;
    assert.ok(requestId, 'a request was opened');
    return requestId;
  }

  /** Runs the work after the answer; `cards` is where the card replacements go (and may fail). */
  async function finish(result: InvokeResult): Promise<void> {
    assert.ok(result.continuation, `the submit went ahead: ${JSON.stringify(result.answer).slice(0, 300)}`);
    await result.continuation();
  }

  /** Fails if any captured line holds the secret; a marker line proves the capture works. */
  function assertAbsent(deps: ReturnType<typeof setup>['deps'], logText: () => string, secret: string): void {
    deps.logger.info({ probe: 'canary' }, 'capture check');
    const lines = logText().split('\n').filter(Boolean);
    assert.ok(
      lines.some((line) => line.includes('capture check')),
      'the logger is captured (the scan is not blind)',
    );
    for (const [encoding, needle] of Object.entries(encodingsOf(secret))) {
      const hit = lines.findIndex((line) => line.includes(needle));
      assert.equal(hit, -1, `the password (${encoding}) is in log line ${hit + 1}: ${lines[hit]}`);
    }
  }

  it('link mode, with every failure that logs: mail 503 (ambiguous), card replacement failing, then resend and reveal', async () => {
    const { deps, directory, logText, cards } = setup({ delivery: 'link' });
    directory.sendMail
      .onFirstCall()
      .rejects(
        new GraphError(ErrorCodes.GRAPH_UNAVAILABLE, 503, 'ServiceUnavailable', 'g-503', 'mail failed', true),
      );
    const requestId = await openRequest(deps);
    const inputs = {
      passwordMode: 'auto',
      forceChange: 'true',
      revokeSessions: 'true',
      recipients: 'bob.home@example.net',
    };
    cards.failing = true; // the connector said 502
    await finish(await submitReset(deps, actor, action('reset.submit', requestId, inputs), 'corr-submit'));
    cards.failing = false;
    // The card never showed the outcome, so the request stays claimed until recovery replaces it.
    await recoverUnfinished({ ...deps, settings: { ...deps.settings, recoverAfterMs: 0 } });
    sinon.assert.calledOnce(directory.resetPassword);
    const password = directory.resetPassword.firstCall.args[1];
    assert.ok(password.length >= 12, 'a password was generated');

    const resent = await resendMail(deps, actor, action('reset.resendMail', requestId, {}), 'corr-resend');
    if (resent.continuation) await resent.continuation();
    // The resend re-issued the link (the old one stops working): reveal the newest one.
    const linkMail = directory.sendMail
      .getCalls()
      .map((call) => JSON.stringify(call.args))
      .filter((args) => /\/l\/[A-Za-z0-9_-]{20,}/.test(args))
      .at(-1);
    const token = linkMail?.match(/\/l\/([A-Za-z0-9_-]{20,})/)?.[1];
    assert.ok(token, 'a link was mailed');
    const revealed = await revealLink(deps, token, 'corr-reveal');
    assert.equal(revealed?.password, password, 'the link shows the password that was set');
    assert.match(logText(), new RegExp(requestId), 'the log names the request (it was captured)');
    assertAbsent(deps, logText, password);
  });

  it('inline mode: the mail carries the password, the log does not, even when the mail call fails', async () => {
    const { deps, directory, logText } = setup({ delivery: 'inline' });
    directory.sendMail
      .onFirstCall()
      .rejects(
        new GraphError(
          ErrorCodes.GRAPH_BAD_REQUEST,
          400,
          'ErrorInvalidRecipients',
          'g-400',
          'bad recipients',
          false,
        ),
      );
    const requestId = await openRequest(deps);
    const inputs = {
      passwordMode: 'auto',
      forceChange: 'false',
      revokeSessions: 'false',
      recipients: 'bob.home@example.net',
    };
    await finish(await submitReset(deps, actor, action('reset.submit', requestId, inputs), 'corr-submit'));
    const password = directory.resetPassword.firstCall.args[1];
    assert.ok(
      JSON.stringify(directory.sendMail.firstCall.args).includes(password),
      'inline mail carries the password',
    );
    assertAbsent(deps, logText, password);
  });

  it('a typed password that Graph refuses (banned) is neither logged nor echoed', async () => {
    const { deps, directory, logText, cards } = setup({ delivery: 'link' });
    const typed = 'Zq8#vT!m2LpW@c7x';
    directory.resetPassword.rejects(
      new GraphError(
        ErrorCodes.PASSWORD_BANNED,
        400,
        'Request_BadRequest',
        'g-banned',
        'password banned',
        false,
      ),
    );
    const requestId = await openRequest(deps);
    const inputs = {
      passwordMode: 'custom',
      customPassword: typed,
      forceChange: 'true',
      revokeSessions: 'true',
      recipients: 'bob.home@example.net',
    };
    await finish(await submitReset(deps, actor, action('reset.submit', requestId, inputs), 'corr-submit'));
    const replaced = JSON.stringify(cards.replaced);
    assert.ok(cards.replaced.length > 0, 'the card was replaced');
    sinon.assert.calledOnceWithMatch(directory.resetPassword, target.user.id, typed);
    assert.equal(replaced.includes(typed), false, 'the replaced card does not echo it');
    assertAbsent(deps, logText, typed);
  });

  it('a typed password that breaks a rule comes back as a form without it, and no log line holds it', async () => {
    const { deps, directory, logText } = setup();
    const typed = 'bobbrown';
    const requestId = await openRequest(deps);
    const inputs = {
      passwordMode: 'custom',
      customPassword: typed,
      forceChange: 'true',
      revokeSessions: 'true',
      recipients: 'bob.home@example.net',
    };
    const result = await submitReset(deps, actor, action('reset.submit', requestId, inputs), 'corr-submit');
    assert.equal(result.continuation, undefined);
    sinon.assert.notCalled(directory.resetPassword);
    assert.equal(JSON.stringify(result.answer).includes(typed), false, 'the form does not echo the password');
    assertAbsent(deps, logText, typed);
  });
});
