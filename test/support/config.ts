/**
 * The configuration a test runs under: parsed from the given variables as the app would parse
 * them at start-up (an empty set is a fresh install with no settings), then any overrides.
 * The built app and the tests share it through globalThis (see app/env.server.ts).
 */
import { parseConfig, type AppConfig } from "../../app/env.server";

export function useConfig(env: Record<string, string> = {}, overrides: Partial<AppConfig> = {}): AppConfig {
  globalThis.__atlasConfig = { ...parseConfig(env), ...overrides };
  return globalThis.__atlasConfig;
}
