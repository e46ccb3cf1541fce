/**
 * TLS for database connections. A connection is encrypted, with the server's certificate and name
 * verified, unless the secret says `"ssl": false` and its host is loopback or listed by the deployment in
 * `DB_ALLOW_PLAINTEXT_HOSTS`: anyone who may write the secret could otherwise send the new password in
 * clear across the network. There is no fallback: a server without TLS makes the step fail. The CA
 * bundle (`DB_TLS_CA_FILE`, default Node's trusted roots) and the name checked in the certificate (secret
 * `tlsServerName`, else `DB_TLS_SERVERNAME`, else the host) are configurable; the name is held to
 * `ROTATION_ALLOWED_HOSTS` (host-allowlist.ts). `DB_REQUIRE_TLS` is retired: this is stricter.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { rotationSettings } from "../settings.js";
import type { DatabaseSecret } from "./credentials.js";
import { isLoopback } from "./host-allowlist.js";

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
  const settings = rotationSettings(env);
  if (secret.ssl === "disabled") {
    if (isLoopback(secret.host) || settings.plaintextHosts.includes(secret.host.toLowerCase())) {
      return { mode: "off" };
    }
    throw new StrategyError(
      RotationErrorCodes.TlsPolicy,
      `the secret says "ssl": false, but "${secret.host}" is not loopback and not in DB_ALLOW_PLAINTEXT_HOSTS: TLS is required`,
    );
  }
  const ca = settings.tlsCaFile ? readCa(settings.tlsCaFile) : undefined;
  const servername =
    secret.tlsServerName || settings.tlsServerName || (isIP(secret.host) ? undefined : secret.host);
  return { mode: "verify", ...(ca ? { ca } : {}), ...(servername ? { servername } : {}) };
}

/** The name a verified connection checks in the certificate: the configured name, else the host itself. */
export function verifiedName(secret: Pick<DatabaseSecret, "host">, tls: TlsSettings): string | undefined {
  return tls.mode === "off" ? undefined : (tls.servername ?? secret.host);
}
