import "../bench/lib/env";
import middy from "@middy/core";
import httpErrorHandler from "@middy/http-error-handler";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import httpSecurityHeaders from "@middy/http-security-headers";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { startEndpoint } from "../local/server";
import { setSecretsClient } from "../shared/secrets/client";
import { getSecretValue } from "../shared/secrets/values";
import { valueView } from "../shared/http/views";
import { createLogger } from "../shared/observability/logger";
import { errorMapper } from "../shared/http/error-mapper";
import { requestLogger } from "../shared/http/request-logger";
import { toGatewayResult, json } from "../shared/http/responses";
import { parseInput } from "../shared/http/validation";
import { getSecretValueQuery } from "../shared/http/schemas";
import { secretIdFromPath } from "../shared/http/scope";
import { etagFor } from "../shared/http/if-match";
import { localClient } from "../tests/support/client";
import { context, getEvent } from "../bench/lib/lambda";
import { silenceLogs } from "../bench/lib/quiet-logs";
const NAME = "app/bench/warm";
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const core = async (event: any, ctx: any) => {
  const query = parseInput(getSecretValueQuery, event.queryStringParameters ?? {}, "query");
  const version = await getSecretValue(secretIdFromPath(event.pathParameters), { versionStage: query.versionStage, versionId: query.versionId });
  return toGatewayResult(json(200, valueView(version), { ETag: etagFor(version.versionId) }));
};
function build(parts: string[], opts: any = {}) {
  const logger = createLogger({ service: "x" });
  const s = middy(opts);
  if (parts.includes("norm")) s.use(httpHeaderNormalizer());
  if (parts.includes("log")) s.use(requestLogger(logger));
  if (parts.includes("sec")) s.use(httpSecurityHeaders());
  if (parts.includes("err")) { s.use(httpErrorHandler({ logger: false })); s.use(errorMapper(logger)); }
  return s.handler(core);
}
async function main() {
  const endpoint = await startEndpoint({ port: 0, inMemory: true, schedulerIntervalMs: 0 });
  const client = localClient(endpoint.url);
  silenceLogs();
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(client);
  await client.send(new CreateSecretCommand({ Name: NAME, SecretString: JSON.stringify({ password: "bench-warm-value" }) }));
  const event = getEvent("GET /secrets/{id}/value", `/secrets/${encodeURIComponent(NAME)}/value`, { id: NAME });
  const N = 1000;
  const all = ["norm", "log", "sec", "err"];
  const h = (p: string[], o?: any) => { const f = build(p, o); return () => f(event, context("g")); };
  const variants: Record<string, () => Promise<unknown>> = {
    bare: () => client.send(new GetSecretValueCommand({ SecretId: NAME })),
    coreOnly: () => core(event, context("g")),
    middyEmpty: h([]),
    middyEmptyNoTimeout: h([], { timeoutEarlyInMillis: 0 }),
    all: h(all),
    allNoTimeout: h(all, { timeoutEarlyInMillis: 0 }),
    noNorm: h(["log", "sec", "err"]),
    noLog: h(["norm", "sec", "err"]),
    noSec: h(["norm", "log", "err"]),
    noErr: h(["norm", "log", "sec"]),
  };
  const times: Record<string, number[]> = {};
  const rounds = Number(process.argv[2] ?? 7);
  for (let r = 0; r <= rounds; r++) for (const [k, f] of Object.entries(variants)) { const t = performance.now(); for (let i = 0; i < N; i++) await f(); const d = performance.now() - t; if (r) (times[k] ??= []).push(d); }
  const b = times.bare;
  for (const k of Object.keys(times)) console.log(k.padEnd(20), med(times[k]).toFixed(0), "ratio", med(times[k].map((v, i) => v / b[i])).toFixed(3));
  client.destroy(); await endpoint.close(); process.exit(0);
}
main();
