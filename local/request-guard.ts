/**
 * What keeps web pages out of the servers `npm start` opens on this machine (the endpoint, its controls,
 * the Lambda port's front). A page the developer visits can send requests to 127.0.0.1 (a form post, a
 * `no-cors` fetch, an image) and, through DNS rebinding, even read the answers: a name it controls is
 * made to resolve to 127.0.0.1, so the page and the server share an origin. Two rules close both ways:
 *
 * - the `Host` header must name the address the server is bound to, `localhost`, `127.0.0.1` or `[::1]`
 *   (the port aside): a rebinding page's requests carry its own name (`Host: evil.example:4566`);
 * - a request carrying an `Origin` header is refused: browsers send one on every POST, form posts and
 *   `no-cors` requests included, and on every cross-origin request; the SDKs, the AWS CLI, boto3 and curl
 *   never do.
 *
 * The refusal carries no CORS header, so a page cannot read it either.
 */
import type { IncomingHttpHeaders } from "node:http";
import { hostname, networkInterfaces } from "node:os";
import { isLoopback } from "./controls";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

/** `127.0.0.1`, any 127.x address, `::1` (bracketed or not) or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || isLoopback(bare);
}

/** A host as it appears in a `Host` header: lower case, an IPv6 address in brackets. */
function asHostHeaderName(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

/**
 * The names a server bound to `boundHost` answers to in the `Host` header. Bound to every interface
 * (`0.0.0.0`, `::`; allowed only with `--allow-remote`, where every request is signed), that is each
 * address of this machine's interfaces and its host name too.
 *
 * @example
 * allowedHostNames("127.0.0.1"); // Set { "localhost", "127.0.0.1", "[::1]" }
 */
export function allowedHostNames(boundHost: string): ReadonlySet<string> {
  const names = new Set([...LOOPBACK_NAMES, asHostHeaderName(boundHost)]);
  if (WILDCARD_HOSTS.has(boundHost)) {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const { address } of addresses ?? []) names.add(asHostHeaderName(address));
  }
  return names;
}

/** The host name of a `Host` header, the port dropped: `[::1]:4566` -> `[::1]`, `LocalHost` -> `localhost`. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const lower = header.trim().toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return end === -1 ? undefined : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(":");
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * Why a request must be refused as coming from a web page (a text safe to answer), or undefined when it
 * passes both rules.
 *
 * @example
 * browserRefusal({ host: "evil.example:4566" }, allowedHostNames("127.0.0.1")); // "The Host header ..."
 */
export function browserRefusal(
  headers: IncomingHttpHeaders,
  allowedHosts: ReadonlySet<string>,
): string | undefined {
  if (headers.origin !== undefined)
    return "Requests from web pages (with an Origin header) are refused by the local endpoint.";
  const name = hostNameOf(headers.host);
  if (name === undefined || !allowedHosts.has(name))
    return "The Host header must name this endpoint's address, localhost, 127.0.0.1 or [::1].";
  return undefined;
}
