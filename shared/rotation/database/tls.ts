/**
 * TLS for database connections. A connection is encrypted, with the server's certificate verified,
 * unless the secret itself says `"ssl": false`; and when the function's environment requires TLS
 * (`DB_REQUIRE_TLS=true`), such a secret is refused rather than used. There is no fallback: a server
 * without TLS makes the step fail. The CA bundle (`DB_TLS_CA_FILE`, default Node's trusted roots) and
 * the name checked in the certificate (secret `tlsServerName`, else `DB_TLS_SERVERNAME`, else the host)
 * are configurable.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import type { DatabaseSecret } from "./credentials.js";

export type TlsSettings =
  | { mode: "off" }
  | {
      mode: "verify";
      /** PEM bundle of trusted CAs; undefined means Node's default roots. */
      ca?: string;
      /** The name the certificate must carry; undefined when `host` is an IP and none was configured. */
      servername?: string;
    };

const caCache = new Map<string, string>();

function readCa(path: string): string {
  let pem = caCache.get(path);
  if (pem === undefined) {
    pem = readFileSync(path, "utf8");
    caCache.set(path, pem);
  }
  return pem;
}

/**
 * @example
 * tlsSettings(secret, process.env) // { mode: "verify", ca: "-----BEGIN CERTIFICATE-----…", servername: "db.internal" }
 */
export function tlsSettings(secret: DatabaseSecret, env: NodeJS.ProcessEnv = process.env): TlsSettings {
  if (secret.ssl === "disabled") {
    if (env.DB_REQUIRE_TLS === "true") {
      throw new StrategyError(
        RotationErrorCodes.TlsPolicy,
        'the secret says "ssl": false but this function requires TLS (DB_REQUIRE_TLS=true)',
      );
    }
    return { mode: "off" };
  }
  const ca = env.DB_TLS_CA_FILE ? readCa(env.DB_TLS_CA_FILE) : undefined;
  const servername =
    secret.tlsServerName || env.DB_TLS_SERVERNAME || (isIP(secret.host) ? undefined : secret.host);
  return { mode: "verify", ...(ca ? { ca } : {}), ...(servername ? { servername } : {}) };
}
