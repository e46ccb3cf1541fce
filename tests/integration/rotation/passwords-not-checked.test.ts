/**
 * No false success: against a PostgreSQL server that takes any password (`trust`, as the machine's own
 * server on 5432 is), "the pending credentials already work" proves nothing, and a rotation that changed
 * nothing would report all four steps done. Each database strategy first checks that the server refuses a
 * fresh wrong password for the user it is about to trust; here it is accepted, so the step fails with
 * `PasswordsNotChecked` and AWSCURRENT stays where it was.
 */
import { describe, expect, it } from "vitest";
import { trustPostgresForTests } from "../../support/db-postgres";
import { RotationDriver, useContractWorld } from "../../support/rotation-contract";
import { postgresAlternatingUsers, postgresSingleUser } from "../../support/rotation-db-subjects";
import { useSuiteEnv } from "../../support/suite-env";

describe("a PostgreSQL server that does not check passwords", async () => {
  const trusting = await trustPostgresForTests();
  if (!trusting) return void it.skip("needs PostgreSQL (see the warning above)", () => {});
  useSuiteEnv({ DB_TLS_CA_FILE: trusting.caFile });
  const single = postgresSingleUser(trusting);
  const alternating = postgresAlternatingUsers(trusting);
  const world = useContractWorld([single, alternating]);

  it.each([
    ["single user", single],
    ["alternating users", alternating],
  ])(
    "%s: the rotation fails with PasswordsNotChecked and AWSCURRENT does not move",
    async (_name, subject) => {
      const d = new RotationDriver(world(), subject);
      const { arn, firstVersion } = await d.newSecret();
      const before = await d.value(arn, { stage: "AWSCURRENT" });
      const token = await d.rotate(arn);
      const steps = d.steps(token);
      expect(steps.at(-1)).toMatch(/^(createSecret|setSecret):false:PasswordsNotChecked$/);
      expect((await d.stages(arn))[firstVersion]).toContain("AWSCURRENT");
      expect((await d.value(arn, { stage: "AWSCURRENT" })) === before).toBe(true);
      expect(world().logLines.some((line) => line.includes("accepted a wrong password"))).toBe(true);
      d.expectNoPasswordInLogs();
    },
  );
});
