/**
 * Every command of the project, run exactly as a user does (`npm run <script> -- ...`): `--help` answers
 * its usage on stdout, every flag in it, with exit code 0; an unknown flag and a bad value answer a
 * message naming it on stderr with exit code 2, before anything is started. The commands are the
 * package's scripts that run a command file (`tsx <file>`), so a new one fails here until it is listed.
 * More refusals of each run its file the way the script does (`node --import tsx <file>`), without npm's
 * half second. Piped, long work shows no progress; on a terminal (`script` gives one) it does.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type CommandResult, npmRun } from "../../support/npm-command";
import { REPO } from "../../support/paths";

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), "command-lines-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A command line that must be refused, and what the refusal must say. */
interface Refusal {
  args: string[];
  says: string | RegExp;
}

interface CommandSpec {
  /** The usage's first line begins so. */
  usage: string;
  /** Every flag the command takes: its --help must name each. */
  flags: string[];
  /** A bad value, run through npm as the unknown flag is. */
  badValue: Refusal;
  /** More lines it refuses, run directly. */
  more?: Refusal[];
}

const UNKNOWN_FLAG: Refusal = { args: ["--no-such-flag"], says: "Unknown option '--no-such-flag'" };

/** The `npm run` scripts, and what each must answer. */
const COMMANDS: Record<string, CommandSpec> = {
  start: {
    usage: "usage: npm start --",
    flags: [
      "--secrets-port",
      "--http-port",
      "--lambda-port",
      "--console-port",
      "--data",
      "--in-memory",
      "--audit-log",
      "--help",
    ],
    badValue: {
      args: ["--http-port", "x"],
      says: '--http-port must be an integer from 1 to 65535 (got "x")',
    },
    more: [
      { args: ["--console-port", "0"], says: "--console-port cannot be 0" },
      { args: ["--data", "d", "--in-memory"], says: "--data and --in-memory exclude each other" },
      {
        args: ["--http-port", "3000", "--console-port", "3000"],
        says: "--http-port and --console-port are both 3000",
      },
    ],
  },
  "local:secrets": {
    usage: "usage: npm run local:secrets --",
    flags: [
      "--port",
      "--host",
      "--allow-remote",
      "--data",
      "--in-memory",
      "--lambda-endpoint",
      "--events-target",
      "--quiet",
      "--help",
    ],
    badValue: { args: ["--port", "x"], says: '--port must be an integer from 0 to 65535 (got "x")' },
    more: [
      { args: ["--lambda-endpoint", "ftp://x"], says: "--lambda-endpoint must be an http://" },
      { args: ["--host", "0.0.0.0"], says: "Refusing to listen on 0.0.0.0" },
    ],
  },
  seed: {
    usage: "usage: npm run seed --",
    flags: [
      "--count",
      "--data",
      "--replace",
      "--endpoint",
      "--shared",
      "--prefix",
      "--age-days",
      "--lambda-arn",
      "--help",
    ],
    badValue: { args: ["--count", "x"], says: "--count must be an integer" },
  },
  "rotate-token": {
    usage: "usage: npm run rotate-token --",
    flags: ["--secrets-port", "--help"],
    badValue: {
      args: ["--secrets-port", "x"],
      says: '--secrets-port must be an integer from 1 to 65535 (got "x")',
    },
  },
  clients: {
    usage: "usage: npm run clients -- <command>",
    flags: [
      "add",
      "list",
      "show",
      "disable",
      "enable",
      "scopes",
      "rotate",
      "remove",
      "--secrets-port",
      "--help",
    ],
    badValue: { args: ["nosuch"], says: 'unknown command "nosuch"' },
    more: [
      { args: [], says: "give a command" },
      { args: ["--secrets-port", "1", "list"], says: "the command comes first" },
    ],
  },
  bench: {
    usage: "usage: npm run bench",
    flags: ["coldstart", "warm", "authorizer", "endpoint", "audit", "rotation", "--help"],
    badValue: { args: ["nosuch"], says: "unknown section(s): nosuch" },
  },
  "console:build": {
    usage: "usage: npm run console:build --",
    flags: ["--api-url", "--out", "--rotation-function", "--help"],
    badValue: {
      args: ["--api-url", "javascript:alert(1)"],
      says: "--api-url: the API URL must be http: or https:",
    },
    more: [{ args: [], says: "give the API's URL" }],
  },
  "client:generate": {
    usage: "usage: npm run client:generate",
    flags: ["--check", "--help"],
    badValue: { args: ["--check=yes"], says: "Option '--check' does not take an argument" },
  },
};

/** `npm run clients -- <subcommand>`: each answers its own --help and refuses its own bad lines. */
const CLIENT_SUBCOMMANDS: Record<string, Omit<CommandSpec, "usage">> = {
  add: {
    flags: ["--scope", "--rotation-lambda-arn", "--rotate-every", "--secrets-port"],
    badValue: { args: ["team-a", "--scope", "read:other/"], says: "a scope's prefix must lie inside app/" },
    more: [
      { args: ["--scope", "read:app/x/"], says: "add needs NAME" },
      { args: ["Team A", "--scope", "read:app/x/"], says: "a client name is 1-64 lower-case letters" },
      { args: ["team-a"], says: "give at least one --scope" },
      { args: ["team-a", "--scope", "read:app/x/", "--rotate-every", "x"], says: "--rotate-every must be" },
      {
        args: ["team-a", "--scope", "read:app/x/", "--rotation-lambda-arn", "nope"],
        says: "--rotation-lambda-arn must be a Lambda function's ARN",
      },
    ],
  },
  list: {
    flags: ["--secrets-port"],
    badValue: { args: ["--secrets-port", "x"], says: "--secrets-port must be an integer" },
    more: [{ args: ["extra"], says: 'unexpected "extra"' }],
  },
  show: {
    flags: ["--secrets-port"],
    badValue: { args: ["admin"], says: "not admin or anonymous" },
  },
  disable: {
    flags: ["--secrets-port"],
    badValue: { args: ["Team"], says: "a client name is" },
    more: [{ args: [], says: "disable needs NAME" }],
  },
  enable: {
    flags: ["--secrets-port"],
    badValue: {
      args: ["team-a", "--secrets-port", "70000"],
      says: "--secrets-port must be an integer from 1 to 65535",
    },
  },
  scopes: {
    flags: ["--scope", "--secrets-port"],
    badValue: { args: ["team-a", "--scope", "peek:app/x/"], says: "scope" },
    more: [{ args: ["team-a"], says: "give at least one --scope" }],
  },
  rotate: {
    flags: ["--revoke", "--rotation-lambda-arn", "--secrets-port"],
    badValue: { args: ["team-a", "--revoke=yes"], says: "Option '--revoke' does not take an argument" },
    more: [{ args: ["anonymous"], says: "a client name is" }],
  },
  remove: {
    flags: ["--secrets-port"],
    badValue: { args: ["team-a", "team-b"], says: 'unexpected "team-b"' },
  },
};

const { scripts } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

/** The command file a script runs (`tsx <file>`). */
function commandFile(script: string): string | undefined {
  return /^tsx (\S+\.ts)$/.exec(scripts[script] ?? "")?.[1];
}

/** Runs a script's command file as the script does, without npm: `node --import tsx <file> ...args`. */
function runFile(script: string, args: string[]): Promise<CommandResult> {
  const file = commandFile(script);
  if (!file) throw new Error(`${script} runs no command file`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(REPO, file), ...args],
      { cwd: REPO, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? null) : 0;
        resolve({ code: typeof code === "number" ? code : null, stdout, stderr });
      },
    );
  });
}

/** `it.each` rows: the command line shown in the test's name, and the refusal. */
function refusalCases(refusals: Refusal[]): (readonly [string, Refusal])[] {
  return refusals.map((refusal) => [refusal.args.join(" ") || "(nothing)", refusal] as const);
}

function expectHelp(result: CommandResult, usage: string, flags: string[]): void {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout.startsWith(usage), result.stdout).toBe(true);
  for (const flag of flags) expect(result.stdout, flag).toContain(flag);
  expect(result.stderr).toBe("");
}

function expectRefusal(result: CommandResult, refusal: Refusal, usage: string): void {
  expect(result.code, `${refusal.args.join(" ")}: ${result.stderr}`).toBe(2);
  if (typeof refusal.says === "string") expect(result.stderr).toContain(refusal.says);
  else expect(result.stderr).toMatch(refusal.says);
  // The usage follows the message, on stderr; stdout stays empty.
  expect(result.stderr).toContain(usage);
  expect(result.stdout).toBe("");
}

describe("every command's command line", () => {
  it("covers every script that runs a command file", () => {
    const commands = Object.keys(scripts).filter((script) => commandFile(script) !== undefined);
    expect(commands.sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  describe.concurrent.each(Object.entries(COMMANDS))("npm run %s", (script, spec) => {
    it("answers --help with its usage, every flag in it, and exit code 0", async () => {
      expectHelp(await npmRun(script, ["--help"]), spec.usage, spec.flags);
    });

    it.each(refusalCases([UNKNOWN_FLAG, spec.badValue]))(
      "refuses %s with a message and exit code 2",
      async (_, refusal) => {
        expectRefusal(await npmRun(script, refusal.args), refusal, spec.usage);
      },
    );

    it.each(refusalCases(spec.more ?? []))("refuses %s too (its file run directly)", async (_, refusal) => {
      expectRefusal(await runFile(script, refusal.args), refusal, spec.usage);
    });
  });

  describe.concurrent.each(Object.entries(CLIENT_SUBCOMMANDS))("npm run clients -- %s", (command, spec) => {
    const usage = `usage: npm run clients -- ${command}`;
    // No endpoint listens on port 1: a line that got past the checks would fail with 1, not 2.
    const withPort = (args: string[]) => [
      command,
      ...args,
      ...(args.includes("--secrets-port") ? [] : ["--secrets-port", "1"]),
    ];

    it("answers --help with its own usage and exit code 0", async () => {
      expectHelp(await npmRun("clients", [command, "--help"]), usage, spec.flags);
    });

    it.each(refusalCases([UNKNOWN_FLAG, spec.badValue]))(
      "refuses %s with a message and exit code 2",
      async (_, refusal) => {
        expectRefusal(await npmRun("clients", withPort(refusal.args)), refusal, usage);
      },
    );

    it.each(refusalCases(spec.more ?? []))("refuses %s too (its file run directly)", async (_, refusal) => {
      expectRefusal(await runFile("clients", withPort(refusal.args)), refusal, usage);
    });
  });
});

describe("npm start with a bad command line", () => {
  it("starts nothing: no data folder, no output but the refusal", async () => {
    const data = join(folder, "start-data");
    const result = await npmRun("start", ["--data", data, "--http-port", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--http-port must be an integer");
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/Server ready|Local Secrets Manager endpoint:|API token:/);
    // The endpoint makes its data folder as it starts: it did not start.
    expect(existsSync(data)).toBe(false);
  });
});

describe("progress of long work", () => {
  it("is not written when stderr is piped (seed)", async () => {
    const result = await npmRun("seed", ["--count", "30", "--data", join(folder, "seed-piped")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("\r");
    expect(result.stderr).not.toMatch(/secrets \d+\/\d+/);
  });

  const scriptFound = existsSync("/usr/bin/script");
  it.skipIf(!scriptFound)("is written on a terminal (seed, under script(1)'s pseudo-terminal)", async () => {
    const data = join(folder, "seed-terminal");
    const { stdout } = await run(
      "script",
      ["-qec", `npm run --silent seed -- --count 30 --data ${data}`, "/dev/null"],
      { cwd: REPO, timeout: 60_000 },
    );
    expect(stdout).toMatch(/\rseed: secrets 30\/30 \(100%\)/);
  });
});
