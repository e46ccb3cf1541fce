// One cold start, in a fresh node process: load the handler module named by COLD_MODULE, answer one
// invocation with the event in COLD_EVENT, print `__COLD__{"ms", "status"}` and exit at once (Lambda
// freezes the process after the answer). `ms` is performance.now(): time since this process began.
const modulePath = process.env.COLD_MODULE;
const event = JSON.parse(process.env.COLD_EVENT || "{}");
const context = {
  awsRequestId: "cold-start",
  functionName: process.env.COLD_FUNCTION || "cold",
  getRemainingTimeInMillis: () => 10000,
  callbackWaitsForEmptyEventLoop: true,
};
let handler;
try {
  handler = require(modulePath).handler;
} catch (error) {
  process.stdout.write(`\n__COLD__${JSON.stringify({ error: `load failed: ${error?.code}` })}\n`);
  process.exit(1);
}
Promise.resolve(handler(event, context)).then(
  (result) => {
    const status =
      result && typeof result.statusCode === "number" ? result.statusCode : result?.isAuthorized ? 200 : 0;
    const body = status >= 300 && typeof result?.body === "string" ? result.body.slice(0, 200) : undefined;
    process.stdout.write(`\n__COLD__${JSON.stringify({ ms: performance.now(), status, body })}\n`);
    process.exit(0);
  },
  (error) => {
    process.stdout.write(`\n__COLD__${JSON.stringify({ error: String(error?.name) })}\n`);
    process.exit(1);
  },
);
