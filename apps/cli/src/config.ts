import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/** A stored login: the credentials and the API it belongs to. The file is private (0600). */
export interface Profile {
  client_id: string;
  client_secret: string;
  base_url: string;
  created_at: string;
}

export interface ConfigFile {
  default_profile?: string;
  profiles: Record<string, Profile>;
}

/** `$XDG_CONFIG_HOME/dollr/config.json`, or `~/.config/dollr/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'dollr', 'config.json');
}

export async function readConfig(path = configPath()): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    return { ...parsed, profiles: parsed.profiles ?? {} };
  } catch {
    throw new UsageError(`The config file ${path} is not valid JSON. Fix it or remove it.`);
  }
}

/** Writes the config privately: directory 0700, file 0600, replaced atomically. */
export async function writeConfig(config: ConfigFile, path = configPath()): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

/** The profile to use: the flag, then DOLLR_PROFILE, then the config's default, then "default". */
export function profileName(
  flag: string | undefined,
  config: ConfigFile,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? (env.DOLLR_PROFILE?.trim() || undefined) ?? config.default_profile ?? 'default';
}
