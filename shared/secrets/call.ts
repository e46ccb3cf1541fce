import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { getSecretsClient } from "./client.js";
import { toSecretsError } from "./errors.js";

/** Every call site's options: a client other than the container's default (tests, other regions). */
export interface CallOptions {
  client?: SecretsManagerClient;
}

/** Any `*Command` of `@aws-sdk/client-secrets-manager`. */
export type SecretsCommand = { readonly input: object };

/** Sends one command with the chosen client; every failure comes out as a `SecretsError`. */
export async function send<Output>(command: SecretsCommand, options: CallOptions = {}): Promise<Output> {
  const client = options.client ?? getSecretsClient();
  try {
    // send() is overloaded per command; callers name the output type they expect for theirs.
    return (await client.send(command as Parameters<SecretsManagerClient["send"]>[0])) as Output;
  } catch (error) {
    throw toSecretsError(error);
  }
}
