import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  createProgress,
  integerOption,
  parseCommandLine,
  portOption,
  UsageError,
} from "../../../local/command-line";

describe("parseCommandLine", () => {
  const options = { count: { type: "string", default: "100" }, quiet: { type: "boolean" } } as const;

  it("reads known flags and their defaults", () => {
    expect(parseCommandLine(["--count", "5"], options).values).toMatchObject({ count: "5", help: false });
    expect(parseCommandLine([], options).values.count).toBe("100");
  });

  it.each([[["--cuont", "5"]], [["--count"]], [["stray"]], [["--quiet=yes"]]])(
    "refuses %j with a UsageError",
    (argv) => {
      expect(() => parseCommandLine(argv, options)).toThrow(UsageError);
    },
  );

  it("names an unknown flag without node's advice about its own `--`", () => {
    expect(() => parseCommandLine(["--cuont"], options, { allowPositionals: true })).toThrow(
      /^Unknown option '--cuont'$/,
    );
  });

  it("returns positionals when they are allowed", () => {
    expect(parseCommandLine(["add", "team-a"], options, { allowPositionals: true }).positionals).toEqual([
      "add",
      "team-a",
    ]);
  });

  it("treats --help and -h apart from usage errors", () => {
    for (const argv of [["--help"], ["-h"], ["--count", "5", "--help"]]) {
      let caught: unknown;
      try {
        parseCommandLine(argv, options);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(Error);
      expect(caught).not.toBeInstanceOf(UsageError);
    }
  });
});

describe("integerOption and portOption", () => {
  it("accept integers in bounds", () => {
    expect(integerOption("count", "10000", { min: 1 })).toBe(10_000);
    expect(portOption("http-port", "0")).toBe(0);
    expect(portOption("http-port", "65535")).toBe(65_535);
  });

  it.each(["x", "", " ", "1.5", "-1", "65536", "1e3x"])("refuse %j, naming the flag", (text) => {
    expect(() => portOption("http-port", text)).toThrow(/--http-port must be an integer from 0 to 65535/);
  });
});

describe("createProgress", () => {
  /** A stream that keeps what is written, a terminal or not. */
  function stream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
    let text = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    return { stream: Object.assign(sink, { isTTY }) as unknown as NodeJS.WriteStream, written: () => text };
  }

  it("writes nothing when the stream is not a terminal (piped)", () => {
    const piped = stream(false);
    const progress = createProgress("bench", piped.stream);
    progress.update(1, 6, "running audit · sections done");
    progress.update(6, 6);
    progress.done();
    expect(piped.written()).toBe("");
  });

  it("rewrites one line in place on a terminal, and clears it when done", () => {
    const terminal = stream(true);
    const progress = createProgress("seed", terminal.stream);
    progress.update(30, 30, "secrets");
    progress.done();
    expect(terminal.written()).toBe("\rseed: secrets 30/30 (100%)\x1b[K\r\x1b[K");
  });
});
