/**
 * The cold-start baseline: a handler that only creates a SecretsManagerClient and makes the same Secrets
 * Manager calls as the function it stands beside (one for most routes; PUT makes two, PATCH five, a
 * schedule-only rotate two), bundled with the same esbuild options as the functions (SDK bundled and minified, or
 * `@aws-sdk/*` external). One bundle per call list, importing only its own commands, as the functions do.
 * The invocation's event is the list of the calls' inputs, in order.
 */
import { join } from "node:path";
import { build } from "esbuild";
import type { SdkVariant } from "./service-copy";

export async function bundleBaseline(
  outDir: string,
  commands: string[],
  variant: SdkVariant,
): Promise<string> {
  const outfile = join(outDir, `baseline-${variant}-${commands.join("-")}.js`);
  const imported = [...new Set(commands)].map((command) => `${command}Command`).join(", ");
  await build({
    stdin: {
      contents: [
        `import { SecretsManagerClient, ${imported} } from "@aws-sdk/client-secrets-manager";`,
        "export const handler = async (inputs) => {",
        "  const client = new SecretsManagerClient({});",
        ...commands.map((command, index) => `  await client.send(new ${command}Command(inputs[${index}]));`),
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
