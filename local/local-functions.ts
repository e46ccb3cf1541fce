/**
 * Names of this service's Lambda functions as `serverless offline` serves them locally
 * (`<service>-<stage>-<function>`), and their ARNs in the local account.
 */

const SERVICE = "secrets-manager-lambdas";
const LOCAL_STAGE = "dev";
const LOCAL_REGION = "us-east-1";

export const API_TOKEN_SECRET_ID = process.env.API_TOKEN_SECRET_ID || "secrets-api/token";

export function localFunctionName(functionKey: string): string {
  return `${SERVICE}-${LOCAL_STAGE}-${functionKey}`;
}

export function localFunctionArn(
  functionKey: string,
  accountId = process.env.LOCAL_ACCOUNT_ID || "000000000000",
) {
  return `arn:aws:lambda:${LOCAL_REGION}:${accountId}:function:${localFunctionName(functionKey)}`;
}
