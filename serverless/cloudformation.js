// Small CloudFormation builders the resolvers in this folder share: osls's logical ids, and ARNs written
// with intrinsics (osls does not resolve ${aws:...} variables).
"use strict";

const capitalized = (name) => `${name[0].toUpperCase()}${name.slice(1)}`;

/** osls's logical id of a function: `createSecret` -> `CreateSecretLambdaFunction`. */
const functionLogicalId = (name) => `${capitalized(name)}LambdaFunction`;

/** The one IAM role of a function (serverless/roles.js): `createSecret` -> `CreateSecretRole`. */
const roleLogicalId = (name) => `${capitalized(name)}Role`;

const sub = (text) => ({ "Fn::Sub": text });

/** A secret ARN pattern in this account and region: `app/*`, `secrets-api/token-??????`. */
const secretArn = (pattern) =>
  sub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${pattern}`);

/** An ARN of `service` in this account and region: `ec2`, `subnet/subnet-0abc...`. */
const regionalArn = (service, resource) =>
  sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

/** The deployed name of a function, as osls names it. */
const deployedFunctionName = ({ service, stage }, name) => `${service}-${stage}-${name}`;

/** The functions declared in serverless.yml (its `functions:` list of files, merged as osls merges them). */
function declaredFunctions(functionsProperty) {
  const parts = Array.isArray(functionsProperty) ? functionsProperty : [functionsProperty ?? {}];
  return Object.assign({}, ...parts.filter(Boolean));
}

/** Rotation functions are the ones whose handler is under functions/rotation/. */
const isRotationFunction = (definition) => String(definition.handler ?? "").startsWith("functions/rotation/");

module.exports = {
  capitalized,
  functionLogicalId,
  roleLogicalId,
  sub,
  secretArn,
  regionalArn,
  deployedFunctionName,
  declaredFunctions,
  isRotationFunction,
};
