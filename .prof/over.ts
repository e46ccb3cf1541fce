import "../bench/lib/env";
import { handler as getSecretValue } from "../functions/http/get-secret-value";
import { setSecretsClient } from "../shared/secrets/client";
import { context, getEvent } from "../bench/lib/lambda";
import { silenceLogs } from "../bench/lib/quiet-logs";
const NAME = "app/bench/warm";
const out = { ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/bench/warm-abcdef", Name: NAME, VersionId: "0123456789abcdef0123456789abcdef", VersionStages: ["AWSCURRENT"], SecretString: JSON.stringify({ password: "bench-warm-value" }), CreatedDate: new Date(), $metadata: {} };
const stub: any = { send: async () => ({ ...out }) };
async function main() {
  silenceLogs();
  process.env.SECRETS_PREFIX = "app/";
  setSecretsClient(stub);
  const event = getEvent("GET /secrets/{id}/value", `/secrets/${encodeURIComponent(NAME)}/value`, { id: NAME });
  const N = 20000;
  const h = async () => { const t = performance.now(); for (let i = 0; i < N; i++) { const r: any = await getSecretValue(event, context("g")); if (r.statusCode !== 200) throw new Error(r.body); } return (performance.now() - t) / N * 1000; };
  const c = async () => { const t = performance.now(); for (let i = 0; i < N; i++) { await stub.send(); context("g"); } return (performance.now() - t) / N * 1000; };
  for (let r = 0; r < 5; r++) console.log("handler µs/call", (await h()).toFixed(1), "stub+context µs/call", (await c()).toFixed(1));
  if (process.argv[2] === "prof") { const { Session } = await import("node:inspector/promises"); const s = new Session(); s.connect(); await s.post("Profiler.enable"); await s.post("Profiler.start"); await h(); await h(); const { profile } = await s.post("Profiler.stop") as any; require("node:fs").writeFileSync(".prof/p.cpuprofile", JSON.stringify(profile)); }
  process.exit(0);
}
main();
