/** A doctor finding as one line of the sandbox's log (stderr). */
import type { Finding } from './doctor.js';

export function formatFinding(finding: Finding, tenant?: string): string {
  const where = tenant === undefined || tenant === 'default' ? '' : ` [tenant ${tenant}]`;
  return `doctor${where}: ${finding.rule}: ${finding.message} (request #${finding.request_id} ${finding.method} ${finding.path})`;
}
