import { isSecretsError } from "../secrets/errors.js";
import type { SecretsPage } from "../secrets/metadata.js";

/**
 * Fetches one page by token; when a saved token is refused (NextTokens expire, and a token from another
 * filter is never valid) it fetches the first page instead and says so, so the pass begins again rather
 * than failing every run from now on.
 *
 * @example
 * const { page, restarted } = await fetchPageOrRestart(cursor.pageToken, (token) => listPage(token));
 */
export async function fetchPageOrRestart(
  pageToken: string | undefined,
  fetchPage: (token: string | undefined) => Promise<SecretsPage>,
): Promise<{ page: SecretsPage; restarted: boolean }> {
  try {
    return { page: await fetchPage(pageToken), restarted: false };
  } catch (error) {
    const refused =
      isSecretsError(error, "InvalidNextTokenException") ||
      isSecretsError(error, "InvalidParameterException");
    if (pageToken === undefined || !refused) throw error;
    return { page: await fetchPage(undefined), restarted: true };
  }
}
