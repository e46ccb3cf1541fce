/** The build's settings (console/build.ts `define`s it): the API's URL and the rotation functions offered. */
declare const __CONSOLE_CONFIG__: { apiUrl: string; rotationFunctionArns: string[] };
