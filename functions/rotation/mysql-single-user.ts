/** Rotation Lambda for a MySQL or MariaDB user that changes its own password. */
import { singleUserStrategy } from "../../shared/rotation/database/single-user.js";
import { createRotationHandler } from "../../shared/rotation/engine.js";
import { mysqlDriver } from "../../shared/rotation/mysql/driver.js";

export const handler = createRotationHandler(() => singleUserStrategy("mysql-single-user", mysqlDriver()));
