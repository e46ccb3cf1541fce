/** The settings this build was made with (console/build.ts): fixed in the bundle, not read at run time. */
export const config = __CONSOLE_CONFIG__;
