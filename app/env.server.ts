/**
 * Configuration, parsed once with zod. A bad value stops the app with a message naming the
 * variable (STYLE habit 6). Every variable is documented in the README.
 */
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
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
  MAIL_TRANSPORT: z.enum(["outbox", "log"]).default("outbox"),
  PUBLIC_URL: z
    .string()
    .trim()
    .url("must be a full address such as https://atlas.example.gov.uk")
    .optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1"),
});

export type AppConfig = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  mailTransport: "outbox" | "log";
  /** The address people reach the app at, for links in emails; else taken from the request. */
  publicUrl: string | undefined;
  /** Days to keep people's records after their last activity before they are anonymised. */
  retentionDays: number;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // server.ts keeps the operator's NODE_ENV in ATLAS_DEPLOYMENT (it sets NODE_ENV for React).
  const result = envSchema.safeParse({ ...env, NODE_ENV: env.ATLAS_DEPLOYMENT ?? env.NODE_ENV });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Configuration problem: ${problems.join("; ")}`);
  }
  const value = result.data;
  return {
    nodeEnv: value.NODE_ENV,
    databaseUrl: value.DATABASE_URL,
    dataDir: path.resolve(value.DATA_DIR),
    seedDemo: value.SEED_DEMO,
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: value.SESSION_ABSOLUTE_HOURS,
    cookieSecure: value.COOKIE_SECURE,
    mailTransport: value.MAIL_TRANSPORT,
    publicUrl: value.PUBLIC_URL?.replace(/\/$/, ""),
    retentionDays: value.RETENTION_DAYS,
  };
}

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= parseConfig();
  return cached;
}
