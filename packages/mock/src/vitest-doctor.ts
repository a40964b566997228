/**
 * The doctor's summary at the end of a vitest run: what each tenant's integration did against the
 * rules of the Dollr docs, grouped by rule, with the first finding of each as an example.
 */
import type { Finding } from './sandbox/doctor/doctor.js';
import { findingsOf } from './sandbox/doctor/extension.js';
import type { Tenant } from './sandbox/tenants.js';
import type { DollrTenant } from './tenant.js';

export interface TenantFindings {
  tenant: string;
  findings: Finding[];
}

/** The summary, or undefined when the doctor found nothing. */
export function doctorSummary(reports: TenantFindings[]): string | undefined {
  const total = reports.reduce((sum, report) => sum + report.findings.length, 0);
  if (total === 0) return undefined;
  const lines = [
    `Dollr sandbox doctor: ${total} finding${total === 1 ? '' : 's'} against the rules of the Dollr docs`,
  ];
  for (const { tenant, findings } of reports) {
    if (findings.length === 0) continue;
    lines.push(`  tenant ${tenant}:`);
    const byRule = new Map<string, Finding[]>();
    for (const finding of findings) {
      byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
    }
    for (const [rule, list] of byRule) {
      const first = list[0] as Finding;
      lines.push(`    ${rule} ×${list.length}: ${first.message}`);
      lines.push(`      ${first.citation}`);
    }
  }
  lines.push('  Read them all: GET /_sandbox/doctor (or `dollr sandbox doctor`).');
  return lines.join('\n');
}

/**
 * Prints the doctor's summary for these tenants on stderr (nothing when it found nothing). The
 * vitest helpers call it when the sandbox stops; findings of tenants deleted before are gone.
 */
export function printDoctorSummary(
  tenants: Iterable<Tenant>,
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  const summary = doctorSummary(
    [...tenants].map((tenant) => ({ tenant: tenant.id, findings: findingsOf(tenant) })),
  );
  if (summary !== undefined) write(`\n${summary}\n`);
}

/**
 * Prints what the doctor found in one tenant, read over the control API (the sandbox may run in
 * another process): `useDollrTenant()` calls it before it deletes its tenant.
 */
export async function printTenantDoctorSummary(
  tenant: Pick<DollrTenant, 'id' | 'control'>,
  write: (text: string) => void = (text) => process.stderr.write(text),
): Promise<void> {
  const { data } = await tenant.control.GET('/_sandbox/doctor');
  const summary = doctorSummary([{ tenant: tenant.id, findings: data?.findings ?? [] }]);
  if (summary !== undefined) write(`\n${summary}\n`);
}

/** Stops a sandbox after printing what the doctor found in its tenants. */
export async function closeWithDoctorSummary(sandbox: {
  tenants: { list(): Tenant[] };
  close(): Promise<void>;
}): Promise<void> {
  printDoctorSummary(sandbox.tenants.list());
  await sandbox.close();
}
