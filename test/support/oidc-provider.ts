/**
 * A real OpenID Connect provider for the tests (the `oidc-provider` package) on 127.0.0.1 and a
 * free port, with one confidential client. Its login step is automatic: it signs in whichever
 * identity the test chose with `signInAs`, or refuses with access_denied after `refuseNext`.
 */
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type JWK } from "oidc-provider";

export interface TestIdentity {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The identity the next login signs in as. */
  signInAs(identity: TestIdentity): void;
  /** The next login ends with error=access_denied, as when a person cancels. */
  refuseNext(): void;
  close(): Promise<void>;
}

export async function startTestIdentityProvider(options: { redirectUri: string }): Promise<TestIdentityProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "asset-atlas";
  const clientSecret = "a-test-client-secret-that-is-long-enough";

  const identities = new Map<string, TestIdentity>();
  let next: TestIdentity | "refuse" | null = null;
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...signingKey, alg: "RS256", use: "sig", kid: "test-key" } as JWK] },
    cookies: { keys: ["a-test-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Set, so the provider does not print a notice for each default it falls back to.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const identity = identities.get(id);
      return identity && { accountId: id, claims: () => ({ ...identity }) };
    },
  });
  provider.on("server_error", (_ctx, error) => console.error("[test identity provider]", error));
  const handle = provider.callback();

  server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!request.url?.startsWith("/interaction/")) return void handle(request, response);
    void (async () => {
      const details = await provider.interactionDetails(request, response);
      const chosen = next;
      next = null;
      if (chosen === "refuse" || chosen === null) {
        const result = { error: "access_denied", error_description: "The person did not sign in" };
        return provider.interactionFinished(request, response, result, { mergeWithLastSubmission: false });
      }
      identities.set(chosen.sub, chosen);
      const grant = new provider.Grant({ accountId: chosen.sub, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(request, response, { login: { accountId: chosen.sub }, consent: { grantId } });
    })().catch((error: unknown) => {
      console.error("[test identity provider] interaction failed", error);
      response.statusCode = 500;
      response.end();
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(identity) {
      next = identity;
    },
    refuseNext() {
      next = "refuse";
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
