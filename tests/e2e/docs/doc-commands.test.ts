/**
 * The docs' commands, run as a reader runs them: every line of the README's quick start and every command
 * of its Commands section (table and prose), and the AWS CLI and boto3 lines of docs/local-endpoint.md,
 * read from the Markdown and run through bash (tests/support/shell-line.ts), so a doc that drifts from
 * the code fails here. A command the docs gain without a way to run it here fails too ("has a run").
 *
 * What a run changes in a line, and why, is in RUNS beside each command: the test's free ports for the
 * defaults (4566 and npm start's others), a scratch folder where the command would write into the checkout
 * (`--data`, `--out`, `--package`), a value for each placeholder (`N`, `URL`, `NAME`, `…`). `npm ci` only
 * checks the lockfile (shell-line.ts says why), and the commands that are this suite (`npm test` and its
 * parts, `npm run test:long`) are not run inside it: `.ci/run` runs the quick start's test line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretsApi } from "../../../client";
import { localClient } from "../../support/client";
import { captureWithoutBanner } from "../../support/console-stack";
import { docSection, npmCommands, rowCodeSpans, shellLines } from "../../support/doc-commands";
import { REPO } from "../../support/paths";
import { freePorts } from "../../support/ports";
import { rememberTestSecret } from "../../support/redaction-registry";
import { runShellLine, type ShellLine, startShellLine } from "../../support/shell-line";
import { waitFor } from "../../support/wait";

const QUICK_START = docSection("README.md", "Quick start");
const COMMANDS = docSection("README.md", "Commands");
/** docs/local-endpoint.md's opening, before its first subsection: where "Point any client at it" is. */
const CLIENTS_DOC =
  docSection("docs/local-endpoint.md", "The local Secrets Manager endpoint").split(/^## /m)[0] ?? "";
const SCRIPTS = (
  JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
/** offline's esbuild output for this file's runs (relative to the repository), removed in afterAll. */
const WORK_FOLDER = `.esbuild/doc-commands-${process.pid}`;
const SCRATCH = mkdtempSync(join(tmpdir(), "doc-commands-"));

interface Stack {
  ports: { secrets: number; http: number; lambda: number; console: number };
  token: string;
  apiUrl: string;
}

/** `npm start` (its flags the test's ports and --in-memory, not the checkout's `.local/`), as running. */
let npmStart: ShellLine;
let stack: Stack;

const secretsPortFlag = () => `--secrets-port ${stack.ports.secrets}`;

/** A command's line with `args` after it, through npm's `--` when it has none yet. */
const withArgs = (command: string, args: string) =>
  command.includes(" -- ") ? `${command} ${args}` : `${command} -- ${args}`;

/** `npm run X` names a script of package.json; `npm start` and `npm test` are npm's own. */
function scriptOf(command: string): string {
  const name = /^npm (?:run )?(\S+)/.exec(command)?.[1] ?? "";
  const script = SCRIPTS[name];
  if (script === undefined) throw new Error(`"${command}": package.json has no script ${name}`);
  return script;
}

/** Runs `line`; fails with the line and what it printed on stderr unless it exits 0. */
async function runToSuccess(line: string, options?: Parameters<typeof runShellLine>[1]) {
  const result = await runShellLine(line, options);
  if (result.code !== 0) throw new Error(`"${line}" exited ${result.code}:\n${result.stderr}`);
  return result;
}

/** The status of `GET /secrets` with `token`. */
const listStatus = async (token: string) =>
  (await createSecretsApi({ baseUrl: stack.apiUrl, token }).GET("/secrets")).response.status;

/** Why a command of this suite itself is not run inside it, with what is checked instead. */
const partOfThisSuite = async (command: string) => {
  // The quick start's `npm ci && npm test` is .ci/run's own command, so these run before this file does.
  expect(readFileSync(join(REPO, ".ci/run"), "utf8")).toMatch(/^npm ci .*&& npm test /m);
  expect(SCRIPTS.test).toBe("npm run typecheck && npm run lint && vitest run");
  expect(scriptOf(command)).toBeTruthy();
};

/** How each command the docs show is run; every one the Commands section names must be here. */
const RUNS: Record<string, (command: string) => Promise<void>> = {
  // Running since beforeAll (the quick start's line); here its row's flags are checked against its usage.
  "npm start": async () => {
    const help = await runShellLine("npm start -- --help");
    for (const flag of rowCodeSpans(COMMANDS, "npm start").filter((span) => span.startsWith("--")))
      expect(help.stdout).toContain(flag.split(" ")[0]);
  },
  "npm start -- --help": async (command) => {
    const { code, stdout } = await runShellLine(command);
    expect(code).toBe(0);
    expect(stdout).toContain("usage: npm start");
  },
  "npm start -- --http-port x": async (command) => {
    const { code, stderr } = await runShellLine(command);
    expect(code).toBe(2);
    expect(stderr).toContain("--http-port");
  },
  "npm run rotate-token": async (command) => {
    const { code, stdout } = await runShellLine(withArgs(command, secretsPortFlag()), {
      captureStdout: false,
      timeoutMs: 90_000,
    });
    expect(code).toBe(0);
    const tokens = [...stdout.matchAll(/^token: (\S+)$/gm)].map((match) =>
      rememberTestSecret(match[1] ?? ""),
    );
    expect(tokens).toHaveLength(1);
    expect(await listStatus(tokens[0] ?? "")).toBe(200);
  },
  // Each subcommand its row shows, in the row's order: NAME a new client, `…` dropped, `[--flag]` given.
  "npm run clients -- …": async (command) => {
    const subcommands = rowCodeSpans(COMMANDS, command).filter((span) => !/^(--|npm )/.test(span));
    expect(subcommands.length).toBeGreaterThan(5);
    for (const subcommand of subcommands) {
      const args = subcommand
        .replaceAll("NAME", "docs-team")
        .replaceAll(" …", "")
        .replace(/\[(--[a-z-]+)\]/g, "$1");
      const line = `${command.replace(" …", "")} ${args} ${secretsPortFlag()}`;
      const { stdout } = await runToSuccess(line, { captureStdout: false, timeoutMs: 90_000 });
      for (const [, token] of stdout.matchAll(/^token: (\S+)$/gm)) rememberTestSecret(token ?? "");
      if (subcommand === "list") expect(stdout).toContain("docs-team");
    }
  },
  "npm run clients -- add --help": async (command) => {
    const { code, stdout } = await runShellLine(command);
    expect(code).toBe(0);
    expect(stdout).toContain("add NAME");
  },
  // Its own endpoint on a free port, in memory; then docs/local-endpoint.md's client lines against it.
  "npm run local:secrets -- …": async (command) => {
    const endpoint = startShellLine(withArgs(command.replace(" -- …", ""), "--port 0 --in-memory"));
    try {
      const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(endpoint.output())?.[1], 30_000);
      const port = new URL(url).port;
      const client = localClient(url);
      await client.send(
        new CreateSecretCommand({
          Name: "docs/example",
          SecretString: rememberTestSecret("docs-example-value"),
        }),
      );
      client.destroy();
      const block = shellLines(CLIENTS_DOC).map((line) => line.replaceAll("4566", port));
      expect(block.some((line) => line.startsWith("aws "))).toBe(true);
      expect(block.some((line) => line.startsWith("python3 "))).toBe(true);
      // One shell for the block: its `export` holds for the lines after it, as in a reader's terminal.
      const { stdout } = await runToSuccess(block.join("\n"), { timeoutMs: 60_000 });
      // The AWS CLI's JSON and boto3's dict both list the secret.
      expect(stdout.match(/SecretList/g)).toHaveLength(2);
      expect(stdout.match(/docs\/example/g)?.length).toBeGreaterThanOrEqual(2);
    } finally {
      await endpoint.stop();
    }
  },
  "npm run seed -- --count N": async (command) => {
    const line = withArgs(command.replace("--count N", "--count 3"), `--data ${join(SCRATCH, "seed")}`);
    await runToSuccess(line, { timeoutMs: 90_000 });
  },
  // One section (the authorizer's, among the quickest): the whole bench is minutes of full load.
  "npm run bench": async (command) => {
    const { code, stdout } = await runShellLine(withArgs(command, "authorizer"), { timeoutMs: 180_000 });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^authorizer /m);
    expect(stdout).not.toContain("ERROR");
  },
  "npm run package": async (command) => {
    const out = join(SCRATCH, "package");
    await runToSuccess(`${command} -- --package ${out}`, {
      env: { ESBUILD_WORK_FOLDER: WORK_FOLDER },
      timeoutMs: 180_000,
    });
    expect(existsSync(join(out, "cloudformation-template-update-stack.json"))).toBe(true);
  },
  "npm run console:build -- --api-url URL": async (command) => {
    const out = join(SCRATCH, "console");
    await runToSuccess(`${command.replace("URL", stack.apiUrl)} --out ${out}`, {
      timeoutMs: 120_000,
    });
    const page = readFileSync(join(out, "index.html"), "utf8");
    expect(page).toMatch(new RegExp(`connect-src [^;"]*${stack.apiUrl.replaceAll(".", "\\.")}`));
  },
  // Its row's `-- --check`: the same generation, compared with the committed client instead of written.
  "npm run client:generate": async (command) => {
    expect(rowCodeSpans(COMMANDS, command)).toContain("-- --check");
    await runToSuccess(`${command} -- --check`, { timeoutMs: 60_000 });
  },
  "npm test": partOfThisSuite,
  "npm run typecheck": partOfThisSuite,
  "npm run lint": partOfThisSuite,
  "npm run test:unit": partOfThisSuite,
  "npm run test:long": partOfThisSuite,
  // `biome check --write .`: after the lint step passed it has nothing to write; run on a developer's
  // tree it would rewrite their unformatted work, so here only its script is checked.
  "npm run format": async (command) => {
    expect(scriptOf(command)).toBe(SCRIPTS.lint?.replace("biome check", "biome check --write"));
  },
};

describe("the docs' commands, run as written", () => {
  beforeAll(async () => {
    const [secrets = 0, http = 0, lambda = 0, consolePort = 0] = await freePorts(4);
    const ports = { secrets, http, lambda, console: consolePort };
    const startLine = shellLines(QUICK_START).find((line) => line.endsWith("npm start"));
    if (!startLine) throw new Error("the quick start has no line ending in npm start");
    const flags = `--secrets-port ${secrets} --http-port ${http} --lambda-port ${lambda} --console-port ${consolePort}`;
    npmStart = startShellLine(`${startLine} -- ${flags} --in-memory`, {
      env: { ESBUILD_WORK_FOLDER: WORK_FOLDER },
      capture: (stdout, stderr) => {
        captureWithoutBanner("doc-npm-start", stdout);
        captureWithoutBanner("doc-npm-start", stderr);
      },
    });
    await waitFor(() => {
      if (npmStart.child.exitCode !== null) throw new Error(`npm start exited:\n${npmStart.output()}`);
      return /^Lambda invoke .*$/m.test(npmStart.output()) || undefined;
    }, 150_000);
    const token = rememberTestSecret(/^API token: (\S+)$/m.exec(npmStart.output())?.[1] ?? "");
    const apiUrl = /^API: (\S+)/m.exec(npmStart.output())?.[1] ?? "";
    stack = { ports, token, apiUrl };
  }, 180_000);

  afterAll(async () => {
    await npmStart?.stop();
    rmSync(join(REPO, WORK_FOLDER), { recursive: true, force: true });
    rmSync(SCRATCH, { recursive: true, force: true });
  });

  it("the quick start's `npm ci && npm start` starts; the curl line it prints works in a real shell", async () => {
    const curl = /^Try: (curl .*)$/m.exec(npmStart.output())?.[1] ?? "";
    expect(curl).toContain(stack.token);
    const { code, stdout } = await runShellLine(curl, { captureStdout: false });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "app/example" });
  }, 60_000);

  it("the quick start's `npm ci && npm test`: npm ci's lockfile check passes; npm test is .ci/run's", async () => {
    const testLine = shellLines(QUICK_START).find((line) => line.endsWith("npm test")) ?? "";
    expect(testLine).toBe("npm ci && npm test");
    await runToSuccess(testLine.replace(" && npm test", ""));
    await partOfThisSuite("npm test");
  }, 60_000);

  it("has a run for every command the Commands section names, and for no other", () => {
    const documented = npmCommands(COMMANDS);
    expect(documented.filter((command) => !(command in RUNS))).toEqual([]);
    expect(Object.keys(RUNS).filter((command) => !documented.includes(command))).toEqual([]);
    for (const command of documented) expect(scriptOf(command)).toBeTruthy();
  });

  for (const command of npmCommands(COMMANDS))
    it(`runs \`${command}\``, async () => {
      const run = RUNS[command];
      if (!run) throw new Error(`no run for ${command}`);
      await run(command);
    }, 240_000);
});
