/**
 * What each function's role must be allowed, written here independently of serverless/roles.js, so a
 * wrong row in the role table fails the package test and the simulation instead of being copied into them.
 *
 * A grant is `"<action> <kind>"`: an action on a kind of request (KINDS below, e.g. `managed` is a secret
 * under the prefix). Every other action on every kind its service has is to be denied.
 */
import {
  ACCOUNT,
  type ConfigurationName,
  MASTERS_KEY,
  REGION,
  SECRETS_KEY,
  SECURITY_GROUPS,
  SUBNETS,
  settingsOf,
} from "../../support/packaged";

const SERVICE = "secrets-manager-lambdas-dev";
const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${SERVICE}-${name}`;
const ec2 = (resource: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${resource}`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999ffff-9999-4999-8999-999999999999`;
/** The alerts topic's key as the simulation resolves `Fn::GetAtt [AlertsTopicKey, Arn]`. */
const ALERTS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/AlertsTopicKey`;
const OTHER_SUBNET = "subnet-0999999999999999f";

export const ROTATION_FUNCTIONS = [
  "rotationGeneric",
  "rotationPostgresSingleUser",
  "rotationPostgresAlternatingUsers",
  "rotationMysqlSingleUser",
  "rotationMysqlAlternatingUsers",
];
const DATABASE_ROTATION_FUNCTIONS = ROTATION_FUNCTIONS.filter((name) => name !== "rotationGeneric");

export interface Kind {
  /** The services whose actions are tried on it. */
  service: string;
  resources: string[];
  context?: Record<string, string | string[]>;
  /** Only for actions IAM grants on `*` alone (ListSecrets), or only for the others. */
  wildcardOnly?: boolean;
  /** The only actions tried on it, where others would ask something else (an ENI that exists is not created). */
  actions?: string[];
}

/** The kinds of request, in configuration `config` (the prefix, keys and subnets differ). */
export function kinds(config: ConfigurationName): Record<string, Kind> {
  const settings = settingsOf(config);
  const prefix = settings.SECRETS_PREFIX ?? "app/";
  const viaSecretsManager = `secretsmanager.${REGION}.amazonaws.com`;
  const secretsKey = (secretName: string, key = SECRETS_KEY): Kind => ({
    service: "kms",
    resources: [key],
    context: { "kms:ViaService": viaSecretsManager, "kms:EncryptionContext:SecretARN": secret(secretName) },
  });
  const all: Record<string, Kind> = {
    managed: { service: "secretsmanager", resources: [secret(`${prefix}db`), secret(`${prefix}team/api`)] },
    otherPrefix: { service: "secretsmanager", resources: [secret("other/db"), secret(`x${prefix}db`)] },
    apiToken: { service: "secretsmanager", resources: [secret("secrets-api/token")] },
    apiClient: { service: "secretsmanager", resources: [secret("secrets-api/clients/ci")] },
    apiOther: { service: "secretsmanager", resources: [secret("secrets-api/signing")] },
    master: { service: "secretsmanager", resources: [secret("rotation-masters/pg")] },
    auditCursor: { service: "secretsmanager", resources: [secret("secrets-audit/cursor")] },
    auditOther: { service: "secretsmanager", resources: [secret("secrets-audit/cursor-of-another")] },
    anySecret: { service: "secretsmanager", resources: ["*"], wildcardOnly: true },
    rotationFunctions: { service: "lambda", resources: ROTATION_FUNCTIONS.map(fn) },
    otherFunctions: {
      service: "lambda",
      resources: [fn("authorizer"), fn("getSecretValue"), fn("auditRotation")],
    },
    alertsTopic: {
      service: "sns",
      resources: [`arn:aws:sns:${REGION}:${ACCOUNT}:${SERVICE}-rotation-alerts`],
    },
    otherTopic: { service: "sns", resources: [`arn:aws:sns:${REGION}:${ACCOUNT}:other`] },
    onRotationEventQueue: {
      service: "sqs",
      resources: [`arn:aws:sqs:${REGION}:${ACCOUNT}:${SERVICE}-onRotationEvent-undelivered`],
    },
    auditRotationQueue: {
      service: "sqs",
      resources: [`arn:aws:sqs:${REGION}:${ACCOUNT}:${SERVICE}-auditRotation-undelivered`],
    },
    alertsKeyViaSns: {
      service: "kms",
      resources: [ALERTS_KEY],
      context: { "kms:ViaService": `sns.${REGION}.amazonaws.com` },
    },
    alertsKeyDirect: { service: "kms", resources: [ALERTS_KEY] },
    otherKey: secretsKey(`${prefix}db`, OTHER_KEY),
    anyTrace: { service: "xray", resources: ["*"] },
  };
  if (settings.SECRETS_KMS_KEY_ARNS) {
    Object.assign(all, {
      secretsKeyManaged: secretsKey(`${prefix}db`),
      secretsKeyOtherPrefix: secretsKey("other/db"),
      secretsKeyApiToken: secretsKey("secrets-api/token"),
      secretsKeyDirect: { service: "kms", resources: [SECRETS_KEY] },
      secretsKeyViaSns: {
        service: "kms",
        resources: [SECRETS_KEY],
        context: {
          "kms:ViaService": `sns.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:SecretARN": secret(`${prefix}db`),
        },
      },
    });
  }
  if (settings.ROTATION_MASTER_KMS_KEY_ARNS) {
    Object.assign(all, {
      mastersKey: secretsKey("rotation-masters/pg", MASTERS_KEY),
      mastersKeyManaged: secretsKey(`${prefix}db`, MASTERS_KEY),
    });
  }
  if (settings.ROTATION_SUBNET_IDS) {
    const inSubnet = (subnet: string): Kind => ({
      service: "ec2",
      resources: [ec2("network-interface/eni-0123456789abcdef0")],
      context: { "ec2:Subnet": ec2(`subnet/${subnet}`) },
      actions: OTHER_ACTIONS.filter(
        (action) => action.startsWith("ec2:") && action !== "ec2:CreateNetworkInterface",
      ),
    });
    Object.assign(all, {
      newNetworkInterface: {
        service: "ec2",
        resources: [ec2("network-interface/*")],
        actions: ["ec2:CreateNetworkInterface"],
      },
      rotationSubnets: { service: "ec2", resources: SUBNETS.map((id) => ec2(`subnet/${id}`)) },
      otherSubnet: { service: "ec2", resources: [ec2(`subnet/${OTHER_SUBNET}`)] },
      rotationSecurityGroups: {
        service: "ec2",
        resources: SECURITY_GROUPS.map((id) => ec2(`security-group/${id}`)),
      },
      otherSecurityGroup: { service: "ec2", resources: [ec2("security-group/sg-0999999999999999f")] },
      interfaceInRotationSubnets: inSubnet(SUBNETS[0] ?? ""),
      interfaceInOtherSubnet: inSubnet(OTHER_SUBNET),
      anyNetwork: { service: "ec2", resources: ["*"], wildcardOnly: true },
    });
  }
  return all;
}

/** The actions tried on every kind of their service (besides every Secrets Manager action). */
export const OTHER_ACTIONS = [
  "lambda:InvokeFunction",
  "lambda:UpdateFunctionCode",
  "sns:Publish",
  "sns:Subscribe",
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "kms:Decrypt",
  "kms:GenerateDataKey",
  "kms:Encrypt",
  "kms:ReEncryptFrom",
  "kms:CreateGrant",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:AttachNetworkInterface",
  "ec2:ModifyNetworkInterfaceAttribute",
];

const on = (actions: string[], ...on: string[]) =>
  actions.flatMap((action) => on.map((kind) => `${action} ${kind}`));
const sm = (...names: string[]) => names.map((name) => `secretsmanager:${name}`);
const ROTATE = sm(
  "DescribeSecret",
  "GetSecretValue",
  "PutSecretValue",
  "UpdateSecretVersionStage",
  "ListSecretVersionIds",
);
const READ_KEY = ["kms:Decrypt"];
const WRITE_KEY = ["kms:Decrypt", "kms:GenerateDataKey"];

/** The grants of each function, in every configuration (keys and networks only where configured). */
const GRANTS: Record<string, string[]> = {
  authorizer: on(sm("GetSecretValue", "DescribeSecret"), "apiToken", "apiClient"),
  getMe: [],
  createSecret: [...on(sm("CreateSecret", "TagResource"), "managed"), ...on(WRITE_KEY, "secretsKeyManaged")],
  listSecrets: [...on(sm("ListSecrets"), "anySecret"), ...on(sm("ListSecretVersionIds"), "managed")],
  describeSecret: on(sm("DescribeSecret"), "managed"),
  getSecretValue: [...on(sm("GetSecretValue"), "managed"), ...on(READ_KEY, "secretsKeyManaged")],
  putSecretValue: [
    ...on(
      sm("PutSecretValue", "UpdateSecretVersionStage", "DescribeSecret", "ListSecretVersionIds"),
      "managed",
    ),
    ...on(WRITE_KEY, "secretsKeyManaged"),
  ],
  patchSecretValue: [
    ...on(
      sm(
        "GetSecretValue",
        "PutSecretValue",
        "UpdateSecretVersionStage",
        "DescribeSecret",
        "ListSecretVersionIds",
      ),
      "managed",
    ),
    ...on(WRITE_KEY, "secretsKeyManaged"),
  ],
  updateSecret: [
    ...on(sm("UpdateSecret", "TagResource", "UntagResource", "DescribeSecret"), "managed"),
    ...on([...WRITE_KEY, "kms:Encrypt"], "secretsKeyManaged"),
  ],
  deleteSecret: on(sm("DeleteSecret"), "managed"),
  restoreSecret: on(sm("RestoreSecret"), "managed"),
  rotateSecret: [
    ...on(sm("RotateSecret", "DescribeSecret"), "managed"),
    ...on(["lambda:InvokeFunction"], "rotationFunctions"),
  ],
  cancelRotation: on(sm("CancelRotateSecret", "ListSecretVersionIds", "UpdateSecretVersionStage"), "managed"),
  listSecretVersions: on(sm("ListSecretVersionIds"), "managed"),
  rotationGeneric: [
    ...on(ROTATE, "managed", "apiToken", "apiClient", "apiOther"),
    ...on(sm("GetRandomPassword"), "anySecret"),
    ...on(WRITE_KEY, "secretsKeyManaged"),
  ],
  auditRotation: [
    ...on(sm("ListSecrets"), "anySecret"),
    ...on(sm("ListSecretVersionIds", "RotateSecret"), "managed"),
    ...on(["lambda:InvokeFunction"], "rotationFunctions"),
    ...on(sm("GetSecretValue", "PutSecretValue", "CreateSecret"), "auditCursor"),
    ...on(["sqs:SendMessage"], "auditRotationQueue"),
  ],
  onRotationEvent: [
    ...on(["sns:Publish"], "alertsTopic"),
    ...on(["kms:GenerateDataKey", "kms:Decrypt"], "alertsKeyViaSns"),
    ...on(["sqs:SendMessage"], "onRotationEventQueue"),
  ],
};
for (const name of DATABASE_ROTATION_FUNCTIONS) {
  GRANTS[name] = [
    ...on(ROTATE, "managed"),
    ...on(sm("GetRandomPassword"), "anySecret"),
    ...on(WRITE_KEY, "secretsKeyManaged"),
    ...(name.includes("Alternating")
      ? [...on(sm("GetSecretValue"), "master"), ...on(READ_KEY, "mastersKey")]
      : []),
    ...on(["ec2:CreateNetworkInterface"], "newNetworkInterface", "rotationSubnets", "rotationSecurityGroups"),
    ...on(["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], "anyNetwork"),
    ...on(
      ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      "interfaceInRotationSubnets",
    ),
  ];
}

/** The functions the expectations cover (every function the service has or is about to have). */
export const EXPECTED_FUNCTIONS = Object.keys(GRANTS);

/**
 * The grants of `fn` in configuration `config`: those whose kind exists there, plus X-Ray when TRACING is
 * on. (Every role also writes its own log group: checked apart, by name.)
 */
export function expectedGrants(fn: string, config: ConfigurationName): string[] {
  const present = kinds(config);
  const grants = (GRANTS[fn] ?? []).filter((grant) => present[grant.split(" ")[1] ?? ""] !== undefined);
  if (settingsOf(config).TRACING === "true")
    grants.push(...on(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "anyTrace"));
  return grants;
}

/** The actions of `fn`'s role in `config`, logs included: what the package test compares with the template. */
export function expectedActions(fn: string, config: ConfigurationName): string[] {
  const actions = expectedGrants(fn, config).map((grant) => grant.split(" ")[0] ?? "");
  return [...new Set([...actions, "logs:CreateLogStream", "logs:PutLogEvents"])].sort();
}
