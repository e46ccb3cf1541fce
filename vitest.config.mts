import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The suite-wide redaction check: values registered by tests and the local endpoint must appear in no
    // captured log line (tests/support/redaction-registry.ts). The packaged templates' run folder: each
    // deployment configuration is packaged once per run (tests/support/packaged.ts). And no database user,
    // role or database a test made outlives the run (db-leftovers-global-setup.ts).
    globalSetup: [
      "tests/support/redaction-global-setup.ts",
      "tests/support/packaged-global-setup.ts",
      "tests/support/db-leftovers-global-setup.ts",
    ],
    setupFiles: ["tests/support/redaction-setup.ts"],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_REGION: "us-east-1",
    },
  },
});
