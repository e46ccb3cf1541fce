/**
 * The generic strategy's fresh values for the API's own token secrets. The API token secret
 * (`API_TOKEN_SECRET_ID`) and API clients' secrets (`API_CLIENTS_SECRET_PREFIX<client-id>`) are known by
 * their configured names, never by anything in their value, and get a token `<client-id>.<random>`
 * (letters and digits: token68 and shell-safe) in place of a password; every other secret keeps its
 * password policy.
 */
import { isTokenOf, newToken, tokenClientOfSecret } from "../../access/api-token.js";
import { newPassword } from "../password-policy.js";
import type { StepContext } from "../types.js";

/** A new value for the rotated key: a token for the API's token secrets, else a password under the policy. */
export async function freshValue(context: StepContext): Promise<string> {
  const clientId = tokenClientOfSecret(context.secretName);
  return clientId ? newToken(clientId, { client: context.client }) : newPassword(context);
}

/**
 * What is wrong with `fresh` as the rotated key's value (testSecret), or undefined: a token secret's must
 * be a token of its client, any other a non-empty string. (Whether a password was generated is not
 * checked: a test run tests a copy of a value a person may have set.)
 */
export function freshValueProblem(
  context: Pick<StepContext, "secretName">,
  fresh: unknown,
): string | undefined {
  if (typeof fresh !== "string" || fresh.length === 0) return "is not a non-empty string";
  const clientId = tokenClientOfSecret(context.secretName);
  if (clientId && !isTokenOf(clientId, fresh)) return `is not a token of the API client "${clientId}"`;
  return undefined;
}
