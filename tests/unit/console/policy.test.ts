import { describe, expect, it } from "vitest";
import { apiOrigin, consolePolicy } from "../../../console/policy";

describe("the console's Content-Security-Policy", () => {
  it("lets the page connect to the API's origin only, with no inline script, no framing (header)", () => {
    const policy = consolePolicy("https://abc.execute-api.eu-west-1.amazonaws.com/prod/");
    expect(policy.apiOrigin).toBe("https://abc.execute-api.eu-west-1.amazonaws.com");
    expect(policy.meta.split("; ")).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src https://abc.execute-api.eu-west-1.amazonaws.com",
      "base-uri 'none'",
      "form-action 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ]);
    expect(policy.header).toBe(`${policy.meta}; frame-ancestors 'none'`);
  });

  it("refuses an API URL that is not http(s), holds credentials, or could add a directive", () => {
    expect(() => apiOrigin("javascript:alert(1)")).toThrow(/http: or https:/);
    expect(() => apiOrigin("https://user:pass@api.example.com")).toThrow(/user name or password/);
    expect(() => apiOrigin("not a url")).toThrow(/not a URL/);
    expect(() => apiOrigin("https://api.example.com; script-src *")).toThrow(/not a URL/);
    expect(() => apiOrigin("https://api.example.com/?x=1")).toThrow(/query or a fragment/);
    expect(apiOrigin("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
  });
});
