import "../bench/lib/env";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { handler as getSecretValue } from "../functions/http/get-secret-value";
import { startEndpoint } from "../local/server";
import { setSecretsClient } from "../shared/secrets/client";
import { localClient } from "../tests/support/client";
import { context, getEvent } from "../bench/lib/lambda";
import { silenceLogs } from "../bench/lib/quiet-logs";
const NAME = "app/bench/warm";
async function main() {
  const endpoint = await startEndpoint({ port: 0, inMemory: true, schedulerIntervalMs: 0 });
  const client = localClient(endpoint.url);
  silenceLogs();
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(client);
  await client.send(new CreateSecretCommand({ Name: NAME, SecretString: JSON.stringify({ password: "bench-warm-value" }) }));
  const event = getEvent("GET /secrets/{id}/value", `/secrets/${encodeURIComponent(NAME)}/value`, { id: NAME });
  const mode = process.argv[2] ?? "both";
  const h = async () => { const t = performance.now(); for (let i = 0; i < 1000; i++) { const r: any = await getSecretValue(event, context("g")); if (r.statusCode !== 200) throw new Error(r.body); } return performance.now() - t; };
  const b = async () => { const t = performance.now(); for (let i = 0; i < 1000; i++) await client.send(new GetSecretValueCommand({ SecretId: NAME })); return performance.now() - t; };
  await b(); await h();
  const ratios = [];
  for (let r = 0; r < 7; r++) { const bb = await b(); const hh = await h(); ratios.push(hh / bb); console.log(bb.toFixed(0), hh.toFixed(0), (hh / bb).toFixed(3)); }
  ratios.sort(); console.log("median", ratios[3].toFixed(3));
  client.destroy(); await endpoint.close(); process.exit(0);
}
main();
