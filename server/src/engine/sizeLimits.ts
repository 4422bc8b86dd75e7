import { DiagnosticCode } from './codes';
import { nodeSpan, type PolicyModel } from './policyModel';
import type { ScenarioResult } from './scenarioCheck';
import type { Finding } from './types';

/**
 * AWS's policy size quotas, counted without whitespace:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * ("Managed policy size: 6,144 characters", "Role policy size: 10,240 characters" for all inline
 * policies of a role together, "User policy size: 2,048 characters"; "IAM doesn't count white
 * space when calculating the size of a policy against these limits.")
 */
export const MANAGED_POLICY_LIMIT = 6144;
export const ROLE_INLINE_LIMIT = 10240;
export const USER_INLINE_LIMIT = 2048;

/** Characters AWS counts: everything but whitespace outside strings (inside strings it is content). */
export function policySize(text: string, from = 0, to = text.length): number {
	let count = 0;
	let inString = false;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			count++;
			if (c === 92 /* \ */) {
				count++;
				i++;
			} else if (c === 34) inString = false;
			continue;
		}
		if (c === 32 || c === 9 || c === 10 || c === 13) continue;
		if (c === 34) inString = true;
		count++;
	}
	return count;
}

function fmt(n: number): string {
	return n.toLocaleString('en-US');
}

/** One finding when the policy is too long for the way it will be attached. */
/** `measured`: the size when the document is not JSON text (a YAML or HCL policy, counted as the JSON it becomes). */
export function sizeFindings(model: PolicyModel, text: string, scenarios: readonly ScenarioResult[], measured?: number): Finding[] {
	if (model.kind === 'resource') return [];
	const size = measured ?? policySize(text, model.root.offset, model.root.offset + model.root.length);
	const span = nodeSpan(model.statementProperty?.children?.[0] ?? model.root);
	if (size > MANAGED_POLICY_LIMIT) {
		return [
			{
				code: DiagnosticCode.PolicySize,
				severity: size > ROLE_INLINE_LIMIT ? 'error' : 'warning',
				message:
					`The policy has ${fmt(size)} characters (whitespace excluded): more than the ${fmt(MANAGED_POLICY_LIMIT)} AWS allows for a managed policy` +
					(size > ROLE_INLINE_LIMIT
						? ` and the ${fmt(ROLE_INLINE_LIMIT)} of all inline policies of a role together. Split it into several policies (Veeam prints its full list as three).`
						: `. As the only inline policy of a role it fits (${fmt(ROLE_INLINE_LIMIT)} for all of a role's inline policies); as a managed policy, split it.`),
				span,
				data: { size, limit: MANAGED_POLICY_LIMIT, parts: Math.ceil(size / MANAGED_POLICY_LIMIT) },
			},
		];
	}
	// Policies for IAM users (Veeam Backup & Replication's) are often attached inline.
	const user = scenarios.find((s) => s.compiled.set.principalType === 'user');
	if (user && size > USER_INLINE_LIMIT) {
		return [
			{
				code: DiagnosticCode.PolicySize,
				severity: 'information',
				message: `The policy has ${fmt(size)} characters (whitespace excluded): attach it to the IAM user as a managed policy; an inline user policy may have only ${fmt(USER_INLINE_LIMIT)}.`,
				span,
				data: { size, limit: USER_INLINE_LIMIT },
			},
		];
	}
	return [];
}
