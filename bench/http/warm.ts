/**
 * Issue item 2, warm overhead: `GET /secrets/{id}/value` invoked in-process through its whole middy stack
 * 400 times against the local endpoint, beside the bare SDK GetSecretValue call it wraps, 400 times, on
 * the same client, in alternation (pairs added while the spread straddles the target). Target: at most
 * 1.10 times.
 */
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { handler as getSecretValue } from "../../functions/http/get-secret-value";
import { startEndpoint } from "../../local/server";
import { setSecretsClient } from "../../shared/secrets/client";
import { localClient } from "../../tests/support/client";
import { httpEvent, lambdaContext } from "../../tests/support/lambda-event";
import { type Figure, pairFigure, type Target } from "../lib/figure";
import { measurePair } from "../lib/measure";
import { silenceLogs } from "../lib/quiet-logs";

/** Calls per sample: enough to average out one call's jitter, few enough for many samples. */
const CALLS = 400;
const NAME = "app/bench/warm";

export async function warmFigures(): Promise<Figure[]> {
  const endpoint = await startEndpoint({ port: 0, inMemory: true, schedulerIntervalMs: 0 });
  const client = localClient(endpoint.url);
  const restoreLogs = silenceLogs();
  const previousPrefix = process.env.SECRETS_PREFIX;
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(client);
  try {
    await client.send(
      new CreateSecretCommand({ Name: NAME, SecretString: JSON.stringify({ password: "bench-warm-value" }) }),
    );
    const event = httpEvent({ method: "GET", route: "/secrets/{id}/value", pathParameters: { id: NAME } });
    const handlerRun = async () => {
      const started = performance.now();
      for (let i = 0; i < CALLS; i += 1) {
        const result = (await getSecretValue(
          event,
          lambdaContext("getSecretValue"),
        )) as APIGatewayProxyStructuredResultV2;
        if (result.statusCode !== 200) throw new Error(`handler answered ${result.statusCode}`);
      }
      return performance.now() - started;
    };
    const bareRun = async () => {
      const started = performance.now();
      for (let i = 0; i < CALLS; i += 1) await client.send(new GetSecretValueCommand({ SecretId: NAME }));
      return performance.now() - started;
    };
    // "Warm" means after the JIT has settled: the first rounds of both loops still compile and are dropped.
    const target: Target = { of: "ratio", op: "<=", limit: 1.1 };
    const measured = await measurePair(handlerRun, bareRun, {
      warmup: 3,
      runs: 7,
      maxRuns: 21,
      extraMs: 10_000,
      target,
    });
    return [
      pairFigure({
        name: `warm: GET /secrets/{id}/value ×${CALLS.toLocaleString("en-US")} through middy`,
        unit: "ms",
        measured,
        baselineName: `bare SDK ×${CALLS.toLocaleString("en-US")}`,
        target,
      }),
    ];
  } finally {
    setSecretsClient(undefined);
    if (previousPrefix === undefined) delete process.env.SECRETS_PREFIX;
    else process.env.SECRETS_PREFIX = previousPrefix;
    restoreLogs();
    client.destroy();
    await endpoint.close();
  }
}
