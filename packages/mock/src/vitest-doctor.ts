/**
 * The doctor's summary at the end of a vitest run: what each tenant's integration did against the
 * rules of the Dollr docs, grouped by rule, with the first finding of each as an example.
 */
import type { Finding } from './sandbox/doctor/doctor.js';

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
