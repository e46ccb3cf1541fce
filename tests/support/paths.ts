/** Paths the test harnesses and the bench share: the repository root and the serverless (osls) CLI. */
import { join } from "node:path";

/** The repository root. */
export const REPO = join(__dirname, "..", "..");

/** The serverless CLI (osls), run as `node SERVERLESS_CLI <command>`. */
export const SERVERLESS_CLI = join(REPO, "node_modules", "osls", "bin", "serverless.js");
