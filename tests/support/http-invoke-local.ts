/** Runs `serverless invoke local -f <function> --path events/<function>.json` and reads its answer. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO, SERVERLESS_CLI } from "./paths";

const run = promisify(execFile);

export interface InvokeResult {
  /** The handler's answer (the pretty-printed JSON invoke local ends with). */
  answer: { statusCode: number; headers: Record<string, string>; body: Record<string, unknown> };
  /** Everything printed, log lines included. */
  output: string;
}

export async function invokeLocal(functionName: string, env: Record<string, string>): Promise<InvokeResult> {
  const { stdout, stderr } = await run(
    process.execPath,
    [SERVERLESS_CLI, "invoke", "local", "-f", functionName, "--path", `events/${functionName}.json`],
    { cwd: REPO, env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", ...env }, timeout: 120_000 },
  );
  const start = stdout.search(/^\{\n/m);
  if (start < 0) throw new Error(`no answer in invoke local output:\n${stdout}\n${stderr}`);
  return { answer: JSON.parse(stdout.slice(start)), output: stdout + stderr };
}
