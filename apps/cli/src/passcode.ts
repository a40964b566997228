import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import type { WithDeviceVerifyPasscodePayload } from '@dollr/client';
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { parseId, parsePhone } from './flags.js';
import { ask, canPrompt } from './prompt.js';
import { VERSION } from './version.js';

/** The flags of a payout's passcode and device, shared by `execute payout` and `payout`. */
export interface PasscodeOptions {
  passcodeCode?: string;
  passcodePhone?: string;
  passcodeUserId?: number;
  passcodeFile?: string;
  deviceName?: string;
  deviceType?: string;
  devicePlatform?: string;
  deviceUserAgent?: string;
  deviceIp?: string;
}

/** The payout's `passcode`, as the spec names it. */
export type Passcode = WithDeviceVerifyPasscodePayload;

export function addPasscodeOptions(command: Command): Command {
  return command
    .option(
      '--passcode-code <code>',
      'the merchant passcode (prefer DOLLR_PASSCODE or --passcode-file: flags show in `ps`)',
    )
    .option('--passcode-phone <phone>', 'the merchant phone, E.164 digits', parsePhone)
    .option('--passcode-user-id <id>', 'the merchant user id (instead of the phone)', parseId)
    .option(
      '--passcode-file <path>',
      'a JSON file: {"code":"…","phone":"…"} or {"code":"…","user_id":1}, or a whole {"token":…,"device":…}',
    )
    .option('--device-name <name>', 'device name (default: the host name)')
    .option('--device-type <type>', 'device type (default: SERVER)')
    .option('--device-platform <platform>', 'device platform (default: NODE)')
    .option('--device-user-agent <ua>', 'device user agent (default: dollr-cli/<version> …)')
    .option('--device-ip <ip>', 'device IP (default: this host’s first external IPv4)');
}

function firstExternalIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}

interface FilePasscode {
  code?: string;
  phone?: string;
  user_id?: number;
  device?: Partial<Passcode['device']>;
}

async function readPasscodeFile(path: string): Promise<FilePasscode> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not readable JSON';
    throw new UsageError(`--passcode-file ${path}: ${why}.`);
  }
  if (!raw || typeof raw !== 'object')
    throw new UsageError(`--passcode-file ${path}: expected a JSON object.`);
  const obj = raw as Record<string, unknown>;
  const token = (obj.token && typeof obj.token === 'object' ? obj.token : obj) as Record<
    string,
    unknown
  >;
  const out: FilePasscode = {};
  const bad = (field: string, want: string) =>
    new UsageError(`--passcode-file ${path}: "${field}" must be ${want}.`);
  if (token.code !== undefined) {
    if (typeof token.code !== 'string' && typeof token.code !== 'number')
      throw bad('code', 'a string');
    out.code = String(token.code);
  }
  if (token.phone !== undefined && token.phone !== null) {
    try {
      out.phone = parsePhone(String(token.phone));
    } catch {
      throw bad('phone', 'E.164 digits');
    }
  }
  if (token.user_id !== undefined && token.user_id !== null) {
    try {
      out.user_id = parseId(String(token.user_id));
    } catch {
      throw bad('user_id', 'a positive integer');
    }
  }
  if (obj.device && typeof obj.device === 'object')
    out.device = obj.device as FilePasscode['device'];
  return out;
}

/**
 * The payout's passcode, from (in order) the flags, --passcode-file, the environment
 * (DOLLR_PASSCODE, DOLLR_PASSCODE_PHONE, DOLLR_PASSCODE_USER_ID), or a hidden prompt on a terminal.
 * Resolved before any request; a missing piece is a usage error naming the flag.
 */
export async function resolvePasscode(
  options: PasscodeOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Passcode> {
  const file = options.passcodeFile ? await readPasscodeFile(options.passcodeFile) : {};
  let code = options.passcodeCode ?? file.code ?? (env.DOLLR_PASSCODE || undefined);
  let phone = options.passcodePhone ?? file.phone;
  let userId = options.passcodeUserId ?? file.user_id;
  if (phone === undefined && userId === undefined) {
    try {
      if (env.DOLLR_PASSCODE_PHONE) phone = parsePhone(env.DOLLR_PASSCODE_PHONE);
      if (env.DOLLR_PASSCODE_USER_ID) userId = parseId(env.DOLLR_PASSCODE_USER_ID);
    } catch (error) {
      throw new UsageError(
        `DOLLR_PASSCODE_PHONE / DOLLR_PASSCODE_USER_ID: ${(error as Error).message}`,
      );
    }
  }
  if (phone !== undefined && userId !== undefined) {
    throw new UsageError(
      'Give either --passcode-phone or --passcode-user-id, not both (the one the merchant account uses).',
    );
  }
  if (phone === undefined && userId === undefined) {
    throw new UsageError(
      'The payout needs --passcode-phone or --passcode-user-id (or DOLLR_PASSCODE_PHONE, or a --passcode-file with "phone" or "user_id").',
    );
  }
  if (!code && canPrompt()) code = await ask('Merchant passcode: ', { hidden: true });
  if (!code) {
    throw new UsageError(
      'The payout needs the merchant passcode: --passcode-code, --passcode-file, or DOLLR_PASSCODE.',
    );
  }
  const device = file.device ?? {};
  return {
    token: { code, ...(phone !== undefined ? { phone } : { user_id: userId }) },
    device: {
      name: options.deviceName ?? device.name ?? hostname(),
      type: options.deviceType ?? device.type ?? 'SERVER',
      platform: options.devicePlatform ?? device.platform ?? 'NODE',
      user_agent:
        options.deviceUserAgent ??
        device.user_agent ??
        `dollr-cli/${VERSION} node/${process.versions.node} (${process.platform})`,
      client_ip: options.deviceIp ?? device.client_ip ?? firstExternalIpv4(),
    },
  };
}
