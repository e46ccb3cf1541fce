/**
 * Every setting the rotation functions read from their environment, in one place and read on each step
 * (tests change them; a Lambda's environment does not change under it). None of them comes from a
 * secret: the secrets API's callers write secrets and tags, the deployment writes these.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PASSWORD_LENGTH` | 32 | the floor of a new password's length (a tag may ask for more) |
 * | `EXCLUDE_CHARACTERS` | none | characters always left out (a tag may leave out more, keeping the floor's randomness) |
 * | `ROTATION_ALLOWED_HOSTS` | none | where database functions may connect (see host-allowlist.ts) |
 * | `DB_ALLOW_PLAINTEXT_HOSTS` | none | hosts a secret may reach with `"ssl": false`, besides loopback |
 * | `DB_TLS_CA_FILE`, `DB_TLS_SERVERNAME` | Node's roots, the host | TLS trust and the name checked |
 * | `ROTATION_MASTER_PREFIX` | `rotation-masters/` | where master secrets live |
 * | `SECRETS_PREFIX` | none here | the secrets API's prefix: no master may live under it |
 * | `ROTATION_ALLOWED_USERS` | unset | narrows every master's `rotatableUsers`: empty none, `*` all |
 * | `ROTATION_ALLOW_PRIVILEGED_USERS` | false | rotate a privileged user the master lists by name |
 */

export const DEFAULT_PASSWORD_LENGTH = 32;
export const DEFAULT_MASTER_PREFIX = "rotation-masters/";

export interface RotationSettings {
  passwordLength: string | undefined;
  excludeCharacters: string;
  allowedHosts: string;
  plaintextHosts: readonly string[];
  tlsCaFile?: string;
  tlsServerName?: string;
  masterPrefix: string;
  /** Empty: the API has no prefix (shared/http/config.ts), not "every name is under it". */
  apiPrefix?: string;
  /** Undefined when unset: the master's list alone decides. */
  allowedUsers?: readonly string[];
  allowPrivilegedUsers: boolean;
}

const list = (text: string): string[] =>
  text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");

/**
 * @example
 * rotationSettings({ ROTATION_ALLOWED_HOSTS: ".abc123xyz.us-east-1.rds.amazonaws.com:5432" })
 */
export function rotationSettings(env: NodeJS.ProcessEnv = process.env): RotationSettings {
  return {
    passwordLength: env.PASSWORD_LENGTH || undefined,
    excludeCharacters: env.EXCLUDE_CHARACTERS ?? "",
    allowedHosts: env.ROTATION_ALLOWED_HOSTS ?? "",
    plaintextHosts: list(env.DB_ALLOW_PLAINTEXT_HOSTS ?? "").map((host) => host.toLowerCase()),
    ...(env.DB_TLS_CA_FILE ? { tlsCaFile: env.DB_TLS_CA_FILE } : {}),
    ...(env.DB_TLS_SERVERNAME ? { tlsServerName: env.DB_TLS_SERVERNAME } : {}),
    masterPrefix: env.ROTATION_MASTER_PREFIX || DEFAULT_MASTER_PREFIX,
    ...(env.SECRETS_PREFIX ? { apiPrefix: env.SECRETS_PREFIX } : {}),
    ...(env.ROTATION_ALLOWED_USERS !== undefined ? { allowedUsers: list(env.ROTATION_ALLOWED_USERS) } : {}),
    allowPrivilegedUsers: env.ROTATION_ALLOW_PRIVILEGED_USERS === "true",
  };
}
