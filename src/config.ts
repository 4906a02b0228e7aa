// The one reader of process.env: validates every setting once, at start-up, and fails fast.
import path from 'node:path';
import type { EmailConfig } from './platform/email/mailer.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  host: string;
  port: number;
  baseUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  sessionSecret: string;
  sessionSecretGenerated: boolean;
  logLevel: LogLevel;
  demo: boolean;
  demoPassword: string | null;
  production: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  signIn: { maxFailures: number; lockoutMinutes: number };
  chromiumPath: string;
  email: EmailConfig;
  /** Run the background job worker in this instance (any number of instances may). */
  jobs: boolean;
  /** Megabytes of rendered pages each instance keeps (src/platform/web/page-cache.ts); 0 turns it off. */
  pageCacheMb: number;
  /** Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), alongside local accounts. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's words, e.g. "Sign in with your council Microsoft account". */
  label: string;
  /** Treat the email claim as verified even without email_verified (Entra ID omits it; the tenant controls addresses). */
  trustEmail: boolean;
  /** Create an unknown person on first sign-in, in this organisation with this role; never unless configured. */
  autoCreate: { organisationSlug: string; role: string } | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1 or 0 (true or false), got "${raw}"`);
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates configuration; `env` is injectable so tests never touch process.env. */
export function loadConfig(env: Env = process.env, generateSecret: () => string = randomSecret): Config {
  const host = text(env, 'HOST') ?? '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);

  const databaseUrl = text(env, 'DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }

  const baseUrlRaw = text(env, 'BASE_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let baseUrl: string;
  try {
    const parsed = new URL(baseUrlRaw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    baseUrl = parsed.origin;
  } catch {
    throw new ConfigError(
      'BASE_URL',
      `must be an http(s) URL such as https://waymark.example.gov.uk, got "${baseUrlRaw}"`,
    );
  }

  const production = (text(env, 'NODE_ENV') ?? 'development') === 'production';
  const secret = text(env, 'SESSION_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long');
  }
  if (secret === undefined && production) {
    throw new ConfigError(
      'SESSION_SECRET',
      'must be set when NODE_ENV=production (32 or more random characters)',
    );
  }

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const transport = (text(env, 'EMAIL_TRANSPORT') ?? 'none').toLowerCase();
  if (transport !== 'smtp' && transport !== 'notify' && transport !== 'none') {
    throw new ConfigError('EMAIL_TRANSPORT', `must be smtp, notify or none, got "${transport}"`);
  }
  const smtpUrl = text(env, 'SMTP_URL') ?? null;
  if (transport === 'smtp' && !smtpUrl)
    throw new ConfigError(
      'SMTP_URL',
      'must be set when EMAIL_TRANSPORT=smtp, e.g. smtp://user:pass@mail.example:587',
    );
  if (smtpUrl !== null && !/^smtps?:\/\//.test(smtpUrl))
    throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
  const notifyApiKey = text(env, 'NOTIFY_API_KEY') ?? null;
  const notifyTemplateId = text(env, 'NOTIFY_TEMPLATE_ID') ?? null;
  if (transport === 'notify' && (!notifyApiKey || notifyApiKey.length < 74)) {
    throw new ConfigError('NOTIFY_API_KEY', 'must be a GOV.UK Notify API key when EMAIL_TRANSPORT=notify');
  }
  if (transport === 'notify' && !notifyTemplateId) {
    throw new ConfigError(
      'NOTIFY_TEMPLATE_ID',
      'must be set when EMAIL_TRANSPORT=notify (a template with ((subject)) and ((body)))',
    );
  }
  const email: EmailConfig = {
    transport,
    from: text(env, 'EMAIL_FROM') ?? 'Waymark <waymark@localhost>',
    smtpUrl,
    notifyApiKey,
    notifyTemplateId,
    notifyBaseUrl: text(env, 'NOTIFY_BASE_URL') ?? 'https://api.notifications.service.gov.uk',
  };

  let oidc: OidcConfig | null = null;
  const issuer = text(env, 'OIDC_ISSUER');
  if (issuer !== undefined) {
    if (!/^https?:\/\//.test(issuer))
      throw new ConfigError(
        'OIDC_ISSUER',
        'must be the issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0',
      );
    const clientId = text(env, 'OIDC_CLIENT_ID');
    const clientSecret = text(env, 'OIDC_CLIENT_SECRET');
    if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', 'must be set when OIDC_ISSUER is set');
    if (!clientSecret) throw new ConfigError('OIDC_CLIENT_SECRET', 'must be set when OIDC_ISSUER is set');
    const autoOrg = text(env, 'OIDC_AUTO_CREATE_ORG');
    const autoRole = text(env, 'OIDC_AUTO_CREATE_ROLE') ?? 'viewer';
    if (autoOrg !== undefined && !['viewer', 'board_member', 'action_lead'].includes(autoRole)) {
      throw new ConfigError(
        'OIDC_AUTO_CREATE_ROLE',
        'must be viewer, board_member or action_lead (give other roles by hand)',
      );
    }
    oidc = {
      issuer,
      clientId,
      clientSecret,
      label: text(env, 'OIDC_LABEL') ?? 'Sign in with your council account',
      trustEmail: flag(env, 'OIDC_TRUST_EMAIL', false),
      autoCreate: autoOrg ? { organisationSlug: autoOrg, role: autoRole } : null,
    };
  }

  const demoPassword = text(env, 'WAYMARK_DEMO_PASSWORD') ?? null;
  if (demoPassword !== null && demoPassword.length < 12) {
    throw new ConfigError('WAYMARK_DEMO_PASSWORD', 'must be at least 12 characters long');
  }

  return {
    host,
    port,
    baseUrl,
    databaseUrl,
    dataDir: path.resolve(text(env, 'WAYMARK_DATA_DIR') ?? './data'),
    sessionSecret: secret ?? generateSecret(),
    sessionSecretGenerated: secret === undefined,
    logLevel: logLevel as LogLevel,
    demo: flag(env, 'WAYMARK_DEMO', true),
    demoPassword,
    production,
    session: {
      idleMinutes: integer(env, 'WAYMARK_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: integer(env, 'WAYMARK_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    },
    signIn: {
      maxFailures: integer(env, 'WAYMARK_SIGNIN_MAX_FAILURES', 5, 1, 100),
      lockoutMinutes: integer(env, 'WAYMARK_SIGNIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    },
    chromiumPath: text(env, 'CHROMIUM_PATH') ?? '/usr/bin/chromium',
    email,
    jobs: flag(env, 'WAYMARK_JOBS', true),
    pageCacheMb: integer(env, 'WAYMARK_PAGE_CACHE_MB', 64, 0, 4096),
    oidc,
  };
}

function randomSecret(): string {
  // Imported lazily so this module stays a pure function of its input for tests.
  return globalThis.crypto.randomUUID() + globalThis.crypto.randomUUID();
}
