import { describe, expect, it } from "vitest";
import { integerOption, parseCommandLine, portOption, UsageError } from "../../../local/command-line";

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
