/** serverless/http-cors.js: the HTTP API's CORS, from CONSOLE_ORIGINS (none when empty). */
import { afterEach, describe, expect, it } from "vitest";

const cors = require("../../../serverless/http-cors.js") as () => unknown;

const before = process.env.CONSOLE_ORIGINS;
afterEach(() => {
  if (before === undefined) delete process.env.CONSOLE_ORIGINS;
  else process.env.CONSOLE_ORIGINS = before;
});

describe("the HTTP API's CORS setting", () => {
  it("allows no origin when CONSOLE_ORIGINS is unset or empty", () => {
    delete process.env.CONSOLE_ORIGINS;
    expect(cors()).toBe(false);
    process.env.CONSOLE_ORIGINS = " , ";
    expect(cors()).toBe(false);
  });

  it("allows the console's origins, Authorization and If-Match, and exposes ETag and Retry-After", () => {
    process.env.CONSOLE_ORIGINS = "http://127.0.0.1:3001, http://localhost:3001";
    expect(cors()).toEqual({
      allowedOrigins: ["http://127.0.0.1:3001", "http://localhost:3001"],
      allowedHeaders: ["Authorization", "Content-Type", "If-Match"],
      allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      exposedResponseHeaders: ["ETag", "Retry-After"],
      maxAge: 600,
    });
  });
});
