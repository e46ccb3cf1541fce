/** Rotation Lambda for PostgreSQL users alternating between `user` and `user_clone`, set by a master user. */
import { alternatingUsersStrategy } from "../../shared/rotation/database/alternating-users.js";
import { createRotationHandler } from "../../shared/rotation/engine.js";
import { postgresDriver } from "../../shared/rotation/postgres/driver.js";

export const handler = createRotationHandler(() =>
  alternatingUsersStrategy("postgres-alternating-users", postgresDriver()),
);
