declare const __DOLLR_CLI_VERSION__: string | undefined;

/** The package version, inlined at build time by tsup. */
export const VERSION: string =
  typeof __DOLLR_CLI_VERSION__ === 'string' ? __DOLLR_CLI_VERSION__ : '0.0.0-dev';
