// provider.httpApi.cors (serverless.yml): the HTTP API answers CORS for the console's origins only,
// CONSOLE_ORIGINS (comma-separated, e.g. `http://127.0.0.1:3001,http://localhost:3001`); none when it is
// empty or unset, so a deployed API allows no browser origin unless told. The console sends
// `Authorization` and `If-Match` and reads `ETag` and `Retry-After`; it sends no cookies.
"use strict";

module.exports = () => {
  const origins = (process.env.CONSOLE_ORIGINS || "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (origins.length === 0) return false;
  return {
    allowedOrigins: origins,
    allowedHeaders: ["Authorization", "Content-Type", "If-Match"],
    allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    exposedResponseHeaders: ["ETag", "Retry-After"],
    maxAge: 600,
  };
};
