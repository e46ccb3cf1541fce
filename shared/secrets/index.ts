/** The typed Secrets Manager core every function uses. */
export * from "./call.js";
export * from "./cancel-rotation.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./lifecycle.js";
export * from "./metadata.js";
export * from "./names.js";
export * from "./pending-rotation.js";
export * from "./rotation.js";
export * from "./types.js";
export * from "./values.js";
export * from "./version-ids.js";
