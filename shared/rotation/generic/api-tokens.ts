/**
 * The generic strategy's fresh values for the API's own token secrets. The API token secret
 * (`API_TOKEN_SECRET_ID`) and API clients' secrets (`API_CLIENTS_SECRET_PREFIX<client-id>`) are known by
 * their configured names, never by anything in their value, and get a token `<client-id>.<random>`
 * (letters and digits: token68 and shell-safe) in place of a password; every other secret keeps its
 * password policy.
 */
import { isTokenOf, newToken, tokenClientOfSecret } from "../../access/api-token.js";
import { fitsPolicy, newPassword, type PasswordPolicy } from "../password-policy.js";
import type { StepContext } from "../types.js";

/** A new value for the rotated key: a token for the API's token secrets, else a password under the policy. */
export async function freshValue(context: StepContext): Promise<string> {
  const clientId = tokenClientOfSecret(context.secretName);
  return clientId ? newToken(clientId, { client: context.client }) : newPassword(context);
}

/** Whether `text` could have come from `freshValue` (testSecret). */
export function fitsFreshValue(
  context: Pick<StepContext, "secretName">,
  text: string,
  policy: PasswordPolicy,
): boolean {
  const clientId = tokenClientOfSecret(context.secretName);
  return clientId ? isTokenOf(clientId, text) : fitsPolicy(text, policy);
}
