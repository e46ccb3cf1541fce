/**
 * The rotation runner against a scripted Lambda Invoke API (a real HTTP server standing in for
 * serverless offline): ordering, no overlap per secret, each kind of step failure, function names.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RotationRequest } from "../../../local/core/types";
import { functionFromArn } from "../../../local/rotation/lambda";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { coreReportingOutcomes } from "../../support/rotation-outcomes";

interface Call {
  path: string;
  step: string;
  secretId: string;
  start: number;
  end: number;
}

type Reply = { status: number; headers?: Record<string, string>; body: unknown };

describe("rotation runner with a scripted Lambda endpoint", () => {
  let lambda: Server;
  let local: TestEndpoint;
  const calls: Call[] = [];
  const outcomes: Array<{ secretArn: string; token: string; outcome: string }> = [];
  let script: (step: string) => Reply = () => ({ status: 200, body: { ok: true } });

  beforeAll(async () => {
    lambda = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      calls.push({
        path: req.url ?? "",
        step: event.Step ?? "",
        secretId: event.SecretId ?? "",
        start,
        end: Date.now(),
      });
      const reply = script(event.Step ?? "");
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
    lambda.listen(0, "127.0.0.1");
    await once(lambda, "listening");
    const lambdaPort = (lambda.address() as AddressInfo).port;
    local = await startTestEndpoint({
      lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
      schedulerIntervalMs: 0,
      createCore: coreReportingOutcomes((request, outcome) =>
        outcomes.push({ secretArn: request.secretArn, token: request.clientRequestToken, outcome }),
      ),
    });
  });
  afterEach(() => {
    calls.length = 0;
    outcomes.length = 0;
    script = () => ({ status: 200, body: { ok: true } });
  });
  afterAll(async () => {
    await local?.close();
    lambda?.close();
  });

  const request = (secret: string, token: string, lambdaArn = "rotator"): RotationRequest => ({
    region: "us-east-1",
    accountId: "000000000000",
    secretArn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secret}-AbCdEf`,
    secretName: secret,
    clientRequestToken: token,
    lambdaArn,
    mode: "rotate",
  });

  it("never overlaps two rotations of one secret but runs different secrets side by side", async () => {
    const runner = local.endpoint.rotation;
    runner.startRotation(request("a", "t1"));
    runner.startRotation(request("a", "t2"));
    runner.startRotation(request("b", "t3"));
    await runner.idle();
    const ofA = calls.filter((c) => c.secretId.includes(":secret:a-"));
    expect(ofA.map((c) => c.step)).toEqual([
      "createSecret",
      "setSecret",
      "testSecret",
      "finishSecret",
      "createSecret",
      "setSecret",
      "testSecret",
      "finishSecret",
    ]);
    for (let i = 1; i < ofA.length; i += 1)
      expect(ofA[i]?.start).toBeGreaterThanOrEqual(ofA[i - 1]?.end ?? 0);
    const ofB = calls.filter((c) => c.secretId.includes(":secret:b-"));
    expect(ofB).toHaveLength(4);
    expect(ofB[0]?.start).toBeLessThan(ofA[4]?.start ?? 0);
    expect(outcomes.map((o) => [o.token, o.outcome])).toEqual(
      expect.arrayContaining([
        ["t1", "succeeded"],
        ["t2", "succeeded"],
        ["t3", "succeeded"],
      ]),
    );
  });

  const failures: Array<[string, Reply]> = [
    ["a non-2xx status", { status: 500, body: { message: "boom" } }],
    [
      "an X-Amz-Function-Error header",
      { status: 200, headers: { "x-amz-function-error": "Unhandled" }, body: {} },
    ],
    ["an error payload", { status: 200, body: { errorType: "Error", errorMessage: "nope" } }],
  ];

  it.each(failures)("stops at the step answered with %s and reports failure", async (_label, reply) => {
    script = (step) => (step === "testSecret" ? reply : { status: 200, body: null });
    local.endpoint.rotation.startRotation(request("fails", "t-fail"));
    await local.endpoint.rotation.idle();
    expect(calls.map((c) => c.step)).toEqual(["createSecret", "setSecret", "testSecret"]);
    expect(outcomes).toEqual([
      { secretArn: expect.stringContaining("fails"), token: "t-fail", outcome: "failed" },
    ]);
  });

  it("reports failure when the Lambda endpoint cannot be reached", async () => {
    const unreachable = await startTestEndpoint({
      lambdaEndpoint: "http://127.0.0.1:9",
      schedulerIntervalMs: 0,
    });
    try {
      let recorded: string | undefined;
      const core = unreachable.endpoint.core;
      const original = core.recordRotationOutcome.bind(core);
      core.recordRotationOutcome = (req, outcome) => {
        recorded = outcome;
        original(req, outcome);
      };
      unreachable.endpoint.rotation.startRotation(request("lost", "t-lost"));
      await unreachable.endpoint.rotation.idle();
      expect(recorded).toBe("failed");
    } finally {
      await unreachable.close();
    }
  });

  it("runs only testSecret in testOnly mode and calls the function named by the ARN with its qualifier", async () => {
    const arn = "arn:aws:lambda:us-east-1:000000000000:function:my-rotator:live";
    local.endpoint.rotation.startRotation({ ...request("q", "t-q", arn), mode: "testOnly" });
    await local.endpoint.rotation.idle();
    expect(calls.map((c) => [c.step, c.path])).toEqual([
      ["testSecret", "/2015-03-31/functions/my-rotator/invocations?Qualifier=live"],
    ]);
  });

  it("parses function names from ARNs, partial ARNs and bare names", () => {
    expect(functionFromArn("arn:aws:lambda:eu-west-1:123456789012:function:rot")).toEqual({ name: "rot" });
    expect(functionFromArn("arn:aws:lambda:eu-west-1:123456789012:function:rot:$LATEST")).toEqual({
      name: "rot",
      qualifier: "$LATEST",
    });
    expect(functionFromArn("123456789012:function:rot")).toEqual({ name: "rot" });
    expect(functionFromArn("rot")).toEqual({ name: "rot" });
    expect(functionFromArn("rot:7")).toEqual({ name: "rot", qualifier: "7" });
  });
});
