/**
 * Durability, the long run: the endpoint (a child process on one data folder) takes a write load from 8
 * concurrent lanes and is SIGKILLed at a random moment; restarted, it must hold every acknowledged write:
 * each secret's AWSCURRENT is its last acknowledged version, or a later write that was in flight when the
 * process died (never an older one), with exactly the value sent. Repeated 50 times on the same folder.
 * Runs only with LONG=1 (`npm run test:long`).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, describe, expect, it } from "vitest";
import { type CliProcess, startCli } from "../support/cli-process";
import { localClient } from "../support/client";

const LONG = process.env.LONG === "1";
const ROUNDS = 50;
const LANES = 8;
const SECRETS_PER_LANE = 3;

/** What the test knows of one secret: its last acknowledged version, and writes sent after it. */
interface Ledger {
  created: boolean;
  acked?: { versionId: string; value: string };
  inFlight: Map<string, string>;
}

const longIt = LONG ? it : it.skip;
let acknowledgedWrites = 0;

describe("durability under SIGKILL at random moments (LONG=1 only)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "durability-long-"));
  const running: CliProcess[] = [];
  afterAll(async () => {
    for (const cli of running) await cli.stop("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  longIt(
    `keeps every acknowledged write over ${ROUNDS} kills (skipped unless LONG=1: npm run test:long)`,
    { timeout: 600_000 },
    async () => {
      const ledgers = new Map<string, Ledger>();
      for (let round = 0; round < ROUNDS; round += 1) {
        const cli = await startCli(["--data", dataDir, "--quiet"]);
        running.push(cli);
        if (round > 0) await verify(cli.url, ledgers, round);
        const killAfterMs = 20 + Math.floor(Math.random() * 400);
        const client = localClient(cli.url);
        let alive = true;
        const lanes = Array.from({ length: LANES }, (_, lane) =>
          writeLane(client, lane, round, ledgers, () => alive),
        );
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        cli.child.kill("SIGKILL");
        alive = false;
        await Promise.all(lanes);
        client.destroy();
        await cli.stop("SIGKILL");
      }
      const last = await startCli(["--data", dataDir, "--quiet"]);
      running.push(last);
      await verify(last.url, ledgers, ROUNDS);
      const acked = [...ledgers.values()].filter((ledger) => ledger.acked).length;
      expect(acked).toBe(LANES * SECRETS_PER_LANE);
      // The kills must have landed under load, not between rounds of idleness.
      expect(acknowledgedWrites).toBeGreaterThan(ROUNDS * LANES);
      console.info(
        `durability: ${acknowledgedWrites} acknowledged writes over ${ROUNDS} SIGKILLs, none lost`,
      );
    },
  );
});

async function writeLane(
  client: SecretsManagerClient,
  lane: number,
  round: number,
  ledgers: Map<string, Ledger>,
  alive: () => boolean,
): Promise<void> {
  for (let i = 0; alive(); i += 1) {
    const name = `durability/lane-${lane}/secret-${i % SECRETS_PER_LANE}`;
    const ledger: Ledger = ledgers.get(name) ?? { created: false, inFlight: new Map() };
    ledgers.set(name, ledger);
    const versionId = randomUUID();
    const value = JSON.stringify({ lane, round, i, password: randomUUID() });
    ledger.inFlight.set(versionId, value);
    try {
      const answer = ledger.created
        ? await client.send(
            new PutSecretValueCommand({ SecretId: name, SecretString: value, ClientRequestToken: versionId }),
          )
        : await client.send(
            new CreateSecretCommand({ Name: name, SecretString: value, ClientRequestToken: versionId }),
          );
      expect(answer.VersionId).toBe(versionId);
      ledger.created = true;
      ledger.acked = { versionId, value };
      ledger.inFlight.clear();
      acknowledgedWrites += 1;
    } catch (error) {
      if (alive()) throw error;
      // Killed mid-request: this write may or may not have been stored; the ledger keeps it in flight
      // and `verify` settles it after the restart.
      return;
    }
  }
}

async function verify(url: string, ledgers: Map<string, Ledger>, round: number): Promise<void> {
  const client = localClient(url);
  try {
    for (const [name, ledger] of ledgers) {
      let current: { VersionId?: string; SecretString?: string } | undefined;
      try {
        current = await client.send(new GetSecretValueCommand({ SecretId: name }));
      } catch (error) {
        if ((error as Error).name !== "ResourceNotFoundException" || ledger.acked) {
          throw new Error(`round ${round}: ${name} lost (${(error as Error).name})`);
        }
      }
      if (current) {
        const versionId = current.VersionId ?? "";
        const expected =
          ledger.acked?.versionId === versionId ? ledger.acked.value : ledger.inFlight.get(versionId);
        expect(
          expected,
          `round ${round}: ${name} AWSCURRENT is neither the last acked nor an in-flight write`,
        ).toBeDefined();
        expect(current.SecretString === expected, `round ${round}: ${name} value differs`).toBe(true);
        // What survived is now the baseline: an in-flight write that landed counts as acknowledged.
        ledger.acked = { versionId, value: expected ?? "" };
        ledger.created = true;
      } else {
        ledger.created = false;
      }
      ledger.inFlight.clear();
    }
  } finally {
    client.destroy();
  }
}
