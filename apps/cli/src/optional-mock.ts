import { CliError } from './errors.js';

/**
 * Imports a module of @dollr/mock, an optional peer of the CLI. When the package is missing (or
 * too old to export the module), `command` is said to need it, with how to add it.
 */
export async function importOptionalMock<T>(
  load: () => Promise<T>,
  command: string,
  minimumVersion?: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (
      (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') &&
      String(e.message).includes('@dollr/mock')
    ) {
      throw new CliError(
        `${command} needs the optional package @dollr/mock${minimumVersion ? ` (${minimumVersion} or later)` : ''}. Add it next to the CLI with: npm i -D @dollr/mock`,
      );
    }
    throw error;
  }
}
