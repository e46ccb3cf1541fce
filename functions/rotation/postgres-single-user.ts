/** Rotation Lambda for a PostgreSQL user that changes its own password. */
import { singleUserStrategy } from "../../shared/rotation/database/single-user.js";
import { createRotationHandler } from "../../shared/rotation/engine.js";
import { postgresDriver } from "../../shared/rotation/postgres/driver.js";

export const handler = createRotationHandler(() =>
  singleUserStrategy("postgres-single-user", postgresDriver()),
);
