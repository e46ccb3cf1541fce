import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scramSha256Verifier } from "../../../shared/rotation/postgres/scram.js";

/** RFC 7677 section 3: user "user", password "pencil", the exchange's nonces, salt and signatures. */
const RFC = {
  password: "pencil",
  salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
  authMessage:
    "n=user,r=rOprNGfwEbeRWgbNEkqO," +
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
  clientProof: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverSignature: "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

function parts(verifier: string) {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) throw new Error("not a SCRAM-SHA-256 verifier");
  const [, iterations, salt, storedKey, serverKey] = match;
  return {
    iterations: Number(iterations),
    salt,
    storedKey: Buffer.from(storedKey ?? "", "base64"),
    serverKey: Buffer.from(serverKey ?? "", "base64"),
  };
}

describe("scramSha256Verifier", () => {
  it("matches RFC 7677's exchange: the server signature and the client proof check out", () => {
    const verifier = scramSha256Verifier(RFC.password, Buffer.from(RFC.salt, "base64"), 4096);
    const { iterations, salt, storedKey, serverKey } = parts(verifier);
    expect([iterations, salt]).toEqual([4096, RFC.salt]);
    const serverSignature = createHmac("sha256", serverKey).update(RFC.authMessage).digest("base64");
    expect(serverSignature).toBe(RFC.serverSignature);
    // The server's check: H(ClientProof XOR HMAC(StoredKey, AuthMessage)) == StoredKey.
    const clientSignature = createHmac("sha256", storedKey).update(RFC.authMessage).digest();
    const proof = Buffer.from(RFC.clientProof, "base64");
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    expect(createHash("sha256").update(clientKey).digest().equals(storedKey)).toBe(true);
  });

  it("uses a fresh 16-byte salt each time and never contains the password", () => {
    const password = `it's "q" \\ $1 ; -- 100% x`;
    const [a, b] = [scramSha256Verifier(password), scramSha256Verifier(password)];
    expect(a === b).toBe(false);
    expect(Buffer.from(parts(a).salt ?? "", "base64")).toHaveLength(16);
    expect(a.includes(password)).toBe(false);
  });

  it("refuses text outside printable ASCII, where SASLprep would change the password", () => {
    expect(() => scramSha256Verifier("naïve")).toThrow(RangeError);
    expect(() => scramSha256Verifier("tab\tinside")).toThrow(RangeError);
  });
});
