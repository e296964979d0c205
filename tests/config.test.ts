import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError, isLoopback, loadConfig, loadTelemetryConfig } from '../src/config';

const key = (): string => randomBytes(32).toString('base64');

/** A complete production environment. */
function production(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    BOT_ID: '00000000-0000-0000-0000-0000000000b1',
    BOT_PASSWORD: 'not-a-real-secret',
    BOT_TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
    BOT_TYPE: 'SingleTenant',
    TENANT_ID: '00000000-0000-0000-0000-0000000000aa',
    GRAPH_AUTH: 'managed-identity',
    GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000c1',
    MAIL_SENDER: 'helpdesk@contoso.com',
    PUBLIC_URL: 'https://bot.contoso.com',
    LINK_ENCRYPTION_KEYS: key(),
    STORAGE_CONNECTION_STRING:
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==;EndpointSuffix=core.windows.net',
    ...overrides,
  };
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
  return [];
}

describe('config', () => {
  it('accepts a complete production environment and freezes the result', () => {
    const config = loadConfig(production());
    assert.equal(config.localMode, false);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 3978);
    assert.equal(config.mail.delivery, 'link');
    assert.equal(config.links.encryptionKeys.length, 1);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.graph));
  });

  it('NOTIFY_USER is a switch like the others: off turns it off, a typo is refused, not read as on', () => {
    assert.equal(loadConfig(production()).mail.notifyTarget, true);
    assert.equal(loadConfig(production({ NOTIFY_USER: 'off' })).mail.notifyTarget, false);
    assert.equal(loadConfig(production({ NOTIFY_USER: 'false' })).mail.notifyTarget, false);
    assert.deepEqual(problemsOf(production({ NOTIFY_USER: 'flase' })), [
      'NOTIFY_USER must be true or false (it is "flase").',
    ]);
  });

  it('a bad RECOVERY_AFTER_SECONDS is reported once; recovery looks every third of it, 1 to 15 s', () => {
    assert.equal(problemsOf(production({ RECOVERY_AFTER_SECONDS: 'soon' })).length, 1);
    assert.equal(loadConfig(production({ RECOVERY_AFTER_SECONDS: '6' })).limits.recoveryEveryMs, 2_000);
    assert.equal(loadConfig(production()).limits.recoveryEveryMs, 10_000);
    assert.equal(loadConfig(production({ RECOVERY_AFTER_SECONDS: '600' })).limits.recoveryEveryMs, 15_000);
  });

  it('waits 30 s for one Graph call unless GRAPH_TIMEOUT_SECONDS says otherwise (5–120)', () => {
    assert.equal(loadConfig(production()).graph.timeoutMs, 30_000);
    assert.equal(loadConfig(production({ GRAPH_TIMEOUT_SECONDS: '10' })).graph.timeoutMs, 10_000);
    assert.ok(
      problemsOf(production({ GRAPH_TIMEOUT_SECONDS: '1' })).some((p) =>
        p.startsWith('GRAPH_TIMEOUT_SECONDS'),
      ),
    );
  });

  it('outside LOCAL_MODE names every missing item in its own sentence', () => {
    const problems = problemsOf({});
    for (const name of [
      'BOT_ID',
      'TENANT_ID',
      'GRAPH_CLIENT_ID',
      'MAIL_SENDER',
      'LINK_ENCRYPTION_KEYS',
      'STORAGE_CONNECTION_STRING',
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(name)),
        `a sentence about ${name} in: ${problems.join(' | ')}`,
      );
    }
  });

  it('needs the bot password unless the bot uses a managed identity', () => {
    assert.ok(problemsOf(production({ BOT_PASSWORD: undefined })).some((p) => p.startsWith('BOT_PASSWORD')));
    assert.deepEqual(problemsOf(production({ BOT_PASSWORD: undefined, BOT_TYPE: 'UserAssignedMSI' })), []);
  });

  it('refuses LOCAL_MODE unless bound to loopback', () => {
    const local = {
      LOCAL_MODE: 'true',
      TENANT_ID: 't',
      MAIL_SENDER: 'h@contoso.com',
      LINK_ENCRYPTION_KEYS: key(),
    };
    assert.deepEqual(problemsOf(local), []);
    assert.ok(problemsOf({ ...local, HOST: '0.0.0.0' }).some((p) => p.includes('loopback')));
    assert.ok(problemsOf({ ...local, HOST: '10.0.0.5' }).some((p) => p.includes('loopback')));
    assert.deepEqual(problemsOf({ ...local, HOST: '::1' }), []);
  });

  it('rejects malformed keys, numbers and choices with the value named', () => {
    const problems = problemsOf(
      production({ LINK_ENCRYPTION_KEYS: 'c2hvcnQ=', PORT: 'eighty', PASSWORD_DELIVERY: 'pigeon' }),
    );
    assert.ok(problems.some((p) => p.includes('LINK_ENCRYPTION_KEYS entry 1')));
    assert.ok(problems.some((p) => p.startsWith('PORT') && p.includes('eighty')));
    assert.ok(problems.some((p) => p.startsWith('PASSWORD_DELIVERY') && p.includes('pigeon')));
  });

  it('keeps rotated keys in order, newest first', () => {
    const newest = key();
    const older = key();
    const config = loadConfig(production({ LINK_ENCRYPTION_KEYS: `${newest}, ${older}` }));
    assert.equal(config.links.encryptionKeys[0].toString('base64'), newest);
    assert.equal(config.links.encryptionKeys[1].toString('base64'), older);
  });

  it('never echoes a secret value in a problem sentence', () => {
    const secret = 'super-secret-value-123';
    const problems = problemsOf(
      production({
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_SECRET: secret,
        GRAPH_CLIENT_ID: '',
        MAIL_SENDER: '',
      }),
    );
    assert.ok(problems.length > 0);
    assert.equal(problems.join(' ').includes(secret), false);
  });

  it('asks Entra for the scope of the Graph cloud GRAPH_ENDPOINT names: public, US Government or China', () => {
    const scopeFor = (endpoint?: string): string =>
      loadConfig(production({ GRAPH_ENDPOINT: endpoint })).graph.scope;
    assert.equal(scopeFor(undefined), 'https://graph.microsoft.com/.default');
    assert.equal(scopeFor('https://graph.microsoft.com/'), 'https://graph.microsoft.com/.default');
    assert.equal(scopeFor('https://graph.microsoft.us'), 'https://graph.microsoft.us/.default');
    assert.equal(scopeFor('https://dod-graph.microsoft.us'), 'https://dod-graph.microsoft.us/.default');
    assert.equal(
      scopeFor('https://microsoftgraph.chinacloudapi.cn'),
      'https://microsoftgraph.chinacloudapi.cn/.default',
    );
  });

  it('needs GRAPH_SCOPE for any other Graph host, and takes it as given when set', () => {
    const local = production({ GRAPH_ENDPOINT: 'https://127.0.0.1:5443' });
    const problems = problemsOf(local);
    assert.ok(
      problems.some((p) => p.startsWith('GRAPH_SCOPE is missing') && p.includes('https://127.0.0.1:5443')),
      problems.join(' | '),
    );
    assert.equal(
      loadConfig({ ...local, GRAPH_SCOPE: 'https://graph.microsoft.com/.default' }).graph.scope,
      'https://graph.microsoft.com/.default',
    );
    // A proxy in front of a national cloud: the scope is that cloud's, whatever the endpoint says.
    assert.equal(
      loadConfig(production({ GRAPH_SCOPE: 'https://graph.microsoft.us/.default' })).graph.scope,
      'https://graph.microsoft.us/.default',
    );
  });

  it('refuses a GRAPH_SCOPE that client credentials cannot use', () => {
    for (const scope of [
      'User.Read.All',
      'https://graph.microsoft.com/User.Read.All',
      'not a scope/.default',
    ]) {
      assert.ok(
        problemsOf(production({ GRAPH_SCOPE: scope })).some(
          (p) => p.startsWith('GRAPH_SCOPE') && p.includes(scope),
        ),
        scope,
      );
    }
  });

  it('reads the telemetry connection string on its own, without judging the rest', () => {
    assert.deepEqual(loadTelemetryConfig({}), { connectionString: '' });
    assert.deepEqual(
      loadTelemetryConfig({
        APPLICATIONINSIGHTS_CONNECTION_STRING: ' InstrumentationKey=x ',
        PORT: 'eighty',
      }),
      {
        connectionString: 'InstrumentationKey=x',
      },
    );
  });

  describe('outside LOCAL_MODE, settings that would weaken the bot are refused', () => {
    it('PUBLIC_URL must be https: one-time links carry the password', () => {
      const problems = problemsOf(production({ PUBLIC_URL: 'http://bot.contoso.com' }));
      assert.ok(
        problems.some((p) => p.startsWith('PUBLIC_URL') && p.includes('https')),
        problems.join(' | '),
      );
      assert.deepEqual(problemsOf(production({ PUBLIC_URL: 'https://bot.contoso.com/' })), []);
    });

    it('BOT_OPENID_METADATA is refused: whoever serves it would decide which tokens the bot accepts', () => {
      const problems = problemsOf(production({ BOT_OPENID_METADATA: 'https://keys.example/openid' }));
      assert.ok(
        problems.some((p) => p.startsWith('BOT_OPENID_METADATA')),
        problems.join(' | '),
      );
      // Not even a loopback key set: outside LOCAL_MODE only the Bot Framework's own metadata is trusted.
      assert.ok(
        problemsOf(production({ BOT_OPENID_METADATA: 'http://127.0.0.1:9/openid', HOST: '127.0.0.1' })).some(
          (p) => p.startsWith('BOT_OPENID_METADATA'),
        ),
      );
    });

    it('LOCAL_MODE keeps its loopback http link base; no metadata override ever comes from the environment', () => {
      const local = {
        LOCAL_MODE: 'true',
        TENANT_ID: 't',
        MAIL_SENDER: 'h@contoso.com',
        LINK_ENCRYPTION_KEYS: key(),
      };
      const config = loadConfig(local);
      assert.match(config.links.publicUrl, /^http:\/\/127\.0\.0\.1:/);
      assert.equal(config.botOpenIdMetadata, '');
    });
  });

  describe('four-eyes approval', () => {
    it('is on by default, for 30 minutes, with no channel and no listed group', () => {
      const { approval } = loadConfig(production());
      assert.deepEqual(
        { ...approval, groupIds: [...approval.groupIds] },
        { forAdmins: true, groupIds: [], ttlMs: 30 * 60_000, channelId: '' },
      );
      assert.ok(Object.isFrozen(approval));
    });

    it('is turned off only by a word that says so; anything else stops startup', () => {
      assert.equal(loadConfig(production({ APPROVAL_FOR_ADMINS: 'false' })).approval.forAdmins, false);
      assert.equal(loadConfig(production({ APPROVAL_FOR_ADMINS: 'NO' })).approval.forAdmins, false);
      assert.equal(loadConfig(production({ APPROVAL_FOR_ADMINS: 'true' })).approval.forAdmins, true);
      assert.ok(
        problemsOf(production({ APPROVAL_FOR_ADMINS: 'nein' }))[0]?.startsWith('APPROVAL_FOR_ADMINS'),
      );
    });

    it('reads group ids (lower case, once each) and refuses anything that is not one', () => {
      const ids =
        'AAAAAAAA-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000001;bbbbbbbb-0000-0000-0000-000000000002';
      assert.deepEqual(loadConfig(production({ APPROVAL_GROUP_IDS: ids })).approval.groupIds, [
        'aaaaaaaa-0000-0000-0000-000000000001',
        'bbbbbbbb-0000-0000-0000-000000000002',
      ]);
      const problems = problemsOf(production({ APPROVAL_GROUP_IDS: 'Helpdesk Tier 2' }));
      assert.ok(
        problems[0]?.startsWith('APPROVAL_GROUP_IDS') && problems[0].includes('Helpdesk'),
        problems.join(),
      );
    });

    it('takes the approvals channel as an id, URL-encoded, or as its "Get link to channel" URL', () => {
      const id = '19:a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6@thread.tacv2';
      for (const value of [
        id,
        encodeURIComponent(id),
        `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/Approvals?groupId=x&tenantId=y`,
      ]) {
        assert.equal(loadConfig(production({ APPROVALS_CHANNEL_ID: value })).approval.channelId, id, value);
      }
      for (const value of ['approvals', '19:abc@thread.v2', `${id};messageid=1`]) {
        assert.ok(
          problemsOf(production({ APPROVALS_CHANNEL_ID: value }))[0]?.startsWith('APPROVALS_CHANNEL_ID'),
          value,
        );
      }
    });

    it('bounds the wait to 1 minute .. 24 hours', () => {
      assert.equal(loadConfig(production({ APPROVAL_TTL_MINUTES: '5' })).approval.ttlMs, 300_000);
      assert.ok(problemsOf(production({ APPROVAL_TTL_MINUTES: '0' }))[0]?.startsWith('APPROVAL_TTL_MINUTES'));
      assert.ok(
        problemsOf(production({ APPROVAL_TTL_MINUTES: '1441' }))[0]?.startsWith('APPROVAL_TTL_MINUTES'),
      );
    });
  });

  it('caps both rate limits at what a sliding window keeps (1,000 uses)', () => {
    assert.deepEqual(
      problemsOf(production({ RATE_LIMIT_REQUESTER_PER_HOUR: '1000', RATE_LIMIT_TARGET_PER_DAY: '1000' })),
      [],
    );
    const problems = problemsOf(
      production({ RATE_LIMIT_REQUESTER_PER_HOUR: '10000', RATE_LIMIT_TARGET_PER_DAY: '1001' }),
    );
    assert.ok(
      problems.some((p) =>
        p.startsWith('RATE_LIMIT_REQUESTER_PER_HOUR must be a whole number from 1 to 1000'),
      ),
    );
    assert.ok(
      problems.some((p) => p.startsWith('RATE_LIMIT_TARGET_PER_DAY must be a whole number from 1 to 1000')),
    );
  });

  describe('loopback is decided by address, never by name', () => {
    const local = {
      LOCAL_MODE: 'true',
      TENANT_ID: 't',
      MAIL_SENDER: 'h@contoso.com',
      LINK_ENCRYPTION_KEYS: key(),
    };

    it('HOST=localhost is not accepted for LOCAL_MODE (a name can resolve anywhere)', () => {
      assert.ok(problemsOf({ ...local, HOST: 'localhost' }).some((p) => p.includes('loopback')));
      assert.ok(problemsOf({ ...local, HOST: 'localhost.' }).some((p) => p.includes('loopback')));
      assert.ok(problemsOf({ ...local, HOST: '127.0.0.1.nip.io' }).some((p) => p.includes('loopback')));
    });

    it('literal loopback addresses are, in every spelling', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
        assert.equal(isLoopback(host), true, host);
      }
      for (const host of [
        'localhost',
        '0.0.0.0',
        '::',
        '10.0.0.5',
        '127.0.0.256',
        '1.127.0.0.1',
        '::2',
        '',
        'LOCALHOST',
      ]) {
        assert.equal(isLoopback(host), false, host);
      }
    });
  });
});
