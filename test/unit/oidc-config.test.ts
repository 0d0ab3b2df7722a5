import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/env.server";

const complete = {
  OIDC_ISSUER: "https://login.example.gov.uk/tenant/v2.0",
  OIDC_CLIENT_ID: "asset-atlas",
  OIDC_CLIENT_SECRET: "s3cret",
  OIDC_REDIRECT_URI: "https://atlas.example.gov.uk/auth/oidc/callback",
};

describe("council sign-in (OIDC_*) configuration", () => {
  it("is off when none of the variables is set", () => {
    expect(parseConfig({}).oidc).toBeNull();
    expect(parseConfig({ OIDC_ISSUER: " ", OIDC_CLIENT_ID: "" }).oidc).toBeNull();
  });

  it("is on with all four, and a default button label", () => {
    expect(parseConfig(complete).oidc).toEqual({
      issuer: "https://login.example.gov.uk/tenant/v2.0",
      clientId: "asset-atlas",
      clientSecret: "s3cret",
      redirectUri: "https://atlas.example.gov.uk/auth/oidc/callback",
      buttonLabel: "Sign in with your council account",
    });
    expect(parseConfig({ ...complete, OIDC_BUTTON_LABEL: "Sign in with Fenland" }).oidc?.buttonLabel).toBe(
      "Sign in with Fenland",
    );
  });

  it("stops on a partial set, naming what is missing", () => {
    const { OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = complete;
    expect(() => parseConfig(withoutSecret)).toThrow(ConfigError);
    expect(() => parseConfig(withoutSecret)).toThrow(/OIDC_CLIENT_SECRET is not set/);
    expect(() => parseConfig({ OIDC_ISSUER: complete.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI are not set/,
    );
    expect(() => parseConfig({ OIDC_BUTTON_LABEL: "Sign in" })).toThrow(/OIDC_ISSUER/);
  });

  it("insists on https, except for localhost", () => {
    expect(() => parseConfig({ ...complete, OIDC_ISSUER: "http://login.example.gov.uk" })).toThrow(
      /OIDC_ISSUER must start with https:\/\//,
    );
    expect(() => parseConfig({ ...complete, OIDC_ISSUER: "not a url" })).toThrow(/OIDC_ISSUER must be a full address/);
    const local = parseConfig({
      ...complete,
      OIDC_ISSUER: "http://127.0.0.1:8080",
      OIDC_REDIRECT_URI: "http://localhost:3000/auth/oidc/callback",
    });
    expect(local.oidc?.issuer).toBe("http://127.0.0.1:8080");
  });

  it("wants the redirect address to be this app's callback", () => {
    expect(() => parseConfig({ ...complete, OIDC_REDIRECT_URI: "https://atlas.example.gov.uk/callback" })).toThrow(
      /OIDC_REDIRECT_URI must be this app's \/auth\/oidc\/callback address/,
    );
  });
});
