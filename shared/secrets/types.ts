/** The typed shapes `shared/secrets` speaks in. SDK responses are narrowed to these at the edge. */

/** A secret's value: text (usually JSON) or bytes, never both. */
export type SecretValue = { kind: "string"; text: string } | { kind: "binary"; bytes: Uint8Array };

/** AWS's three staging labels; any other label is allowed too. */
export type VersionStage = "AWSCURRENT" | "AWSPREVIOUS" | "AWSPENDING" | (string & {});

export type Tags = Record<string, string>;

export interface SecretRef {
  arn: string;
  name: string;
}

export interface SecretVersionValue extends SecretRef {
  versionId: string;
  versionStages: VersionStage[];
  value: SecretValue;
  createdDate?: Date;
}

export interface VersionRef extends SecretRef {
  versionId: string;
}

/** Which version to read: by stage (default AWSCURRENT) or by id. */
export type VersionSelector = { versionStage?: VersionStage; versionId?: string };

export interface RotationRules {
  automaticallyAfterDays?: number;
  scheduleExpression?: string;
  duration?: string;
}
