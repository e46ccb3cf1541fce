/**
 * The bench's environment, set before anything imports the AWS SDK: dummy credentials and a region (the
 * bench only ever talks to local endpoints), and no Node-version banner in the table.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.env.AWS_REGION ??= "us-east-1";
process.env.AWS_ACCESS_KEY_ID ??= "local";
process.env.AWS_SECRET_ACCESS_KEY ??= "local";
process.env.SLS_TELEMETRY_DISABLED ??= "1";
