/**
 * The cold-start baseline: a handler that only creates a SecretsManagerClient and makes one call, bundled
 * with the same esbuild options as the functions (SDK bundled and minified, or `@aws-sdk/*` external).
 * One bundle per command, so each imports only its own command, as the functions do.
 */
import { join } from "node:path";
import { build } from "esbuild";
import type { SdkVariant } from "./service-copy";

export async function bundleBaseline(outDir: string, command: string, variant: SdkVariant): Promise<string> {
  const outfile = join(outDir, `baseline-${variant}-${command}.js`);
  await build({
    stdin: {
      contents: [
        `import { SecretsManagerClient, ${command}Command } from "@aws-sdk/client-secrets-manager";`,
        "export const handler = async (input) => {",
        "  const client = new SecretsManagerClient({});",
        `  await client.send(new ${command}Command(input));`,
        "  return { statusCode: 200 };",
        "};",
      ].join("\n"),
      resolveDir: join(__dirname, "..", ".."),
      loader: "ts",
    },
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    keepNames: true,
    external: variant === "external" ? ["@aws-sdk/*"] : [],
    logLevel: "silent",
  });
  return outfile;
}
