/**
 * boto3 against the endpoint: the seed's Python calls, and errors parsed into ClientError codes. Runs the
 * `python3` on PATH; skipped with a warning when it has no boto3, or fails when REQUIRE_BOTO3=1.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";

const run = promisify(execFile);

function hasBoto3(): boolean {
  try {
    execFileSync("python3", ["-c", "import boto3"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const available = hasBoto3();
if (!available) {
  if (process.env.REQUIRE_BOTO3 === "1") throw new Error("REQUIRE_BOTO3=1 but python3 has no boto3");
  console.warn("SKIPPED: python3 has no boto3; set REQUIRE_BOTO3=1 to make this a failure");
}

const SCRIPT = `
import json, sys, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
sm = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name="sa-east-1",
    aws_access_key_id="AKIDBOTO", aws_secret_access_key="boto-secret",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}))
out = {}
created = sm.create_secret(Name="py/db", SecretString=json.dumps({"username": "db-name", "password": "db-password"}))
out["arn"] = created["ARN"]
sm.put_secret_value(SecretId="py/db", SecretString=json.dumps({"password": "new"}))
out["current"] = json.loads(sm.get_secret_value(SecretId="py/db")["SecretString"])
out["previous"] = json.loads(sm.get_secret_value(SecretId="py/db", VersionStage="AWSPREVIOUS")["SecretString"])
sm.update_secret(SecretId="py/db", Description="설명 수정하기")
described = sm.describe_secret(SecretId="py/db")
out["description"] = described["Description"]
out["created_is_datetime"] = hasattr(described["CreatedDate"], "isoformat")
out["names"] = [s["Name"] for s in sm.list_secrets()["SecretList"]]
sm.delete_secret(SecretId="py/db", RecoveryWindowInDays=10)
try:
    sm.get_secret_value(SecretId="py/db")
except ClientError as e:
    out["deleted_error"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
sm.restore_secret(SecretId="py/db")
sm.delete_secret(SecretId="py/db", ForceDeleteWithoutRecovery=True)
try:
    sm.get_secret_value(SecretId="py/db")
except sm.exceptions.ResourceNotFoundException as e:
    out["gone_error"] = e.response["Error"]["Code"]
print(json.dumps(out))
`;

/** Issue #11 groups 1 and 2 as boto3 sees them: the error body's top-level Message, fields present or absent. */
const RULES_SCRIPT = `
import json, sys, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
sm = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name="sa-east-1",
    aws_access_key_id="AKIDBOTO", aws_secret_access_key="boto-secret",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}))
out = {}
def refusal(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "error_message": e.response["Error"]["Message"],
                "top_message": e.response.get("Message")}
    return None
out["missing"] = refusal(sm.get_secret_value, SecretId="py/none")
out["invalid_name"] = refusal(sm.describe_secret, SecretId="bad name!")
sm.create_secret(Name="py/bare")
out["bare"] = sorted(k for k in sm.describe_secret(SecretId="py/bare") if k != "ResponseMetadata")
first = sm.create_secret(Name="py/fields", SecretString="one")
sm.put_secret_value(SecretId="py/fields", SecretString="two")
out["mismatch"] = refusal(sm.get_secret_value, SecretId="py/fields", VersionId=first["VersionId"], VersionStage="AWSCURRENT")
sm.tag_resource(SecretId="py/fields", Tags=[{"Key": "team", "Value": "a"}])
sm.untag_resource(SecretId="py/fields", TagKeys=["team"])
described = sm.describe_secret(SecretId="py/fields")
out["tags"] = described.get("Tags")
out["has_rotation_enabled"] = "RotationEnabled" in described
out["has_description"] = "Description" in described
out["kms_key_ids"] = [v.get("KmsKeyIds") for v in sm.list_secret_version_ids(SecretId="py/fields")["Versions"]]
print(json.dumps(out))
`;

describe.skipIf(!available)("boto3 against the endpoint", () => {
  let local: TestEndpoint;
  beforeAll(async () => {
    local = await startTestEndpoint();
  });
  afterAll(async () => {
    await local?.close();
  });

  it("runs the seed flow and parses errors as ClientError codes", { timeout: 60_000 }, async () => {
    const { stdout } = await run("python3", ["-c", SCRIPT, local.url], {
      env: { ...process.env, PYTHONIOENCODING: "utf-8", AWS_CONFIG_FILE: "/dev/null" },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.arn).toMatch(/^arn:aws:secretsmanager:sa-east-1:000000000000:secret:py\/db-/);
    expect(out.current).toEqual({ password: "new" });
    expect(out.previous).toEqual({ username: "db-name", password: "db-password" });
    expect(out.description).toBe("설명 수정하기");
    expect(out.created_is_datetime).toBe(true);
    expect(out.names).toEqual(["py/db"]);
    expect(out.deleted_error).toEqual(["InvalidRequestException", 400]);
    expect(out.gone_error).toBe("ResourceNotFoundException");
  });

  it("shows the error body's Message top-level and the fields AWS answers", { timeout: 60_000 }, async () => {
    const { stdout } = await run("python3", ["-c", RULES_SCRIPT, local.url], {
      env: { ...process.env, PYTHONIOENCODING: "utf-8", AWS_CONFIG_FILE: "/dev/null" },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const notFound = "Secrets Manager can't find the specified secret.";
    expect(out.missing).toEqual({
      code: "ResourceNotFoundException",
      error_message: notFound,
      top_message: notFound,
    });
    expect(out.invalid_name).toMatchObject({ code: "ValidationException" });
    expect(out.mismatch).toEqual({
      code: "InvalidRequestException",
      error_message: "You provided a VersionStage that is not associated to the provided VersionId.",
      top_message: "You provided a VersionStage that is not associated to the provided VersionId.",
    });
    expect(out.bare).toEqual(["ARN", "CreatedDate", "LastChangedDate", "Name"]);
    expect(out.tags).toEqual([]);
    expect(out.has_rotation_enabled).toBe(false);
    expect(out.has_description).toBe(false);
    expect(out.kms_key_ids).toEqual([["DefaultEncryptionKey"], ["DefaultEncryptionKey"]]);
  });
});
