/**
 * The only reader of process.env. Everything the process needs is validated here once, into a typed,
 * frozen object; a missing or malformed setting stops startup with one sentence per problem.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { GraphAuth, GraphCredentialConfig } from './directory/credential';
import { graphCloudScope } from './directory/graphClouds';
import { MAX_RATE_LIMIT } from './policy/rateLimits';

export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type PasswordDelivery = 'link' | 'inline';

/** Validated, immutable configuration of one bot process. */
export interface Config {
  readonly localMode: boolean;
  readonly host: string;
  readonly port: number;
  readonly bot: {
    readonly id: string;
    readonly password: string;
    readonly tenantId: string;
    readonly type: BotType;
  };
  /** Only activities from this tenant are served. */
  readonly tenantId: string;
  /** How the app reaches Graph: what its credential needs (all but the tenant id), and one call's timeout. */
  readonly graph: Omit<GraphCredentialConfig, 'tenantId'> & {
    /**
     * How long one Graph call may take. The work after an invoke's answer is not bound to Teams' window,
     * and a write that times out leaves its mail "unknown", so this waits as long as Graph plausibly
     * takes rather than as long as Teams waits.
     */
    readonly timeoutMs: number;
  };
  readonly mail: {
    readonly sender: string;
    readonly delivery: PasswordDelivery;
    /** Who the target should contact when a reset was unexpected; shown in the notice mail. */
    readonly helpdeskContact: string;
    /** Optional allow-list of recipient domains (lower case); empty means any domain. */
    readonly allowedRecipientDomains: readonly string[];
    /** The organisation's name as Entra's banned-password check sees it (from the sender's domain). */
    readonly tenantName: string;
    /** Whether the user gets a short notice (never the password) on their own addresses. */
    readonly notifyTarget: boolean;
  };
  readonly links: {
    readonly publicUrl: string;
    readonly ttlMs: number;
    /** AES-256 keys, newest first: the first encrypts, all decrypt, so keys can rotate. */
    readonly encryptionKeys: readonly Buffer[];
  };
  readonly storage: {
    readonly connectionString: string;
    /** Prefix of every table name, so several stacks (or test runs) can share one account. */
    readonly tablePrefix: string;
  };
  readonly limits: {
    readonly perRequesterPerHour: number;
    readonly perTargetPerDay: number;
    /** How long an unanswered form stays usable. */
    readonly requestTtlMs: number;
    /** A claimed request untouched this long is presumed orphaned by a crashed instance and recovered. */
    readonly recoverAfterMs: number;
    /** How often an instance looks for orphaned requests. */
    readonly recoveryEveryMs: number;
    /** Requests one instance works on at once after their invokes were answered (the rest wait). */
    readonly runConcurrency: number;
    /** Users of one request worked on at once; Outlook takes 4 concurrent requests per mailbox. */
    readonly mailConcurrency: number;
  };
  /** Four-eyes approval for privileged targets (README, "Four-eyes approval"). */
  readonly approval: {
    /** Users who hold, or are eligible for, any admin role need a second admin's approval. */
    readonly forAdmins: boolean;
    /** Direct members of these groups (object ids, lower case) need it too. */
    readonly groupIds: readonly string[];
    /** How long a request waits for approval. */
    readonly ttlMs: number;
    /** Teams channel id ("19:…@thread.tacv2") for requests made in a personal chat; empty: none. */
    readonly channelId: string;
  };
  readonly localTenantFile: string;
  readonly logLevel: string;
  /**
   * Override of the Bot Framework OpenID metadata URL. Never read from the environment (whoever serves the
   * metadata decides which tokens the bot accepts): only a test harness sets it, programmatically, to point
   * the SDK at a key set it serves on loopback. Empty means the Bot Framework's own.
   */
  readonly botOpenIdMetadata: string;
}

/** Thrown when configuration is missing or invalid; `problems` holds one actionable sentence each. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const AZURITE_CONNECTION_STRING =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

/** A trimmed setting, or `fallback` when it is empty. */
const reader =
  (env: Env) =>
  (name: string, fallback = ''): string =>
    (env[name] ?? '').trim() || fallback;

/** What telemetry needs, read on its own because it starts before anything else loads. */
export interface TelemetryConfig {
  /** Application Insights connection string; empty means no telemetry at all. */
  readonly connectionString: string;
}

/** Reads the telemetry settings alone: nothing else is validated, so it never stops the process. */
export function loadTelemetryConfig(env: Env = process.env): TelemetryConfig {
  const str = reader(env);
  return Object.freeze({ connectionString: str('APPLICATIONINSIGHTS_CONNECTION_STRING') });
}

/** Reads and validates configuration from an environment (process.env by default). */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = reader(env);
  const bool = (name: string): boolean => /^(1|true|yes)$/i.test(str(name));
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (it is "${raw}").`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (!raw) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (it is "${raw}").`);
      return fallback;
    }
    return raw as T;
  };
  const url = (name: string, fallback: string): string => {
    const raw = str(name, fallback);
    if (!raw) return '';
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an absolute http(s) URL (it is "${raw}").`);
      return fallback;
    }
  };

  const localMode = bool('LOCAL_MODE');
  const host = str('HOST', localMode ? '127.0.0.1' : '0.0.0.0');
  const port = int('PORT', 3978, 0, 65535);

  const botType = oneOf<BotType>(
    'BOT_TYPE',
    ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'],
    'SingleTenant',
  );
  const graphAuth = oneOf<GraphAuth>(
    'GRAPH_AUTH',
    ['managed-identity', 'certificate', 'client-secret'],
    'managed-identity',
  );

  const encryptionKeys = parseKeys(str('LINK_ENCRYPTION_KEYS'), problems);
  const recoverAfterMs = int('RECOVERY_AFTER_SECONDS', 30, 1, 3600) * 1000;
  const graphEndpoint = url('GRAPH_ENDPOINT', 'https://graph.microsoft.com');

  const config: Config = {
    localMode,
    host,
    port,
    bot: {
      id: str('BOT_ID'),
      password: str('BOT_PASSWORD'),
      tenantId: str('BOT_TENANT_ID'),
      type: botType,
    },
    tenantId: str('TENANT_ID'),
    graph: {
      endpoint: graphEndpoint,
      scope: graphScope(str('GRAPH_SCOPE'), graphEndpoint, problems),
      auth: graphAuth,
      clientId: str('GRAPH_CLIENT_ID'),
      clientSecret: str('GRAPH_CLIENT_SECRET'),
      certificatePath: str('GRAPH_CERTIFICATE_PATH'),
      authorityHost: url('GRAPH_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
      timeoutMs: int('GRAPH_TIMEOUT_SECONDS', 30, 5, 120) * 1000,
    },
    mail: {
      sender: str('MAIL_SENDER'),
      delivery: oneOf<PasswordDelivery>('PASSWORD_DELIVERY', ['link', 'inline'], 'link'),
      helpdeskContact: str('HELPDESK_CONTACT'),
      allowedRecipientDomains: str('RECIPIENT_DOMAINS')
        .split(/[,;\s]+/)
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
      tenantName: str('MAIL_SENDER').split('@')[1]?.split('.')[0] ?? '',
      notifyTarget: onOff('NOTIFY_USER', str('NOTIFY_USER', 'true'), problems),
    },
    links: {
      publicUrl: url('PUBLIC_URL', localMode ? `http://127.0.0.1:${port}` : ''),
      ttlMs: int('LINK_TTL_HOURS', 24, 1, 24 * 14) * 3_600_000,
      encryptionKeys,
    },
    storage: {
      connectionString: str('STORAGE_CONNECTION_STRING', localMode ? AZURITE_CONNECTION_STRING : ''),
      tablePrefix: str('STORAGE_TABLE_PREFIX', 'pwreset'),
    },
    limits: {
      // Sliding windows keep one timestamp per counted use, hence a ceiling (see MAX_RATE_LIMIT).
      perRequesterPerHour: int('RATE_LIMIT_REQUESTER_PER_HOUR', 20, 1, MAX_RATE_LIMIT),
      perTargetPerDay: int('RATE_LIMIT_TARGET_PER_DAY', 3, 1, MAX_RATE_LIMIT),
      requestTtlMs: int('REQUEST_TTL_MINUTES', 30, 1, 24 * 60) * 60_000,
      recoverAfterMs,
      recoveryEveryMs: Math.max(1_000, Math.min(15_000, recoverAfterMs / 3)),
      runConcurrency: int('RUN_CONCURRENCY', 16, 1, 256),
      mailConcurrency: int('MAIL_CONCURRENCY', 4, 1, 4),
    },
    approval: {
      forAdmins: onOff('APPROVAL_FOR_ADMINS', str('APPROVAL_FOR_ADMINS', 'true'), problems),
      groupIds: groupIds('APPROVAL_GROUP_IDS', str('APPROVAL_GROUP_IDS'), problems),
      ttlMs: int('APPROVAL_TTL_MINUTES', 30, 1, 24 * 60) * 60_000,
      channelId: teamsChannelId('APPROVALS_CHANNEL_ID', str('APPROVALS_CHANNEL_ID'), problems),
    },
    localTenantFile: str('LOCAL_TENANT_FILE'),
    logLevel: str('LOG_LEVEL', 'info'),
    botOpenIdMetadata: '',
  };

  if (str('BOT_OPENID_METADATA') && !localMode) {
    problems.push(
      "BOT_OPENID_METADATA is not accepted: whoever serves that metadata would decide which Bot Framework tokens the bot trusts. Remove it; the bot uses the Bot Framework's own.",
    );
  }
  validate(config, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function validate(config: Config, problems: string[]): void {
  if (config.localMode && !isLoopback(config.host)) {
    problems.push(
      `LOCAL_MODE=true accepts unauthenticated Teams traffic, so HOST must be a loopback address (it is "${config.host}").`,
    );
  }
  if (!config.tenantId)
    problems.push('TENANT_ID is missing: set it to the directory (tenant) id the bot serves.');
  if (!config.mail.sender)
    problems.push('MAIL_SENDER is missing: set it to the UPN of the helpdesk mailbox.');
  if (config.links.encryptionKeys.length === 0) {
    problems.push(
      'LINK_ENCRYPTION_KEYS is missing: set it to one or more base64 32-byte keys, newest first (openssl rand -base64 32).',
    );
  }
  if (!config.storage.connectionString) {
    problems.push('STORAGE_CONNECTION_STRING is missing: set it to the Azure Storage connection string.');
  }
  if (!config.links.publicUrl && config.mail.delivery === 'link') {
    problems.push('PUBLIC_URL is missing: one-time links need the public https base URL of the bot.');
  }
  if (config.graph.auth === 'client-secret' && (!config.graph.clientId || !config.graph.clientSecret)) {
    problems.push('GRAPH_AUTH=client-secret needs GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET.');
  }
  if (config.graph.auth === 'certificate' && (!config.graph.clientId || !config.graph.certificatePath)) {
    problems.push('GRAPH_AUTH=certificate needs GRAPH_CLIENT_ID and GRAPH_CERTIFICATE_PATH.');
  }
  if (!config.localMode) {
    if (config.links.publicUrl && !/^https:\/\//i.test(config.links.publicUrl)) {
      problems.push(
        `PUBLIC_URL must be an https URL outside LOCAL_MODE: one-time links lead to the password (it is "${config.links.publicUrl}").`,
      );
    }
    if (!config.bot.id)
      problems.push('BOT_ID is missing: outside LOCAL_MODE the bot needs its Bot Framework app id.');
    if (config.bot.type !== 'UserAssignedMSI' && !config.bot.password) {
      problems.push(`BOT_PASSWORD is missing: BOT_TYPE=${config.bot.type} needs the bot's client secret.`);
    }
    if (config.bot.type !== 'MultiTenant' && !config.bot.tenantId) {
      problems.push(`BOT_TENANT_ID is missing: BOT_TYPE=${config.bot.type} needs the bot's tenant id.`);
    }
    if (config.graph.auth === 'managed-identity' && !config.graph.clientId) {
      problems.push(
        'GRAPH_CLIENT_ID is missing: set it to the client id of the managed identity that calls Graph.',
      );
    }
  }
}

/**
 * The scope of the Graph token: GRAPH_SCOPE when set, else the one of the Graph cloud the endpoint
 * names. Any other endpoint (a proxy, the local tenant) has no scope Entra would know, so it must be set.
 */
function graphScope(configured: string, endpoint: string, problems: string[]): string {
  if (configured) {
    // Client credentials take exactly one `{resource}/.default` scope (Entra's AADSTS1002012 otherwise).
    if (!/^\S+\/\.default$/.test(configured)) {
      problems.push(
        `GRAPH_SCOPE must be a resource followed by /.default, e.g. https://graph.microsoft.com/.default (it is "${configured}").`,
      );
    }
    return configured;
  }
  const derived = graphCloudScope(endpoint);
  if (derived) return derived;
  if (endpoint) {
    problems.push(
      `GRAPH_SCOPE is missing: GRAPH_ENDPOINT ${endpoint} is not one of Microsoft Graph's clouds, so set GRAPH_SCOPE to the scope Entra issues its tokens for (https://graph.microsoft.com/.default for the global cloud).`,
    );
  }
  return '';
}

/** A switch that must say what it means: a security setting is never guessed from a typo. */
function onOff(name: string, raw: string, problems: string[]): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (it is "${raw}").`);
  return true;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list of group object ids (GUIDs), comma-, semicolon- or space-separated, lower-cased. */
function groupIds(name: string, raw: string, problems: string[]): string[] {
  const ids = raw.split(/[,;\s]+/).filter(Boolean);
  const bad = ids.filter((id) => !GUID.test(id));
  if (bad.length > 0) {
    problems.push(`${name} must list group object ids (GUIDs); these are not: ${bad.join(', ')}.`);
  }
  return [...new Set(ids.filter((id) => GUID.test(id)).map((id) => id.toLowerCase()))];
}

/**
 * A Teams channel id ("19:…@thread.tacv2"), as it is or URL-encoded, or the channel's link from Teams'
 * "Get link to channel" (https://teams.microsoft.com/l/channel/19%3a…%40thread.tacv2/…), which holds it.
 */
function teamsChannelId(name: string, raw: string, problems: string[]): string {
  if (!raw) return '';
  const fromLink = /\/l\/channel\/([^/?#]+)/.exec(raw)?.[1] ?? raw;
  let id = fromLink;
  try {
    id = decodeURIComponent(fromLink);
  } catch {
    // Not URL-encoded after all: checked as it is.
  }
  if (!/^19:[^\s;/@]+@thread\.(?:tacv2|skype)$/.test(id)) {
    problems.push(
      `${name} must be a Teams channel id such as 19:…@thread.tacv2, or the channel's link from "Get link to channel" (it is "${raw}").`,
    );
    return '';
  }
  return id;
}

function parseKeys(raw: string, problems: string[]): Buffer[] {
  if (!raw) return [];
  const keys: Buffer[] = [];
  raw
    .split(/[,;\s]+/)
    .filter(Boolean)
    .forEach((text, index) => {
      const key = Buffer.from(text, 'base64');
      if (key.length !== 32) {
        problems.push(`LINK_ENCRYPTION_KEYS entry ${index + 1} is not a base64 32-byte key.`);
      } else {
        keys.push(key);
      }
    });
  return keys;
}

/**
 * True for literal loopback addresses only (127.0.0.0/8, ::1, ::ffff:127.x.y.z). Names are never
 * accepted, not even "localhost": what a name resolves to is decided outside this process (hosts file,
 * DNS), and nothing is resolved here.
 */
export function isLoopback(host: string): boolean {
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv4(address)) return address.startsWith('127.');
  if (!isIPv6(address)) return false;
  // The WHATWG URL parser writes an IPv6 address in its one canonical (compressed, hexadecimal) form.
  const canonical = new URL(`http://[${address}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
