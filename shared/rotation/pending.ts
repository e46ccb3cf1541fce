import { putSecretValue } from "../secrets/values.js";
import type { StepContext } from "./types.js";
import { readPending, readStage } from "./versions.js";

/**
 * createSecret for every strategy: stores `makePending(current)` as the token's AWSPENDING value, unless
 * a value is already there (a retried step, or a process that died after storing it), which is kept.
 *
 * @example
 * await storePendingOnce(context, async (current) => ({ ...current, password: await newPassword() }));
 */
export async function storePendingOnce(
  context: StepContext,
  makePending: (current: string) => Promise<string>,
): Promise<"created" | "reused"> {
  const current = await readStage(context, "AWSCURRENT");
  if (await readPending(context)) return "reused";
  if (current.value.kind !== "string") throw new TypeError("binary secrets cannot be rotated");
  const text = await makePending(current.value.text);
  await putSecretValue(
    context.secretId,
    {
      value: { kind: "string", text },
      clientRequestToken: context.token,
      versionStages: ["AWSPENDING"],
      ...(context.rotationToken ? { rotationToken: context.rotationToken } : {}),
    },
    { client: context.client },
  );
  return "created";
}
