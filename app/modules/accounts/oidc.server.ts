/**
 * Signing staff in through the council's identity provider (OpenID Connect, authorisation code
 * flow with PKCE, state and nonce), with openid-client doing the protocol checks.
 *
 * Between the redirect to the provider and its answer, the PKCE verifier, state and nonce wait
 * in a short-lived, signed, HttpOnly, SameSite=Lax cookie scoped to /auth/oidc: no table, and
 * any app server behind a load balancer can finish the sign-in. Who may then sign in is decided
 * in oidc-accounts.server.ts; the provider never creates accounts or grants roles.
 */
import { createHmac } from "node:crypto";
import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import { z } from "zod";
import type { Database } from "../../../db/client.server";
import { config, type OidcConfig } from "../../env.server";
import { signInWithCouncilIdentity } from "./oidc-accounts.server";
import { safeRedirect } from "./sign-in-form";

export const transactionMinutes = 10;
const scope = "openid email profile";

export type CouncilSignInProblem =
  | "not-configured"
  | "provider-unreachable"
  | "provider-error"
  | "expired"
  | "state-mismatch"
  | "access-denied"
  | "not-accepted"
  | "not-set-up"
  | "account-off";

/** What a person is told, and the status it goes with. Plain English, never a stack trace. */
export const councilSignInProblems: Record<CouncilSignInProblem, { status: number; title: string; message: string }> = {
  "not-configured": {
    status: 404,
    title: "Council sign-in is not set up",
    message: "This service does not sign people in with a council account. Sign in with your email address and password instead.",
  },
  "provider-unreachable": {
    status: 502,
    title: "Your council's sign-in service is not answering",
    message:
      "We could not reach your council's sign-in service, so you have not been signed in. Try again in a few minutes. If it keeps happening, contact your IT service desk.",
  },
  "provider-error": {
    status: 502,
    title: "Your council's sign-in service could not sign you in",
    message: "Your council's sign-in service reported a problem, so you have not been signed in. Try again, or contact your IT service desk.",
  },
  expired: {
    status: 400,
    title: "Your sign-in timed out",
    message: `Signing in took longer than ${transactionMinutes} minutes, or your browser did not keep our sign-in cookie, so you have not been signed in. Start again.`,
  },
  "state-mismatch": {
    status: 400,
    title: "We could not finish signing you in",
    message:
      "The answer from your council's sign-in service does not belong to the sign-in you started in this browser, so you have not been signed in. This can happen if you started signing in in another tab. Start again.",
  },
  "access-denied": {
    status: 400,
    title: "You have not been signed in",
    message:
      "Your council's sign-in service said that you chose not to sign in to Asset Atlas, or that you may not use it. If you think this is wrong, contact your IT service desk.",
  },
  "not-accepted": {
    status: 400,
    title: "We could not finish signing you in",
    message: "We could not check the answer from your council's sign-in service, so you have not been signed in. Start again.",
  },
  "not-set-up": {
    status: 403,
    title: "Your account is not set up",
    message: "Your council account is not set up for Asset Atlas. Ask an administrator to invite you.",
  },
  "account-off": {
    status: 403,
    title: "Your account is switched off",
    message: "Your Asset Atlas account has been switched off. Ask an administrator if you need it again.",
  },
};

/** The button on the sign-in page, when council sign-in is configured. */
export function councilSignInButton(): { label: string } | null {
  const oidc = config().oidc;
  return oidc ? { label: oidc.buttonLabel } : null;
}

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  redirectTo: z.string(),
  expiresAt: z.number(),
});
type Transaction = z.infer<typeof transactionSchema>;

function transactionCookie(oidc: OidcConfig) {
  // why derived from the client secret: every app server has it, and it is never sent anywhere.
  const secret = createHmac("sha256", oidc.clientSecret).update("asset-atlas oidc transaction").digest("base64url");
  return createCookie("atlas_oidc", {
    httpOnly: true,
    sameSite: "lax", // the provider's redirect back is a top-level GET from another site
    secure: config().cookieSecure,
    path: "/auth/oidc",
    maxAge: transactionMinutes * 60,
    secrets: [secret],
  });
}

const discoveries = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, fetched once per process; a failure is not remembered. */
function providerConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = JSON.stringify([oidc.issuer, oidc.clientId, oidc.clientSecret]);
  let found = discoveries.get(key);
  if (!found) {
    const issuer = new URL(oidc.issuer);
    found = client.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, {
      // why: env.server.ts allows http:// only for localhost (development and tests).
      execute: issuer.protocol === "http:" ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });
    discoveries.set(key, found);
    found.catch(() => discoveries.delete(key));
  }
  return found;
}

type Problem = { ok: false; problem: CouncilSignInProblem; headers: Headers };

function problem(name: CouncilSignInProblem, clearCookie?: string): Problem {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (clearCookie) headers.append("Set-Cookie", clearCookie);
  return { ok: false, problem: name, headers };
}

/** GET /auth/oidc: remembers PKCE, state and nonce in the transaction cookie; returns where to send the person. */
export async function beginCouncilSignIn(
  redirectTo: string,
): Promise<{ ok: true; location: string; headers: Headers } | Problem> {
  const oidc = config().oidc;
  if (!oidc) return problem("not-configured");
  let provider: client.Configuration;
  try {
    provider = await providerConfiguration(oidc);
  } catch (error) {
    logProblem("discovery", error);
    return problem("provider-unreachable");
  }
  const transaction: Transaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    redirectTo: safeRedirect(redirectTo),
    expiresAt: Date.now() + transactionMinutes * 60_000,
  };
  const location = client.buildAuthorizationUrl(provider, {
    redirect_uri: oidc.redirectUri,
    scope,
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: "S256",
  });
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", await transactionCookie(oidc).serialize(transaction));
  return { ok: true, location: location.href, headers };
}

/**
 * GET /auth/oidc/callback: checks the provider's answer against the transaction (state here,
 * then state, PKCE, nonce and the ID token's signature, issuer and audience in openid-client),
 * then finds the account. The transaction cookie is cleared whatever happens: it is single-use.
 */
export async function finishCouncilSignIn(
  db: Database,
  request: Request,
): Promise<{ ok: true; userId: string; redirectTo: string; headers: Headers } | Problem> {
  const oidc = config().oidc;
  if (!oidc) return problem("not-configured");
  const cookie = transactionCookie(oidc);
  const clear = await cookie.serialize("", { maxAge: 0 });
  const transaction = transactionSchema.safeParse(await cookie.parse(request.headers.get("cookie")).catch(() => null));
  if (!transaction.success || transaction.data.expiresAt <= Date.now()) return problem("expired", clear);
  const { state, nonce, codeVerifier, redirectTo } = transaction.data;

  const answer = new URL(request.url);
  if (answer.searchParams.get("state") !== state) return problem("state-mismatch", clear);

  let provider: client.Configuration;
  try {
    provider = await providerConfiguration(oidc);
  } catch (error) {
    logProblem("discovery", error);
    return problem("provider-unreachable", clear);
  }

  let identity: { subject: string; email: unknown; emailVerified: unknown };
  try {
    // why the configured address: behind a proxy request.url is not what the provider was told.
    const currentUrl = new URL(oidc.redirectUri);
    currentUrl.search = answer.search;
    const tokens = await client.authorizationCodeGrant(provider, currentUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    identity = { subject: claims.sub, email: claims.email, emailVerified: claims.email_verified };
    // Many providers put email only in UserInfo when an access token is issued.
    if (identity.email === undefined && provider.serverMetadata().userinfo_endpoint) {
      const userInfo = await client.fetchUserInfo(provider, tokens.access_token, claims.sub);
      identity = { ...identity, email: userInfo.email, emailVerified: userInfo.email_verified };
    }
  } catch (error) {
    return problem(classifyError(error), clear);
  }

  const result = await signInWithCouncilIdentity(db, {
    subject: identity.subject,
    email: typeof identity.email === "string" ? identity.email : null,
    emailVerified: identity.emailVerified === true,
  });
  if (!result.ok) return problem(result.reason, clear);
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", clear);
  return { ok: true, userId: result.userId, redirectTo: safeRedirect(redirectTo), headers };
}

function classifyError(error: unknown): CouncilSignInProblem {
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === "access_denied" ? "access-denied" : "provider-error";
  }
  logProblem("callback", error);
  if (unreachable(error)) return "provider-unreachable";
  return "not-accepted";
}

function unreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  // The provider answered, but not as a working server would (a 5xx page, say).
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  const code = (error as { code?: unknown }).code;
  return code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON";
}

/** One line for the operator's log: what failed and why, without tokens or stack traces. */
function logProblem(step: string, error: unknown) {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  const message = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
  console.error(`[asset-atlas] council sign-in ${step} failed: ${message}`);
}
