import { describeSecret } from "../secrets/metadata.js";
import { updateSecretVersionStage } from "../secrets/rotation.js";
import type { StepContext } from "./types.js";
import { versionWithStage } from "./versions.js";

/**
 * finishSecret for every strategy: moves AWSCURRENT to the token's version (Secrets Manager then puts
 * AWSPREVIOUS on the old one). Reads the labels afresh so a retry after a half-done call is a no-op.
 *
 * @example
 * await moveCurrentToToken(context);
 */
export async function moveCurrentToToken(context: StepContext): Promise<"moved" | "already current"> {
  const description = await describeSecret(context.secretId, { client: context.client });
  const current = versionWithStage(description, "AWSCURRENT");
  if (current === context.token) return "already current";
  await updateSecretVersionStage(
    context.secretId,
    "AWSCURRENT",
    { moveToVersionId: context.token, ...(current ? { removeFromVersionId: current } : {}) },
    { client: context.client },
  );
  return "moved";
}
