/**
 * The reference of `npm run bench`: a bare botbuilder echo bot, as the Teams Toolkit template builds one
 * (restify, its body parser, CloudAdapter, an ActivityHandler that answers each message with one reply),
 * anonymous on loopback like the bot in LOCAL_MODE. The bench sends both bots the same `help` message,
 * started the same way (node with tsx's loader), and compares latency and throughput.
 * Usage: PORT=0 node --import tsx bench/echoBot.ts; prints `ECHO_READY {"url": …}` once it listens.
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import restify from 'restify';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

async function main(): Promise<void> {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
  });
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }, credentials),
  );
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const port = Number(process.env.PORT ?? 0);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  console.log(`ECHO_READY ${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}`);
  const stop = (): void => {
    server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('echo bot could not start:', error);
  process.exit(1);
});
