import { describe, expect, it } from "vitest";
import { isLoopback } from "../../../local/controls";

describe("local controls answer only this machine", () => {
  it("takes IPv4 loopback, IPv6 loopback and IPv4 loopback mapped into IPv6", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(isLoopback(address), address).toBe(true);
    }
  });

  it("refuses every other address, and a socket without one", () => {
    for (const address of [
      "10.0.0.5",
      "192.168.1.2",
      "::ffff:10.0.0.5",
      "fe80::1",
      "1127.0.0.1",
      "",
      undefined,
    ]) {
      expect(isLoopback(address), String(address)).toBe(false);
    }
  });
});
