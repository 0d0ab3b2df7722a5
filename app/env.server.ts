/**
 * Configuration, parsed once with zod. A bad value stops the app with a message naming the
 * variable (STYLE habit 6). Every variable is documented in the README.
 */
import os from "node:os";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { atlasRootSetting } from "../db/project-root";

/** "true"/"false" (or 1/0); unset or empty is the default. */
const onOff = (fallback: boolean) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .enum(["true", "false", "1", "0"], { errorMap: () => ({ message: "must be true or false" }) })
      .optional()
      .transform((value) => (value === undefined ? fallback : value === "true" || value === "1")),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number({ invalid_type_error: "must be a port number" }).int("must be a port number").min(0).max(65535).default(3000),
  ),
  HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined)),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: "must start with postgres:// or postgresql://",
    }),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
  TRUST_PROXY: onOff(false),
  MAIL_TRANSPORT: z.enum(["outbox", "log"]).default("outbox"),
  SMS_TRANSPORT: z.enum(["outbox", "log", "http"]).default("outbox"),
  SMS_GATEWAY_URL: z
    .string()
    .trim()
    .url("must be the text-message gateway's full address, such as https://sms.example.org/send")
    .optional(),
  SMS_GATEWAY_KEY: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined)),
  /** Signs the ask-for-help form's start time; the same on every app server (the primary shares one with its own app processes). */
  FORM_SIGNING_KEY: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || value.length >= 16, "must be at least 16 characters"),
  PUBLIC_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || isSiteAddress(value), {
      message: "must be the address people reach the app at, such as https://atlas.example.gov.uk (http or https, no path or query)",
    }),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(2190),
  VERIFICATION_DUE_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  VERIFICATION_OVERDUE_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  VERIFICATION_LONG_OVERDUE_DAYS: z.coerce.number().int().min(1).max(3650).default(545),
  MEILI_HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.replace(/\/+$/, "") : undefined))
    .refine((value) => value === undefined || /^https?:\/\/[^/]+/.test(value), {
      message: "must be Meilisearch's address, such as http://127.0.0.1:7700",
    }),
  MEILI_MASTER_KEY: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined)),
  MEILI_INDEX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, "may hold only letters, digits, - and _")
    .default("assets"),
  REFERRAL_REMINDER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  DEMO_MODE: onOff(false),
  DEV_OUTBOX: onOff(false),
  WEB_CONCURRENCY: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number({ invalid_type_error: "must be a whole number" }).int("must be a whole number").min(1).max(64).optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SCHEDULED_JOBS: onOff(true),
  // Set by `remix dev` (npm run dev) for the command it starts: where to say a new build is loaded.
  REMIX_DEV_ORIGIN: z.string().trim().url("must be an address such as http://localhost:3001").optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS: onOff(false),
  METRICS_ALLOW: z.string().trim().default("127.0.0.1,::1"),
  // Read by db/ itself (which cannot import the app), with the same rule: checked here too so a
  // bad value stops the server at start.
  ATLAS_ROOT: atlasRootSetting,
});

function isSiteAddress(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "https:" || url.protocol === "http:") && url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
}

export type AppConfig = {
  nodeEnv: "development" | "production" | "test";
  /** Where `npm start` listens (PORT, HOST); also the fallback for links in emails outside production. */
  port: number;
  host: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * DEMO_MODE: seed the invented demo directory and evidence on first start, and let the demo
   * accounts (whose password is in the README) sign in. Refused in production.
   */
  demoMode: boolean;
  /** DEV_OUTBOX: administrators may read the mail outbox at /dev/outbox. Refused in production. */
  devOutbox: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Also turns on Strict-Transport-Security: the app is served over TLS. */
  cookieSecure: boolean;
  /** A proxy stands in front: its X-Forwarded-For, -Host and -Proto hop is believed. */
  trustProxy: boolean;
  mailTransport: "outbox" | "log";
  /** How text messages leave: the development outbox, the server log, or an HTTP gateway (SMS_GATEWAY_URL). */
  sms: { transport: "outbox" | "log" | "http"; gatewayUrl: string | undefined; gatewayKey: string | undefined };
  /** FORM_SIGNING_KEY, if set. */
  formSigningKey: string | undefined;
  /**
   * The address people reach the app at, for links in emails; required in production. Elsewhere,
   * unset means the address the server listens on (app/modules/mail/links.server.ts).
   */
  publicUrl: string | undefined;
  /** Days to keep people's records after their last activity before they are anonymised. */
  retentionDays: number;
  /** Days to keep the audit trail. */
  auditRetentionDays: number;
  /** Days after the last verification when a listing is due, overdue and long overdue. */
  verificationDueDays: number;
  verificationOverdueDays: number;
  verificationLongOverdueDays: number;
  /** Days a referral may wait for the provider's answer before the practitioner is reminded. */
  referralReminderDays: number;
  /** Signing staff in through the council's identity provider; null when the OIDC_* variables are unset. */
  oidc: OidcConfig | null;
  /** Search through Meilisearch (kept in sync by the outbox worker); null: the embedded engine. */
  meili: MeiliConfig | null;
  /** App processes `npm start` runs (Node's cluster): one per core with DATABASE_URL; always 1 embedded. */
  webConcurrency: number;
  /** Connections each app process may open to a PostgreSQL server. */
  databasePoolSize: number;
  /** SCHEDULED_JOBS: this server takes its turn at the daily jobs (off: leave them to the others). */
  scheduledJobs: boolean;
  /** REMIX_DEV_ORIGIN (npm run dev only): where to tell remix dev the server is ready, for live reload. */
  devOrigin: string | undefined;
  /** On SIGTERM, how long requests in progress may take to finish before the process stops anyway. */
  shutdownTimeoutSeconds: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Prometheus metrics at /metrics, for the addresses and networks in METRICS_ALLOW. */
  metrics: { enabled: boolean; allow: string[] };
};

export interface MeiliConfig {
  host: string;
  apiKey: string | undefined;
  indexUid: string;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // server.ts keeps the operator's NODE_ENV in ATLAS_DEPLOYMENT (it sets NODE_ENV for React).
  const result = envSchema.safeParse({ ...env, NODE_ENV: env.ATLAS_DEPLOYMENT ?? env.NODE_ENV });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Configuration problem: ${problems.join("; ")}`);
  }
  const value = result.data;
  if (value.SMS_TRANSPORT === "http" && !value.SMS_GATEWAY_URL) {
    throw new ConfigError("Configuration problem: SMS_TRANSPORT=http needs SMS_GATEWAY_URL, the gateway's address");
  }
  if (env.SEED_DEMO !== undefined && env.SEED_DEMO.trim() !== "") {
    throw new ConfigError("Configuration problem: SEED_DEMO has been replaced by DEMO_MODE. Set DEMO_MODE=true to try the demo (never in production), or remove SEED_DEMO.");
  }
  if (value.NODE_ENV === "production") refuseDevelopmentSettings(value);
  if (!(value.VERIFICATION_DUE_DAYS < value.VERIFICATION_OVERDUE_DAYS && value.VERIFICATION_OVERDUE_DAYS < value.VERIFICATION_LONG_OVERDUE_DAYS)) {
    throw new ConfigError(
      "Configuration problem: VERIFICATION_DUE_DAYS, VERIFICATION_OVERDUE_DAYS and VERIFICATION_LONG_OVERDUE_DAYS must increase in that order",
    );
  }
  return {
    nodeEnv: value.NODE_ENV,
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    dataDir: path.resolve(value.DATA_DIR),
    demoMode: value.DEMO_MODE,
    devOutbox: value.DEV_OUTBOX,
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: value.SESSION_ABSOLUTE_HOURS,
    cookieSecure: value.COOKIE_SECURE,
    trustProxy: value.TRUST_PROXY,
    mailTransport: value.MAIL_TRANSPORT,
    sms: { transport: value.SMS_TRANSPORT, gatewayUrl: value.SMS_GATEWAY_URL, gatewayKey: value.SMS_GATEWAY_KEY },
    formSigningKey: value.FORM_SIGNING_KEY,
    publicUrl: value.PUBLIC_URL?.replace(/\/$/, ""),
    retentionDays: value.RETENTION_DAYS,
    auditRetentionDays: value.AUDIT_RETENTION_DAYS,
    verificationDueDays: value.VERIFICATION_DUE_DAYS,
    verificationOverdueDays: value.VERIFICATION_OVERDUE_DAYS,
    verificationLongOverdueDays: value.VERIFICATION_LONG_OVERDUE_DAYS,
    referralReminderDays: value.REFERRAL_REMINDER_DAYS,
    oidc: parseOidcConfig(env),
    meili: meiliConfig(value.MEILI_HOST, value.MEILI_MASTER_KEY, value.MEILI_INDEX),
    webConcurrency: webConcurrency(value.WEB_CONCURRENCY, value.DATABASE_URL),
    databasePoolSize: value.DATABASE_POOL_SIZE,
    scheduledJobs: value.SCHEDULED_JOBS,
    devOrigin: value.REMIX_DEV_ORIGIN,
    shutdownTimeoutSeconds: value.SHUTDOWN_TIMEOUT_SECONDS,
    logLevel: value.LOG_LEVEL,
    metrics: { enabled: value.METRICS, allow: metricsAllowList(value.METRICS_ALLOW) },
  };
}

/** PGlite is one process: the embedded database cannot be shared by several app processes. */
function webConcurrency(requested: number | undefined, databaseUrl: string | undefined): number {
  if (!databaseUrl) {
    if (requested !== undefined && requested > 1) {
      throw new ConfigError(
        "Configuration problem: WEB_CONCURRENCY is more than 1, but there is no DATABASE_URL. The embedded database serves one process: set DATABASE_URL to a PostgreSQL server to run several.",
      );
    }
    return 1;
  }
  return requested ?? os.availableParallelism();
}

/** METRICS_ALLOW: addresses (127.0.0.1, ::1) and networks (10.0.0.0/8), separated by commas. */
function metricsAllowList(text: string): string[] {
  const entries = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !bitsOk || extra !== undefined) {
      throw new ConfigError(`Configuration problem: METRICS_ALLOW has "${entry}", which is not an address (such as 10.0.0.5) or a network (such as 10.0.0.0/8).`);
    }
  }
  return entries;
}

/**
 * What a council runs must be safe as it stands: the development conveniences cannot be switched
 * on in production, and emailed links need the public address (never a request's Host header).
 */
function refuseDevelopmentSettings(value: { DEMO_MODE: boolean; DEV_OUTBOX: boolean; PUBLIC_URL?: string }) {
  if (value.DEMO_MODE) {
    throw new ConfigError(
      "Configuration problem: DEMO_MODE is on, but NODE_ENV=production. The demo accounts' password is public, so the demo cannot run in production: remove DEMO_MODE.",
    );
  }
  if (value.DEV_OUTBOX) {
    throw new ConfigError(
      "Configuration problem: DEV_OUTBOX is on, but NODE_ENV=production. The outbox shows password-reset and referral links, so it cannot run in production: remove DEV_OUTBOX.",
    );
  }
  if (!value.PUBLIC_URL) {
    throw new ConfigError(
      "Configuration problem: PUBLIC_URL is not set. In production, links in emails (password resets, invitations, referrals) are built from it: set it to the address people reach Asset Atlas at, such as https://atlas.example.gov.uk.",
    );
  }
}

/** A Meilisearch other than on this machine must be protected by a key (it holds the whole directory's index). */
function meiliConfig(host: string | undefined, apiKey: string | undefined, indexUid: string): MeiliConfig | null {
  if (!host) {
    if (apiKey) throw new ConfigError("Configuration problem: MEILI_MASTER_KEY is set but MEILI_HOST is not. Set both to search with Meilisearch, or neither.");
    return null;
  }
  if (!apiKey && !loopbackHosts.has(new URL(host).hostname)) {
    throw new ConfigError("Configuration problem: MEILI_HOST is set but MEILI_MASTER_KEY is not. Meilisearch away from this machine needs its key.");
  }
  return { host, apiKey, indexUid };
}

/**
 * `npm run demo` passes --demo: the same as DEMO_MODE=true and DEV_OUTBOX=true, unless the
 * environment says otherwise. Read before the configuration is parsed.
 */
export function applyCommandLine(argv: readonly string[], env: Record<string, string | undefined> = process.env): void {
  if (!argv.includes("--demo")) return;
  env.DEMO_MODE ??= "true";
  env.DEV_OUTBOX ??= "true";
}

declare global {
  // why global: the built app and the tests load this module separately; both see one cache.
  var __atlasConfig: AppConfig | undefined;
}

export function config(): AppConfig {
  globalThis.__atlasConfig ??= parseConfig();
  return globalThis.__atlasConfig;
}

/** Tests only: forget the parsed configuration, so the next config() reads process.env again. */
export function reloadConfigForTests(): void {
  globalThis.__atlasConfig = undefined;
}

/**
 * OpenID Connect: all of the required variables or none. A partial set is a mistake worth
 * stopping for, so the message names what is missing.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  buttonLabel: string;
}

const oidcRequired = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URI"] as const;
const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

const httpsAddress = (example: string) =>
  z
    .string()
    .trim()
    .url(`must be a full address such as ${example}`)
    .refine((value) => {
      const url = URL.canParse(value) ? new URL(value) : null; // zod checks refinements after a failed .url() too
      return !url || url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
    }, "must start with https:// (http:// is allowed only for localhost)");

const oidcSchema = z.object({
  OIDC_ISSUER: httpsAddress("https://login.example.gov.uk"),
  OIDC_CLIENT_ID: z.string().trim().min(1, "must not be empty"),
  OIDC_CLIENT_SECRET: z.string().min(1, "must not be empty"),
  OIDC_REDIRECT_URI: httpsAddress("https://atlas.example.gov.uk/auth/oidc/callback").refine(
    (value) => !URL.canParse(value) || new URL(value).pathname === "/auth/oidc/callback",
    "must be this app's /auth/oidc/callback address, such as https://atlas.example.gov.uk/auth/oidc/callback",
  ),
  OIDC_BUTTON_LABEL: z.string().trim().min(1).max(80).default("Sign in with your council account"),
});

function parseOidcConfig(env: Record<string, string | undefined>): OidcConfig | null {
  const given = (name: string) => Boolean(env[name]?.trim());
  if (![...oidcRequired, "OIDC_BUTTON_LABEL"].some(given)) return null;
  const missing = oidcRequired.filter((name) => !given(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `Configuration problem: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. ` +
        `To sign staff in through the council's identity provider set all of ${oidcRequired.join(", ")}; ` +
        "to turn it off, set none of them.",
    );
  }
  const result = oidcSchema.safeParse({ ...env, OIDC_BUTTON_LABEL: env.OIDC_BUTTON_LABEL?.trim() || undefined });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Configuration problem: ${problems.join("; ")}`);
  }
  const value = result.data;
  return {
    issuer: value.OIDC_ISSUER,
    clientId: value.OIDC_CLIENT_ID,
    clientSecret: value.OIDC_CLIENT_SECRET,
    redirectUri: value.OIDC_REDIRECT_URI,
    buttonLabel: value.OIDC_BUTTON_LABEL,
  };
}
