// The deployment settings (serverless.yml `custom.settings`), checked and typed once for every resolver in
// this folder. A bad setting fails `serverless package`/`deploy` with a message naming it, before anything
// reaches CloudFormation. Also `${file(./serverless/settings.js):<name>}` for the few properties of
// serverless.yml that need a typed value (a boolean, an object, or nothing at all).
"use strict";

/** Characters of a secret name (AWS): a prefix made of them cannot smuggle an IAM wildcard or a ${...}. */
const SECRET_NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]+$/;
/** Secrets the API itself keeps (the admin token, the API clients): never under the managed prefix. */
const API_SECRETS_PREFIX = "secrets-api/";
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;
/** An origin: scheme, host, optional port; https, or http only to this machine (a local console). */
const ORIGIN = /^(https:\/\/[A-Za-z0-9.-]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\]))(:\d{1,5})?$/;
/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

class SettingError extends Error {
  constructor(name, message) {
    super(`custom.settings.${name}: ${message} (serverless.yml; README "Deploy to AWS")`);
    this.name = "SettingError";
    // osls prints a failed resolver's stack: the message is all there is to say.
    this.stack = `${this.name}: ${this.message}`;
  }
}

const list = (value) =>
  String(value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

function each(name, values, pattern, what) {
  for (const value of values) {
    if (!pattern.test(value)) throw new SettingError(name, `"${value}" is not ${what}`);
  }
  return values;
}

function wholeNumber(name, value, { min, max }) {
  const text = String(value).trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new SettingError(name, `"${value}" is not a whole number from ${min} to ${max}`);
  }
  return number;
}

function secretPrefix(name, value) {
  const text = String(value ?? "");
  if (!SECRET_NAME_CHARACTERS.test(text)) {
    throw new SettingError(
      name,
      `"${text}" must be a non-empty secret name prefix (A-Z a-z 0-9 / _ + = . @ -)`,
    );
  }
  return text;
}

const overlaps = (a, b) => a.startsWith(b) || b.startsWith(a);

/**
 * The settings, checked. `raw` is `custom.settings` as osls resolved it (strings); `region` the stack's.
 *
 * @example
 * parseSettings({ SECRETS_PREFIX: "app/", ... }, "us-east-1").secretsKmsKeyArns // []
 */
function parseSettings(raw, region) {
  const secretsPrefix = secretPrefix("SECRETS_PREFIX", raw.SECRETS_PREFIX);
  const apiTokenSecretId = secretPrefix("API_TOKEN_SECRET_ID", raw.API_TOKEN_SECRET_ID);
  const apiClientsSecretPrefix = secretPrefix("API_CLIENTS_SECRET_PREFIX", raw.API_CLIENTS_SECRET_PREFIX);
  const rotationMasterPrefix = secretPrefix("ROTATION_MASTER_PREFIX", raw.ROTATION_MASTER_PREFIX);
  const auditCursorSecretId = secretPrefix("AUDIT_CURSOR_SECRET_ID", raw.AUDIT_CURSOR_SECRET_ID);
  // The API's roles act on everything under the prefix: it must not reach the secrets that guard the API,
  // the master secrets or the audit's state.
  for (const [name, other] of [
    ["API secrets", API_SECRETS_PREFIX],
    ["API_TOKEN_SECRET_ID", apiTokenSecretId],
    ["API_CLIENTS_SECRET_PREFIX", apiClientsSecretPrefix],
    ["ROTATION_MASTER_PREFIX", rotationMasterPrefix],
    ["AUDIT_CURSOR_SECRET_ID", auditCursorSecretId],
  ]) {
    if (overlaps(secretsPrefix, other)) {
      throw new SettingError("SECRETS_PREFIX", `"${secretsPrefix}" overlaps ${name} ("${other}")`);
    }
  }

  const keyArns = (name) =>
    each(name, list(raw[name]), KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)").map(
      (arn) => {
        if (arn.match(KMS_KEY_ARN)?.[1] !== region) {
          throw new SettingError(name, `${arn} is not in the stack's region ${region}`);
        }
        return arn;
      },
    );

  const subnetIds = each("ROTATION_SUBNET_IDS", list(raw.ROTATION_SUBNET_IDS), SUBNET_ID, "a subnet id");
  const securityGroupIds = each(
    "ROTATION_SECURITY_GROUP_IDS",
    list(raw.ROTATION_SECURITY_GROUP_IDS),
    SECURITY_GROUP_ID,
    "a security group id",
  );
  if ((subnetIds.length === 0) !== (securityGroupIds.length === 0)) {
    throw new SettingError(
      subnetIds.length === 0 ? "ROTATION_SUBNET_IDS" : "ROTATION_SECURITY_GROUP_IDS",
      "ROTATION_SUBNET_IDS and ROTATION_SECURITY_GROUP_IDS go together: set both or neither",
    );
  }

  const tracing = String(raw.TRACING).trim();
  if (tracing !== "true" && tracing !== "false")
    throw new SettingError("TRACING", `"${tracing}" is not true or false`);
  const logRetentionDays = Number(raw.LOG_RETENTION_DAYS);
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new SettingError(
      "LOG_RETENTION_DAYS",
      `"${raw.LOG_RETENTION_DAYS}" is not one of ${RETENTION_DAYS.join(", ")}`,
    );
  }
  const metricsNamespace = String(raw.METRICS_NAMESPACE ?? "");
  if (!/^[A-Za-z0-9._/#:-]{1,255}$/.test(metricsNamespace) || metricsNamespace.startsWith("AWS/")) {
    throw new SettingError("METRICS_NAMESPACE", `"${metricsNamespace}" is not a custom CloudWatch namespace`);
  }
  const alarmEmail = String(raw.ALARM_EMAIL ?? "").trim();
  if (alarmEmail !== "" && !EMAIL.test(alarmEmail))
    throw new SettingError("ALARM_EMAIL", `"${alarmEmail}" is not an email address`);
  const alarmTopicArn = String(raw.ALARM_TOPIC_ARN ?? "").trim();
  if (alarmTopicArn !== "" && !SNS_TOPIC_ARN.test(alarmTopicArn)) {
    throw new SettingError("ALARM_TOPIC_ARN", `"${alarmTopicArn}" is not an SNS topic ARN`);
  }
  const consoleOrigins = each(
    "CONSOLE_ORIGINS",
    list(raw.CONSOLE_ORIGINS),
    ORIGIN,
    "an origin (https://host[:port], or http://localhost[:port]; no path, no *)",
  );

  return {
    secretsPrefix,
    apiSecretsPrefix: API_SECRETS_PREFIX,
    apiTokenSecretId,
    apiClientsSecretPrefix,
    rotationMasterPrefix,
    auditCursorSecretId,
    secretsKmsKeyArns: keyArns("SECRETS_KMS_KEY_ARNS"),
    masterKmsKeyArns: keyArns("ROTATION_MASTER_KMS_KEY_ARNS"),
    rotationVpc: subnetIds.length > 0 ? { subnetIds, securityGroupIds } : undefined,
    alarmEmail: alarmEmail || undefined,
    alarmTopicArn: alarmTopicArn || undefined,
    throttle: {
      rateLimit: wholeNumber("API_THROTTLE_RATE_LIMIT", raw.API_THROTTLE_RATE_LIMIT, { min: 1, max: 10_000 }),
      burstLimit: wholeNumber("API_THROTTLE_BURST_LIMIT", raw.API_THROTTLE_BURST_LIMIT, {
        min: 1,
        max: 5_000,
      }),
    },
    consoleOrigins,
    tracing: tracing === "true",
    logRetentionDays,
    metricsNamespace,
  };
}

/** The service, stage and region being packaged, and the checked settings. */
async function readDeployment(resolveVariable) {
  const region = await resolveVariable("self:provider.region");
  return {
    service: await resolveVariable("self:service"),
    stage: await resolveVariable("sls:stage"),
    region,
    settings: parseSettings(await resolveVariable("self:custom.settings"), region),
  };
}

/** `provider.tracing.lambda`: a boolean (a string "false" would switch tracing on). */
async function tracing({ resolveVariable }) {
  return (await readDeployment(resolveVariable)).settings.tracing;
}

/**
 * `provider.httpApi.cors`: false without CONSOLE_ORIGINS; else those origins, the headers a console sends
 * (Authorization for the token, If-Match for a safe edit) and reads (ETag for If-Match, Retry-After on
 * 429).
 */
async function httpApiCors({ resolveVariable }) {
  const { consoleOrigins } = (await readDeployment(resolveVariable)).settings;
  if (consoleOrigins.length === 0) return false;
  return {
    allowedOrigins: consoleOrigins,
    allowedHeaders: ["Authorization", "Content-Type", "If-Match"],
    // Named, not left to the default: serverless offline answers a preflight only for listed methods.
    allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    exposedResponseHeaders: ["ETag", "Retry-After"],
    maxAge: 600,
  };
}

/** The HTTP API stage's throttling: `{ rateLimit, burstLimit }` as numbers. */
async function apiThrottle({ resolveVariable }) {
  return (await readDeployment(resolveVariable)).settings.throttle;
}

/** A database rotation function's `vpc`: the rotation network, or false (no VpcConfig at all). */
async function rotationVpc({ resolveVariable }) {
  return (await readDeployment(resolveVariable)).settings.rotationVpc ?? false;
}

module.exports = {
  parseSettings,
  readDeployment,
  tracing,
  httpApiCors,
  apiThrottle,
  rotationVpc,
  SettingError,
};
