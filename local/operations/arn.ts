import { randomInt } from "node:crypto";

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** AWS appends "-" and six random alphanumerics to the name so that a re-created name gets a new ARN. */
export function randomArnSuffix(): string {
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET.charAt(randomInt(SUFFIX_ALPHABET.length));
  return suffix;
}

export const secretArn = (region: string, accountId: string, name: string, suffix: string) =>
  `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;

/** The same secret's ARN in another region (replicas keep the suffix). */
export const arnInRegion = (arn: string, region: string) => {
  const parts = arn.split(":");
  parts[3] = region;
  return parts.join(":");
};
