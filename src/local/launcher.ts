/**
 * `npm start`: the whole local stack on loopback — local tenant, Azurite (data kept in .local/ so state
 * survives a restart), the bot in LOCAL_MODE and the Agents Playground — then says what to open and type.
 * Ctrl-C stops everything.
 */
import path from 'node:path';
import { requireProjectNode } from './runtime';
import { startStack } from './stack';

async function main(): Promise<void> {
  requireProjectNode();
  const stack = await startStack({
    playground: true,
    tenantPort: Number(process.env.LOCAL_TENANT_PORT ?? 5443),
    azuritePort: Number(process.env.LOCAL_AZURITE_PORT ?? 10002),
    botPort: Number(process.env.PORT ?? 3978),
    playgroundPort: Number(process.env.PLAYGROUND_PORT ?? 56150),
    // Another Teams context, e.g. .m365agentsplayground.auth-admin.yml to act as an Authentication Administrator.
    ...(process.env.PLAYGROUND_CONFIG
      ? { playgroundConfig: path.resolve(process.env.PLAYGROUND_CONFIG) }
      : {}),
    output: 'inherit',
  });
  const asAuthAdmin = /auth-admin/.test(process.env.PLAYGROUND_CONFIG ?? '');
  const line = '─'.repeat(72);
  console.log(`\n${line}
  Password Reset Bot — local stack is up

  Open the Teams client (Agents Playground):  ${stack.playgroundUrl}
${
  asAuthAdmin
    ? `  You are Isaiah Langer, an Authentication Administrator of Contoso. Type:
      temporary access pass for bob
      tap for carol
      bob の一時アクセス パス
      reset password for bob
      help`
    : `  You are Alex Wilber, a Helpdesk Administrator of Contoso. Type:
      reset password for bob
      reset password for alice            (two Alices: you get a choice)
      bob のパスワードをリセット
      help
  (To try Temporary Access Passes, start with PLAYGROUND_CONFIG=.m365agentsplayground.auth-admin.yml.)`
}

  Outbox of the helpdesk mailbox (the mails the bot sent):  ${stack.tenantUrl}/outbox
  Local tenant (Graph + Entra stand-in):  ${stack.tenantUrl}   CA: ${stack.caPath}
  Bot endpoint:  ${stack.botUrl}/api/messages
  Storage (Azurite tables):  data in ${stack.dataDir}/azurite
  Every process runs on Node ${process.version}.

  Ctrl-C stops everything.
${line}\n`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('The local stack could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
