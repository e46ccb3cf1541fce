/** Runs one cold start in a fresh `node` process (runner.cjs) and returns its time to answer, in ms. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const RUNNER = join(__dirname, "runner.cjs");

export async function coldStart(
  modulePath: string,
  event: unknown,
  env: Record<string, string>,
): Promise<number> {
  const { stdout } = await run(process.execPath, [RUNNER], {
    env: { ...env, COLD_MODULE: modulePath, COLD_EVENT: JSON.stringify(event) },
    timeout: 30_000,
    maxBuffer: 8 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const line = stdout.split("\n").find((text) => text.startsWith("__COLD__"));
  const answer = line
    ? (JSON.parse(line.slice("__COLD__".length)) as {
        ms?: number;
        status?: number;
        error?: string;
        body?: string;
      })
    : {};
  if (answer.error || answer.ms === undefined)
    throw new Error(`cold start failed: ${answer.error ?? "no answer"}`);
  if (!answer.status || answer.status >= 300) {
    throw new Error(`cold start answered ${answer.status}: ${answer.body ?? ""}`.slice(0, 200));
  }
  return answer.ms;
}
