// Every function's IAM role, from one table: function -> grants, a grant being actions on named resources.
// The only place roles are described; serverless.yml includes this file under `resources:`. Besides its
// grants, each role gets what its configuration needs, since osls adds nothing to a custom role:
// - its own log group (CreateLogStream, PutLogEvents);
// - with a `vpc` (the database rotation functions when ROTATION_SUBNET_IDS is set), the network-interface
//   actions Lambda performs with it, on those subnets and security groups only;
// - with `destinations.onFailure`, SendMessage on that queue;
// - with TRACING=true, X-Ray's two write actions;
// - its `keys(...)` grants: the customer-managed keys of SECRETS_KMS_KEY_ARNS (or, for master secrets,
//   ROTATION_MASTER_KMS_KEY_ARNS), only through Secrets Manager in this region and only for the secrets
//   of that prefix (the SecretARN encryption context). Without keys configured, no KMS statement at all.
"use strict";

const {
  declaredFunctions,
  deployedFunctionName,
  functionLogicalId,
  isRotationFunction,
  regionalArn,
  roleLogicalId,
  secretArn,
  sub,
} = require("./cloudformation.js");
const { readDeployment } = require("./settings.js");

const sm = (...names) => names.map((name) => `secretsmanager:${name}`);
const allow = (actions, ...resources) => ({ actions, resources });
/** Use of the customer-managed keys of `of`'s secrets: "read" (Decrypt), "write" (and GenerateDataKey),
 * "rekey" (and Encrypt: UpdateSecret re-encrypts the current versions under a new key). */
const keys = (use, of) => ({ keys: use, of });
/** A grant that holds only when the request comes through `service` (kms:ViaService). */
const through = (service, grant) => ({ ...grant, viaService: service });

/** The four steps of a rotation on a secret; GetRandomPassword has no resource in IAM. */
const ROTATE = sm(
  "DescribeSecret",
  "GetSecretValue",
  "PutSecretValue",
  "UpdateSecretVersionStage",
  // finishSecret reads the versions' dates: AWSCURRENT moves only onto the rotation in progress.
  "ListSecretVersionIds",
);
const RANDOM_PASSWORDS = allow(sm("GetRandomPassword"), "*");
/** A database rotation function's grants; the alternating strategies also read master secrets. */
const ROTATE_MANAGED = [allow(ROTATE, "managed"), RANDOM_PASSWORDS, keys("write", "managed")];
const READ_MASTERS = [allow(sm("GetSecretValue"), "masters"), keys("read", "masters")];

/**
 * The table. Resource names: `managed` (the secrets under SECRETS_PREFIX), `apiToken`, `apiClients`,
 * `apiSecrets` (everything under secrets-api/), `masters` (under ROTATION_MASTER_PREFIX), `auditCursor`,
 * `rotationFunctions` (the functions under functions/rotation/), `alertsTopic`, `alertsKey`, `*`.
 * ListSecrets and GetRandomPassword have no resource-level permission in IAM: their grants are on `*`.
 */
const ROLE_TABLE = {
  authorizer: [allow(sm("GetSecretValue", "DescribeSecret"), "apiToken", "apiClients")],
  getMe: [],
  createSecret: [allow(sm("CreateSecret", "TagResource"), "managed"), keys("write", "managed")],
  // A listed secret whose labels show a rotation started costs one ListSecretVersionIds (its rotationState).
  listSecrets: [allow(sm("ListSecrets"), "*"), allow(sm("ListSecretVersionIds"), "managed")],
  describeSecret: [allow(sm("DescribeSecret"), "managed")],
  getSecretValue: [allow(sm("GetSecretValue"), "managed"), keys("read", "managed")],
  // PUT and PATCH read the versions first: no write while a rotation is in progress.
  putSecretValue: [
    allow(
      sm("PutSecretValue", "UpdateSecretVersionStage", "DescribeSecret", "ListSecretVersionIds"),
      "managed",
    ),
    keys("write", "managed"),
  ],
  patchSecretValue: [
    allow(
      sm(
        "GetSecretValue",
        "PutSecretValue",
        "UpdateSecretVersionStage",
        "DescribeSecret",
        "ListSecretVersionIds",
      ),
      "managed",
    ),
    keys("write", "managed"),
  ],
  updateSecret: [
    allow(sm("UpdateSecret", "TagResource", "UntagResource", "DescribeSecret"), "managed"),
    keys("rekey", "managed"),
  ],
  deleteSecret: [allow(sm("DeleteSecret"), "managed")],
  restoreSecret: [allow(sm("RestoreSecret"), "managed")],
  // RotateSecret needs its caller to be allowed to invoke the rotation function it names.
  rotateSecret: [
    allow(sm("RotateSecret", "DescribeSecret"), "managed"),
    allow(["lambda:InvokeFunction"], "rotationFunctions"),
  ],
  // Cancelling also takes AWSPENDING off the version the cancelled rotation left behind.
  cancelRotation: [
    allow(sm("CancelRotateSecret", "ListSecretVersionIds", "UpdateSecretVersionStage"), "managed"),
  ],
  listSecretVersions: [allow(sm("ListSecretVersionIds"), "managed")],

  // The generic strategy also rotates the API's own secrets (the admin token, the API clients' secrets).
  rotationGeneric: [allow(ROTATE, "managed", "apiSecrets"), RANDOM_PASSWORDS, keys("write", "managed")],
  rotationPostgresSingleUser: ROTATE_MANAGED,
  rotationPostgresAlternatingUsers: [...ROTATE_MANAGED, ...READ_MASTERS],
  rotationMysqlSingleUser: ROTATE_MANAGED,
  rotationMysqlAlternatingUsers: [...ROTATE_MANAGED, ...READ_MASTERS],

  // The audit's resume cursor is a state secret outside the prefix, read, written and created by name.
  auditRotation: [
    allow(sm("ListSecrets"), "*"),
    allow(sm("ListSecretVersionIds", "RotateSecret"), "managed"),
    allow(["lambda:InvokeFunction"], "rotationFunctions"),
    allow(sm("GetSecretValue", "PutSecretValue", "CreateSecret"), "auditCursor"),
  ],
  // The alerts topic is encrypted with its own key (CloudWatch alarms cannot use SNS's AWS managed key).
  onRotationEvent: [
    allow(["sns:Publish"], "alertsTopic"),
    through("sns", allow(["kms:GenerateDataKey", "kms:Decrypt"], "alertsKey")),
  ],
};

const KEY_ACTIONS = {
  read: ["kms:Decrypt"],
  write: ["kms:Decrypt", "kms:GenerateDataKey"],
  rekey: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
};

/** The ARNs (or ARN patterns) each resource name stands for. */
function resourcesOf(settings, functions) {
  const rotationFunctions = Object.entries(functions)
    .filter(([, definition]) => isRotationFunction(definition))
    .map(([name]) => ({ "Fn::GetAtt": [functionLogicalId(name), "Arn"] }));
  return {
    managed: [secretArn(`${settings.secretsPrefix}*`)],
    apiToken: [secretArn(`${settings.apiTokenSecretId}-??????`)],
    apiClients: [secretArn(`${settings.apiClientsSecretPrefix}*`)],
    apiSecrets: [secretArn(`${settings.apiSecretsPrefix}*`)],
    masters: [secretArn(`${settings.rotationMasterPrefix}*`)],
    auditCursor: [secretArn(`${settings.auditCursorSecretId}-??????`)],
    rotationFunctions,
    alertsTopic: [{ Ref: "RotationAlertsTopic" }],
    alertsKey: [{ "Fn::GetAtt": ["AlertsTopicKey", "Arn"] }],
    "*": ["*"],
  };
}

/** The secrets whose values `of` names, and the customer-managed keys they may use. */
function keysOf(settings, of) {
  if (of === "managed") return { keyArns: settings.secretsKmsKeyArns, secrets: `${settings.secretsPrefix}*` };
  if (of === "masters")
    return { keyArns: settings.masterKmsKeyArns, secrets: `${settings.rotationMasterPrefix}*` };
  throw new Error(`serverless/roles.js: keys of unknown secrets "${of}"`);
}

const viaService = (service) => sub(`${service}.\${AWS::Region}.amazonaws.com`);
const oneOrMany = (items) => (items.length === 1 ? items[0] : items);

function grantStatements(grant, settings, resources) {
  if (grant.keys) {
    const { keyArns, secrets } = keysOf(settings, grant.of);
    if (keyArns.length === 0) return [];
    return [
      {
        Effect: "Allow",
        Action: KEY_ACTIONS[grant.keys],
        Resource: oneOrMany(keyArns),
        Condition: {
          StringEquals: { "kms:ViaService": viaService("secretsmanager") },
          StringLike: { "kms:EncryptionContext:SecretARN": secretArn(secrets) },
        },
      },
    ];
  }
  const arns = grant.resources.flatMap((name) => {
    if (!resources[name]) throw new Error(`serverless/roles.js: unknown resource name "${name}"`);
    return resources[name];
  });
  if (arns.length === 0) return [];
  return [
    {
      Effect: "Allow",
      Action: grant.actions,
      Resource: oneOrMany(arns),
      ...(grant.viaService
        ? { Condition: { StringEquals: { "kms:ViaService": viaService(grant.viaService) } } }
        : {}),
    },
  ];
}

/** What a function's own configuration needs of its role: its log group, its network, its failure queue. */
function configurationStatements(deployment, name, definition) {
  const statements = [
    {
      Sid: "OwnLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: regionalArn("logs", `log-group:/aws/lambda/${deployedFunctionName(deployment, name)}:*`),
    },
  ];
  const vpc = definition.vpc || {};
  if (Array.isArray(vpc.subnetIds) && vpc.subnetIds.length > 0) {
    const subnets = vpc.subnetIds.map((id) => regionalArn("ec2", `subnet/${id}`));
    const networkInterfaces = regionalArn("ec2", "network-interface/*");
    statements.push(
      {
        Sid: "CreateNetworkInterfacesInRotationSubnets",
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface"],
        Resource: [
          networkInterfaces,
          ...subnets,
          ...(vpc.securityGroupIds ?? []).map((id) => regionalArn("ec2", `security-group/${id}`)),
        ],
      },
      // EC2's Describe actions have no resource-level permission.
      {
        Sid: "DescribeNetworkInterfaces",
        Effect: "Allow",
        Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        Resource: "*",
      },
      {
        Sid: "ManageNetworkInterfacesInRotationSubnets",
        Effect: "Allow",
        Action: [
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: networkInterfaces,
        Condition: { ArnEquals: { "ec2:Subnet": subnets } },
      },
    );
  }
  const onFailure = definition.destinations?.onFailure;
  if (onFailure) {
    if (onFailure.type !== "sqs")
      throw new Error(`serverless/roles.js: ${name}: only sqs failure destinations`);
    statements.push({
      Sid: "SendUndeliveredEvents",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: onFailure.arn,
    });
  }
  if (deployment.settings.tracing) {
    statements.push({
      Sid: "Tracing",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    });
  }
  return statements;
}

/**
 * The role of function `name`, as a CloudFormation resource.
 *
 * @example
 * buildRole(deployment, functions, "getSecretValue").Properties.Policies[0].PolicyDocument.Statement
 */
function buildRole(deployment, functions, name) {
  const grants = ROLE_TABLE[name];
  if (!grants) throw new Error(`function ${name} has no row in the role table (serverless/roles.js)`);
  const definition = functions[name] ?? {};
  const resources = resourcesOf(deployment.settings, functions);
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      Description: `Role of ${name} (serverless/roles.js)`,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
      Policies: [
        {
          PolicyName: name,
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              ...configurationStatements(deployment, name, definition),
              ...grants.flatMap((grant) => grantStatements(grant, deployment.settings, resources)),
            ],
          },
        },
      ],
    },
  };
}

/** The roles of the functions declared; a function without a row, or with another role, fails packaging. */
function buildRoles(deployment, functions) {
  const resources = {};
  for (const [name, definition] of Object.entries(functions)) {
    if (definition.role !== roleLogicalId(name)) {
      throw new Error(
        `function ${name}: set \`role: ${roleLogicalId(name)}\` (its row in serverless/roles.js)`,
      );
    }
    resources[roleLogicalId(name)] = buildRole(deployment, functions, name);
  }
  return resources;
}

/**
 * With customer-managed keys, the ARNs of the roles that use them, for a key policy that names its users
 * (README "Deploy to AWS").
 */
function keyUserOutputs(deployment, functions) {
  const outputs = {};
  for (const [of, output, keyArns] of [
    ["managed", "SecretsKeyUserRoleArns", deployment.settings.secretsKmsKeyArns],
    ["masters", "MasterSecretsKeyUserRoleArns", deployment.settings.masterKmsKeyArns],
  ]) {
    const users = Object.keys(functions).filter((name) =>
      (ROLE_TABLE[name] ?? []).some((grant) => grant.of === of),
    );
    if (keyArns.length === 0 || users.length === 0) continue;
    outputs[output] = {
      Description: `Roles that use ${of === "managed" ? "SECRETS_KMS_KEY_ARNS" : "ROTATION_MASTER_KMS_KEY_ARNS"} through Secrets Manager`,
      Value: { "Fn::Join": [",", users.map((name) => ({ "Fn::GetAtt": [roleLogicalId(name), "Arn"] }))] },
    };
  }
  return outputs;
}

module.exports = async ({ resolveVariable, resolveConfigurationProperty }) => {
  const deployment = await readDeployment(resolveVariable);
  const functions = declaredFunctions(await resolveConfigurationProperty(["functions"]));
  return { Resources: buildRoles(deployment, functions), Outputs: keyUserOutputs(deployment, functions) };
};
module.exports.ROLE_TABLE = ROLE_TABLE;
module.exports.buildRole = buildRole;
