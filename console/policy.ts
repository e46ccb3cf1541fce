/**
 * The console's Content-Security-Policy, made at build time from the API's URL. The built page carries it
 * in a `<meta http-equiv>` (any static host then enforces it); our static server sends the same policy as
 * a header plus `frame-ancestors 'none'`, which browsers ignore in a meta element.
 *
 * The policy: nothing by default; scripts, styles, images only from the console's own origin (no inline
 * script or style, no `eval`); requests (`connect-src`) only to the API's origin; no `<base>`, no form
 * submission anywhere (a sign-in form must never send the token in a URL), and Trusted Types required for
 * every DOM sink that parses HTML (the console renders text only).
 */

/** What a console build sends: the meta element's policy and the header's. */
export interface ConsolePolicy {
  /** The API's origin, the one place the page may connect to. */
  apiOrigin: string;
  /** The policy for `<meta http-equiv="Content-Security-Policy">`. */
  meta: string;
  /** The same policy as a response header, with `frame-ancestors 'none'`. */
  header: string;
}

/** The header-only part: who may frame the console (nobody). */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

/**
 * The API's origin from its URL: `http:` or `https:`, no user name or password, no query or fragment.
 * Anything else throws, so a policy is never built from text that could add a directive.
 *
 * @example
 * apiOrigin("https://abc.execute-api.eu-west-1.amazonaws.com/prod") // "https://abc.execute-api.eu-west-1.amazonaws.com"
 */
export function apiOrigin(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`the API URL is not a URL: ${JSON.stringify(apiUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`the API URL must be http: or https:, not ${url.protocol}`);
  if (url.username || url.password) throw new Error("the API URL must not hold a user name or password");
  if (url.search || url.hash) throw new Error("the API URL must not have a query or a fragment");
  return url.origin;
}

/**
 * The console's policy for an API at `apiUrl`.
 *
 * @example
 * consolePolicy("http://127.0.0.1:3000").header
 * // "default-src 'none'; script-src 'self'; ...; connect-src http://127.0.0.1:3000; ...; frame-ancestors 'none'"
 */
export function consolePolicy(apiUrl: string): ConsolePolicy {
  const origin = apiOrigin(apiUrl);
  const meta = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
  return { apiOrigin: origin, meta, header: `${meta}; ${FRAME_ANCESTORS}` };
}
