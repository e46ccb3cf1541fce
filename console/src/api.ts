/**
 * The console's one API client (the typed client, `client/`), the token it sends, and who is signed in.
 * The token lives in this module's memory only: never in storage, a cookie or a URL, and it is gone on
 * sign out, on reload, and after 15 minutes without use (App's idle rule).
 */
import { createSecretsApi } from "../../client";
import { type Answer, answerOf } from "./answer";
import { config } from "./config";
import { type Permissions, parseMe, permissionsFrom } from "./permissions";

let token: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** The typed client every page calls the API with. */
export const api = createSecretsApi({ baseUrl: config.apiUrl, token: () => token });

// A 401 on any call means the token no longer works (rotated, revoked): sign out.
api.use({
  onResponse({ response }) {
    if (response.status === 401 && token !== undefined) onUnauthorized?.();
  },
});

/** Called when the API refuses the token after sign-in. */
export function whenUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

/** Forgets the token. */
export function forgetToken(): void {
  token = undefined;
}

/** Signs in with `candidate`: keeps it only if the API accepts it (`GET /me`), and answers what it may do. */
export async function signIn(candidate: string): Promise<Answer<Permissions>> {
  const answer = await whoIs(candidate);
  token = answer.ok ? candidate : undefined;
  return answer;
}

async function whoIs(candidate: string): Promise<Answer<Permissions>> {
  // A client of its own: the shared one sends the signed-in token, and none is signed in yet.
  const probe = createSecretsApi({ baseUrl: config.apiUrl, token: candidate });
  const answer = await answerOf(probe.GET("/me"));
  if (!answer.ok) return answer;
  const me = parseMe(answer.data);
  return me
    ? { ok: true, status: answer.status, data: permissionsFrom(me) }
    : {
        ok: false,
        status: answer.status,
        code: "UnexpectedAnswer",
        message: "GET /me answered an unknown shape.",
      };
}
