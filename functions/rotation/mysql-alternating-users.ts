/** Rotation Lambda for MySQL or MariaDB users alternating between `user` and `user_clone`, set by a master user. */
import { alternatingUsersStrategy } from "../../shared/rotation/database/alternating-users.js";
import { createRotationHandler } from "../../shared/rotation/engine.js";
import { mysqlDriver } from "../../shared/rotation/mysql/driver.js";

export const handler = createRotationHandler(() =>
  alternatingUsersStrategy("mysql-alternating-users", mysqlDriver()),
);
