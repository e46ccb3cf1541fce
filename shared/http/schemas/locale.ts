import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * `zod/mini` ships no locale (its messages would all read "Invalid input"); this gives it the English
 * messages `zod` itself uses, so a 400's text is the same whichever API built the schema. Imported for
 * its effect by `fields.ts`, which every schema module imports.
 */
config(en());
