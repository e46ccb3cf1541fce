// The value of ROTATION_FUNCTION_ARNS for the rotateSecret function (serverless/http-functions.yml): the
// rotation functions (serverless/rotation-functions.yml) a caller may name as `rotationLambdaArn`.
// - `serverless package` / `deploy`: their ARNs from CloudFormation (Fn::GetAtt, joined with commas).
// - `serverless offline` / `invoke local`: neither can resolve CloudFormation, so a plain string of the
//   same functions' local ARNs, as serverless offline serves them (account LOCAL_ACCOUNT_ID, default
//   000000000000, as local/local-functions.ts; region us-east-1).
// The env variable ROTATION_FUNCTION_ARNS, when set, replaces this value (see docs/http-api.md).
"use strict";

/** Keep in step with serverless/rotation-functions.yml (tests/integration/http/package.test.ts checks). */
const ROTATION_FUNCTIONS = [
  "rotationGeneric",
  "rotationPostgresSingleUser",
  "rotationPostgresAlternatingUsers",
  "rotationMysqlSingleUser",
  "rotationMysqlAlternatingUsers",
];

function isLocalCommand(argv) {
  const words = argv.slice(2).filter((word) => !word.startsWith("-"));
  return words[0] === "offline" || (words[0] === "invoke" && words[1] === "local");
}

module.exports = async ({ resolveVariable }) => {
  if (isLocalCommand(process.argv)) {
    const service = await resolveVariable("self:service");
    const stage = await resolveVariable("sls:stage");
    const accountId = process.env.LOCAL_ACCOUNT_ID || "000000000000";
    return ROTATION_FUNCTIONS.map(
      (name) => `arn:aws:lambda:us-east-1:${accountId}:function:${service}-${stage}-${name}`,
    ).join(",");
  }
  const logicalId = (name) => `${name[0].toUpperCase()}${name.slice(1)}LambdaFunction`;
  return {
    "Fn::Join": [",", ROTATION_FUNCTIONS.map((name) => ({ "Fn::GetAtt": [logicalId(name), "Arn"] }))],
  };
};
