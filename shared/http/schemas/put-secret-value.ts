import * as z from "zod/mini";
import { exactlyOneValue, valueFields } from "./fields.js";

/** `PUT /secrets/{id}/value`: the whole new value. */
export const putSecretValueBody = z.strictObject(valueFields()).check(exactlyOneValue());
