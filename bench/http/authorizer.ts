/**
 * Issue item 3, paid calls: the GetSecretValue calls the authorizer makes for 1,000 authorized requests
 * with its cache (target: at most 2), beside the same authorizer with the cache off; and the time until a
 * token made AWSCURRENT by a rotation is accepted (new token polled every 10 ms right after the change).
 * Calls are counted at the local endpoint, from its request log.
 */
import { randomBytes } from "node:crypto";
import { CreateSecretCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { startEndpoint } from "../../local/server";
import { apiTokenCacheMs } from "../../shared/access/config";
import { createTokenAuthorizer } from "../../shared/http/auth/token-authorizer";
import { setSecretsClient } from "../../shared/secrets/client";
import { localClient } from "../../tests/support/client";
import { httpEvent, lambdaContext } from "../../tests/support/lambda-event";
import { type Figure, valueFigure } from "../lib/figure";
import { measure } from "../lib/measure";
import { silenceLogs } from "../lib/quiet-logs";

const REQUESTS = 1_000;
const TOKEN_ID = "secrets-api/token";

export async function authorizerFigures(): Promise<Figure[]> {
  let getCalls = 0;
  const endpoint = await startEndpoint({
    port: 0,
    inMemory: true,
    schedulerIntervalMs: 0,
    log: (line) => {
      if (/^POST GetSecretValue /.test(line)) getCalls += 1;
    },
  });
  const client = localClient(endpoint.url);
  const restoreLogs = silenceLogs();
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint.url;
  setSecretsClient(client);
  let token = randomBytes(16).toString("hex");
  try {
    await client.send(new CreateSecretCommand({ Name: TOKEN_ID, SecretString: JSON.stringify({ token }) }));
    const authorizedRun = (cacheMs: number) => async () => {
      const authorize = createTokenAuthorizer({ secretId: TOKEN_ID, cacheMs });
      const before = getCalls;
      for (let i = 0; i < REQUESTS; i += 1) {
        const event = httpEvent({
          method: "GET",
          route: "/secrets",
          headers: { authorization: `Bearer ${token}` },
        });
        const answer = await authorize(event as never, lambdaContext("authorizer"));
        if (!answer.isAuthorized) throw new Error("authorizer refused the token");
      }
      return getCalls - before;
    };
    const cached = await measure(authorizedRun(apiTokenCacheMs()), {
      target: { of: "value", op: "<=", limit: 2 },
    });
    const uncached = await measure(authorizedRun(0));

    const rotatedAccepted = await measure(async () => {
      const authorize = createTokenAuthorizer({ secretId: TOKEN_ID, cacheMs: apiTokenCacheMs() });
      const ask = async (value: string) => {
        const event = httpEvent({
          method: "GET",
          route: "/secrets",
          headers: { authorization: `Bearer ${value}` },
        });
        try {
          return (await authorize(event as never, lambdaContext("authorizer"))).isAuthorized;
        } catch {
          return false;
        }
      };
      if (!(await ask(token))) throw new Error("old token refused before the rotation");
      token = randomBytes(16).toString("hex");
      await client.send(
        new PutSecretValueCommand({ SecretId: TOKEN_ID, SecretString: JSON.stringify({ token }) }),
      );
      const started = performance.now();
      while (!(await ask(token))) {
        if (performance.now() - started > 120_000) throw new Error("rotated token not accepted in 120 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return performance.now() - started;
    });
    return [
      valueFigure({
        name: "authorizer GetSecretValue calls / 1,000 authorized requests",
        unit: "calls",
        measured: cached,
        baseline: uncached.median,
        baselineName: "cache off",
        target: { of: "value", op: "<=", limit: 2 },
        detail: { baselineSamples: uncached.samples, cacheMs: apiTokenCacheMs() },
      }),
      valueFigure({
        name: "authorizer: rotated token accepted after",
        unit: "ms",
        measured: rotatedAccepted,
        baseline: apiTokenCacheMs(),
        baselineName: "cache lifetime",
      }),
    ];
  } finally {
    setSecretsClient(undefined);
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = previousEndpoint;
    restoreLogs();
    client.destroy();
    await endpoint.close();
  }
}
