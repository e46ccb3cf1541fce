/**
 * A fake MySQL server that speaks just enough of the protocol to test the client's TLS: it offers TLS in
 * its greeting, upgrades when asked with a certificate for `localhost` signed by a test CA, and answers
 * the login that follows (if the client ever gets that far) with "access denied". The machine's MariaDB
 * has no TLS, so this is how the MySQL driver's certificate checks are tested.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import { createSecureContext, TLSSocket } from "node:tls";
import { makeCertificates } from "./db-postgres-cluster";

export interface FakeMysqlTlsServer {
  host: string;
  port: number;
  /** The test CA's PEM file. */
  caFile: string;
  /** The SNI names clients sent, and how many logins arrived after TLS (credentials sent). */
  seen: { servernames: (string | false)[]; logins: number };
  close(): Promise<void>;
}

const CAPABILITIES =
  0x1 | // CLIENT_LONG_PASSWORD
  0x8 | // CLIENT_CONNECT_WITH_DB
  0x200 | // CLIENT_PROTOCOL_41
  0x800 | // CLIENT_SSL
  0x8000 | // CLIENT_SECURE_CONNECTION
  0x80000; // CLIENT_PLUGIN_AUTH

function packet(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence;
  return Buffer.concat([header, payload]);
}

function greeting(): Buffer {
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let at = 0;
  at = fixed.writeUInt32LE(1, at);
  randomBytes(8).copy(fixed, at);
  at += 9; // scramble part 1, filler
  at = fixed.writeUInt16LE(CAPABILITIES & 0xffff, at);
  at = fixed.writeUInt8(0x21, at); // utf8_general_ci
  at = fixed.writeUInt16LE(0x0002, at); // SERVER_STATUS_AUTOCOMMIT
  at = fixed.writeUInt16LE(CAPABILITIES >>> 16, at);
  fixed.writeUInt8(21, at);
  return packet(
    0,
    Buffer.concat([
      Buffer.from([0x0a]),
      Buffer.from("8.0.0-fake-tls\0"),
      fixed,
      randomBytes(12),
      Buffer.from([0]),
      Buffer.from("mysql_native_password\0"),
    ]),
  );
}

function accessDenied(sequence: number): Buffer {
  const code = Buffer.alloc(2);
  code.writeUInt16LE(1045);
  return packet(
    sequence,
    Buffer.concat([Buffer.from([0xff]), code, Buffer.from("#28000Access denied (fake TLS server)")]),
  );
}

/**
 * @example
 * const server = await startFakeMysqlTlsServer();
 * // mysqlDriver().login({ host: "127.0.0.1", port: server.port, ... }, { mode: "verify", ca, servername: "localhost" })
 */
export async function startFakeMysqlTlsServer(): Promise<FakeMysqlTlsServer> {
  const dir = mkdtempSync(join(tmpdir(), "sml-mysql-tls-"));
  makeCertificates(dir);
  const key = readFileSync(join(dir, "server.key"));
  const cert = readFileSync(join(dir, "server.crt"));
  const seen: FakeMysqlTlsServer["seen"] = { servernames: [], logins: 0 };
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.write(greeting());
    // After the SSLRequest (a 4-byte header and 32 bytes) every byte is TLS; the client may send its
    // ClientHello in the same read, so the TLS side is fed through a stream that starts with the rest.
    let buffered = Buffer.alloc(0);
    let tlsSide: Duplex | undefined;
    const onData = (chunk: Buffer) => {
      if (tlsSide) return void tlsSide.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 36) return;
      tlsSide = new Duplex({
        read() {},
        write(data, _encoding, done) {
          socket.write(data, done);
        },
        final(done) {
          socket.end();
          done();
        },
      });
      socket.on("end", () => tlsSide?.push(null));
      if (buffered.length > 36) tlsSide.push(buffered.subarray(36));
      const secure = new TLSSocket(tlsSide, {
        isServer: true,
        secureContext: createSecureContext({ key, cert }),
      });
      secure.on("error", () => socket.destroy());
      secure.on("secure", () =>
        seen.servernames.push((secure as TLSSocket & { servername: string | false }).servername),
      );
      secure.once("data", (login: Buffer) => {
        seen.logins += 1;
        secure.end(accessDenied(((login[3] ?? 1) + 1) & 0xff));
      });
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    host: "127.0.0.1",
    port,
    caFile: join(dir, "ca.crt"),
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
