/**
 * Private databases and customer-managed keys, on the packaged templates. With ROTATION_SUBNET_IDS and
 * ROTATION_SECURITY_GROUP_IDS, exactly the four database rotation functions run in that network and their
 * roles carry the network-interface actions Lambda needs, on those subnets and groups; without them, nothing
 * of a VPC at all. With SECRETS_KMS_KEY_ARNS, exactly the roles that read or write values may use the key,
 * and only through Secrets Manager for the secrets under the prefix.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  MASTERS_KEY,
  packaged,
  REGION,
  SECRETS_KEY,
  SECURITY_GROUPS,
  SUBNETS,
  settingsOf,
  type Template,
} from "../../support/packaged";
import { functionName, lambdaFunctions, roleStatements } from "../../support/template/policies";
import { decide, roleDocument } from "../../support/template/simulate";
import { ROTATION_FUNCTIONS } from "./expected-permissions";

const DATABASE_FUNCTIONS = ROTATION_FUNCTIONS.filter((fn) => fn !== "rotationGeneric").sort();
/** The functions that read or write secret values under the prefix. */
const VALUE_FUNCTIONS = [
  "createSecret",
  "getSecretValue",
  "putSecretValue",
  "patchSecretValue",
  "updateSecret",
  ...ROTATION_FUNCTIONS,
].sort();

const functionsOf = (template: Template) => Object.entries(lambdaFunctions(template));
const withAction = (template: Template, prefix: string) =>
  functionsOf(template)
    .map(([id]) => functionName(id))
    .filter((fn) =>
      roleStatements(template, fn).some((s) => [s.Action].flat().some((a) => a?.startsWith(prefix))),
    )
    .sort();

describe("the database rotation functions' network", () => {
  let full: Template;
  let plain: Template;
  beforeAll(async () => {
    [full, plain] = [(await packaged("full")).template, (await packaged("default")).template];
  }, 180_000);

  it("with the settings: exactly the four database rotation functions run in the given subnets and groups", () => {
    const inVpc = functionsOf(full).filter(([, fn]) => fn.Properties.VpcConfig);
    expect(inVpc.map(([id]) => functionName(id)).sort()).toEqual(DATABASE_FUNCTIONS);
    for (const [id, fn] of inVpc) {
      expect(fn.Properties.VpcConfig, id).toEqual({ SubnetIds: SUBNETS, SecurityGroupIds: SECURITY_GROUPS });
    }
  });

  it("with the settings: only their roles have network-interface actions, and no broader ones", () => {
    expect(withAction(full, "ec2:")).toEqual(DATABASE_FUNCTIONS);
    for (const fn of DATABASE_FUNCTIONS) {
      const ec2 = roleStatements(full, fn).filter((s) =>
        [s.Action].flat().some((a) => a?.startsWith("ec2:")),
      );
      expect(ec2.flatMap((s) => [s.Action].flat()).sort(), fn).toEqual([
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses",
      ]);
      // `*` only where IAM allows nothing else: EC2's Describe actions.
      for (const statement of ec2.filter((s) => JSON.stringify(s.Resource) === '"*"')) {
        expect(statement.Action, fn).toEqual(["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]);
      }
    }
  });

  it("without them: no VpcConfig, no EC2 action, no EC2 resource", () => {
    expect(functionsOf(plain).filter(([, fn]) => fn.Properties.VpcConfig)).toEqual([]);
    expect(withAction(plain, "ec2:")).toEqual([]);
    expect(
      Object.values(plain.Resources).filter((resource) => resource.Type.startsWith("AWS::EC2::")),
    ).toEqual([]);
  });

  it("always trusts the runtime's CA bundle (the RDS CAs) in the database rotation functions, only there", () => {
    for (const template of [full, plain]) {
      const trusting = functionsOf(template)
        .filter(([, fn]) =>
          JSON.stringify(fn.Properties.Environment).includes(
            '"NODE_EXTRA_CA_CERTS":"/var/runtime/ca-cert.pem"',
          ),
        )
        .map(([id]) => functionName(id))
        .sort();
      expect(trusting).toEqual(DATABASE_FUNCTIONS);
    }
  });
});

describe("customer-managed keys", () => {
  let full: Template;
  let plain: Template;
  beforeAll(async () => {
    [full, plain] = [(await packaged("full")).template, (await packaged("default")).template];
  }, 180_000);
  const prefix = settingsOf("full").SECRETS_PREFIX;
  const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:123456789012:secret:${name}-AbCdEf`;
  const viaSecretsManager = `secretsmanager.${REGION}.amazonaws.com`;
  const keyRequest = (action: string, context: Record<string, string>) => ({
    action,
    resource: SECRETS_KEY,
    context,
  });

  it("with a key: exactly the roles that read or write values may use it, through Secrets Manager, for the prefix", async () => {
    const users: string[] = [];
    for (const [id] of functionsOf(full)) {
      const fn = functionName(id);
      const document = roleDocument(full, fn);
      const onPrefix = {
        "kms:ViaService": viaSecretsManager,
        "kms:EncryptionContext:SecretARN": secret(`${prefix}db`),
      };
      if ((await decide(document, keyRequest("kms:Decrypt", onPrefix))) === "Allowed") users.push(fn);
      const elsewhere: Record<string, string>[] = [
        {},
        { "kms:EncryptionContext:SecretARN": secret(`${prefix}db`) },
        { "kms:ViaService": viaSecretsManager, "kms:EncryptionContext:SecretARN": secret("other/db") },
        {
          "kms:ViaService": viaSecretsManager,
          "kms:EncryptionContext:SecretARN": secret("secrets-api/token"),
        },
        {
          "kms:ViaService": `sns.${REGION}.amazonaws.com`,
          "kms:EncryptionContext:SecretARN": secret(`${prefix}db`),
        },
      ];
      for (const context of elsewhere) {
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
          expect(
            await decide(document, keyRequest(action, context)),
            `${fn} ${action} ${JSON.stringify(context)}`,
          ).toBe("Denied");
        }
      }
    }
    expect(users.sort()).toEqual(VALUE_FUNCTIONS);
  });

  it("with a key: the stack names the roles a key policy must let use it", () => {
    type Joined = { "Fn::Join": [string, { "Fn::GetAtt": [string, string] }[]] };
    const roles = (output: string) => {
      const value = full.Outputs?.[output]?.Value as Joined | undefined;
      return (value?.["Fn::Join"][1] ?? []).map((role) => role["Fn::GetAtt"][0]).sort();
    };
    const roleOfFunction = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}Role`;
    expect(roles("SecretsKeyUserRoleArns")).toEqual(VALUE_FUNCTIONS.map(roleOfFunction).sort());
    expect(roles("MasterSecretsKeyUserRoleArns")).toEqual(
      ["rotationMysqlAlternatingUsers", "rotationPostgresAlternatingUsers"].map(roleOfFunction),
    );
    expect(Object.keys(plain.Outputs ?? {}).filter((name) => name.includes("Key"))).toEqual([]);
  });

  it("with a key: the API's create and update are told which keys they may accept", () => {
    for (const fn of ["createSecret", "updateSecret"]) {
      const environment =
        full.Resources[`${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`]?.Properties.Environment;
      expect(environment, fn).toMatchObject({ Variables: { SECRETS_KMS_KEY_ARNS: SECRETS_KEY } });
    }
  });

  it("with a master-secret key: only the alternating-users functions may decrypt with it, master secrets only", async () => {
    const decrypting: string[] = [];
    for (const [id] of functionsOf(full)) {
      const fn = functionName(id);
      const document = roleDocument(full, fn);
      const request = (secretName: string) => ({
        action: "kms:Decrypt",
        resource: MASTERS_KEY,
        context: {
          "kms:ViaService": viaSecretsManager,
          "kms:EncryptionContext:SecretARN": secret(secretName),
        },
      });
      if ((await decide(document, request("rotation-masters/pg"))) === "Allowed") decrypting.push(fn);
      expect(await decide(document, request(`${prefix}db`)), fn).toBe("Denied");
    }
    expect(decrypting.sort()).toEqual(["rotationMysqlAlternatingUsers", "rotationPostgresAlternatingUsers"]);
  });

  it("without one: no role may use any key but the alerts topic's, and only onRotationEvent, through SNS", () => {
    expect(withAction(plain, "kms:")).toEqual(["onRotationEvent"]);
    const statements = roleStatements(plain, "onRotationEvent").filter((s) =>
      [s.Action].flat().some((a) => a?.startsWith("kms:")),
    );
    expect(statements.map((s) => s.Resource)).toEqual([{ "Fn::GetAtt": ["AlertsTopicKey", "Arn"] }]);
    expect(JSON.stringify(statements[0]?.Condition)).toContain(`sns.\${AWS::Region}.amazonaws.com`);
  });
});
