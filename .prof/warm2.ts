import "../bench/lib/env";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { handler as getSecretValueHandler } from "../functions/http/get-secret-value";
import { startEndpoint } from "../local/server";
import { setSecretsClient } from "../shared/secrets/client";
import { getSecretValue } from "../shared/secrets/values";
import { valueView } from "../shared/http/views";
import { localClient } from "../tests/support/client";
import { context, getEvent } from "../bench/lib/lambda";
import { silenceLogs } from "../bench/lib/quiet-logs";
const NAME = "app/bench/warm";
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
async function main() {
  const endpoint = await startEndpoint({ port: 0, inMemory: true, schedulerIntervalMs: 0 });
  const client = localClient(endpoint.url);
  silenceLogs();
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(client);
  await client.send(new CreateSecretCommand({ Name: NAME, SecretString: JSON.stringify({ password: "bench-warm-value" }) }));
  const event = getEvent("GET /secrets/{id}/value", `/secrets/${encodeURIComponent(NAME)}/value`, { id: NAME });
  const N = 1000;
  const variants: Record<string, () => Promise<unknown>> = {
    bare: () => client.send(new GetSecretValueCommand({ SecretId: NAME })),
    bareStage: () => client.send(new GetSecretValueCommand({ SecretId: NAME, VersionStage: "AWSCURRENT" })),
    shared: async () => JSON.stringify(valueView(await getSecretValue(NAME))),
    handler: () => getSecretValueHandler(event, context("g")),
  };
  const times: Record<string, number[]> = {};
  const rounds = Number(process.argv[2] ?? 7);
  for (let r = 0; r <= rounds; r++) for (const [k, f] of Object.entries(variants)) { const t = performance.now(); for (let i = 0; i < N; i++) await f(); const d = performance.now() - t; if (r) (times[k] ??= []).push(d); }
  const b = times.bare;
  for (const k of Object.keys(times)) console.log(k.padEnd(10), med(times[k]).toFixed(0), "ratio", med(times[k].map((v, i) => v / b[i])).toFixed(3));
  client.destroy(); await endpoint.close(); process.exit(0);
}
main();
