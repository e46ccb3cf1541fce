/** provider.httpApi.cors (serverless/settings.js `httpApiCors`): the console's origins, none when unset. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../../support/paths";

const { httpApiCors } = require(join(REPO, "serverless", "settings.js")) as {
  httpApiCors(input: { resolveVariable(name: string): Promise<unknown> }): Promise<unknown>;
};

/** The defaults serverless.yml gives every setting. */
const DEFAULTS = Object.fromEntries(
  [
    ...readFileSync(join(REPO, "serverless.yml"), "utf8").matchAll(
      /(\w+): \$\{param:\1, env:\1, '([^']*)'\}/g,
    ),
  ].map((match) => [match[1] ?? "", match[2] ?? ""]),
);

function corsWith(consoleOrigins: string): Promise<unknown> {
  const variables: Record<string, unknown> = {
    "self:provider.region": "us-east-1",
    "self:service": "secrets-manager-lambdas",
    "sls:stage": "dev",
    "self:custom.settings": { ...DEFAULTS, CONSOLE_ORIGINS: consoleOrigins },
  };
  return httpApiCors({ resolveVariable: async (name) => variables[name] });
}

describe("the HTTP API's CORS setting", () => {
  it("allows no origin when CONSOLE_ORIGINS is empty", async () => {
    expect(await corsWith("")).toBe(false);
    expect(await corsWith(" , ")).toBe(false);
  });

  it("allows the console's origins, Authorization and If-Match, and exposes ETag and Retry-After", async () => {
    expect(await corsWith("http://127.0.0.1:3001, http://localhost:3001")).toEqual({
      allowedOrigins: ["http://127.0.0.1:3001", "http://localhost:3001"],
      allowedHeaders: ["Authorization", "Content-Type", "If-Match"],
      allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      exposedResponseHeaders: ["ETag", "Retry-After"],
      maxAge: 600,
    });
  });
});
