/**
 * The Bot Framework adapter: JWT validation by the SDK from the bot's credentials; anonymous only in
 * LOCAL_MODE (config refuses LOCAL_MODE unless bound to loopback). One turn-error handler that logs the
 * detail and tells the user little, with a correlation id.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  CallerIdConstants,
  CardFactory,
  StatusCodes,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import { messageCard } from '../cards';
import type { Config } from '../config';
import { errorText, t } from '../i18n';
import type { Logger } from '../logger';
import { ErrorCodes } from '../errors';
import { activityLocale } from './activity';

/**
 * The public cloud's Bot Framework endpoints with another OpenID metadata URL for inbound tokens. Naming any
 * endpoint switches the SDK to its "parameterized" mode, where every endpoint left out is undefined: no
 * token issuer would be accepted (every request 401) and outbound calls would have no login URL. So a
 * metadata override (tests serve a local key set) comes with the defaults spelled out, the same values
 * the SDK uses when nothing is named.
 */
function publicCloudWithOpenIdMetadata(metadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * The SDK's authentication, with one correction: a token the JWT library rejects (bad signature,
 * `alg: none`, HS256 with the public key, not yet valid…) surfaces from the SDK as a plain error, which
 * CloudAdapter answers with 500. Any failure to authenticate is a 401.
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('Unauthorized. The token is not valid.', StatusCodes.UNAUTHORIZED);
    }
  }
}

/** Builds the CloudAdapter for this configuration. */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const appId = config.localMode ? '' : config.bot.id;
  // Anonymous (LOCAL_MODE) has no app id, which botbuilder accepts only for the MultiTenant type.
  const appType = config.localMode ? 'MultiTenant' : config.bot.type;
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.localMode ? '' : config.bot.password,
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: config.localMode ? '' : config.bot.tenantId,
  });
  const auth = new StrictBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: config.localMode ? '' : config.bot.tenantId,
      ...(config.botOpenIdMetadata ? publicCloudWithOpenIdMetadata(config.botOpenIdMetadata) : {}),
    },
    credentials,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const correlationId = context.activity.id ?? '';
    logger.error({ err: error, correlationId, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type !== 'message') return;
    const locale = activityLocale(context.activity);
    try {
      await context.sendActivity({
        type: 'message',
        attachments: [
          CardFactory.adaptiveCard(
            messageCard({
              locale,
              title: t(locale, 'error.title'),
              text: errorText(locale, ErrorCodes.INTERNAL),
              tone: 'attention',
              reference: correlationId,
            }),
          ),
        ],
      });
    } catch (sendError) {
      logger.error({ err: sendError, correlationId }, 'could not tell the user about a turn error');
    }
  };
  return adapter;
}
