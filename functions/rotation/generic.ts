/** Rotation Lambda for generic secrets (API keys, tokens): a new random value, no database. */
import { createRotationHandler } from "../../shared/rotation/engine.js";
import { genericStrategy } from "../../shared/rotation/generic/strategy.js";

export const handler = createRotationHandler(() => genericStrategy());
