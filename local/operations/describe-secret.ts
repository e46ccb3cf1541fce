import type { Operation } from "./context";
import { resolveSecret } from "./resolve-secret";
import { describeSecretView } from "./secret-view";
import { secretId } from "./validation";

/** DescribeSecret works on a secret scheduled for deletion too (it shows DeletedDate). */
export const describeSecret: Operation = (context, input) =>
  describeSecretView(context, resolveSecret(context, secretId(input)));
