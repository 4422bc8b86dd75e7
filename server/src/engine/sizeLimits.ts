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

/**
 * 12,345, as en-US writes it. Not toLocaleString: its first call loads ICU's locale data (23 ms
 * measured), paid by the first check after the server starts.
 */
function fmt(n: number): string {
	const digits = String(Math.trunc(n));
	let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
	for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
	return out;
}

/** A role's trust policy: 2,048 characters by default, up to 4,096 with a quota increase ("Role trust policy length"). */
export const TRUST_POLICY_LIMIT = 2048;
export const TRUST_POLICY_MAX = 4096;

/** Whom the policy is for: the principal type its checked scenarios share (a trust policy is a role's). */
function principalOf(model: PolicyModel, scenarios: readonly ScenarioResult[]): 'trust' | 'role' | 'user' | undefined {
	if (model.kind === 'trust') return 'trust';
	const types = new Set(scenarios.map((s) => s.compiled.set.principalType));
	return types.size === 1 ? [...types][0] : undefined;
}

/**
 * One finding when the policy is too long for the way it can be attached, naming the quota of the
 * kind of policy at hand: a trust policy's, an IAM user's (managed, or 2,048 inline), a role's
 * (managed, or 10,240 for all its inline policies); a role policy is never told about users.
 * `measured`: the size when the document is not JSON text (a YAML or HCL policy, counted as the JSON it becomes).
 */
export function sizeFindings(model: PolicyModel, text: string, scenarios: readonly ScenarioResult[], measured?: number): Finding[] {
	if (model.kind === 'resource') return [];
	const size = measured ?? policySize(text, model.root.offset, model.root.offset + model.root.length);
	const span = nodeSpan(model.statementProperty?.children?.[0] ?? model.root);
	const principal = principalOf(model, scenarios);
	const has = (): string => `The policy has ${fmt(size)} characters (whitespace excluded)`;
	const finding = (severity: Finding['severity'], message: string, limit: number, parts?: boolean): Finding[] => [
		{ code: DiagnosticCode.PolicySize, severity, message, span, data: { size, limit, ...(principal ? { principal } : {}), ...(parts ? { parts: Math.ceil(size / limit) } : {}) } },
	];
	if (principal === 'trust') {
		if (size <= TRUST_POLICY_LIMIT) return [];
		return size > TRUST_POLICY_MAX
			? finding('error', `The trust policy has ${fmt(size)} characters (whitespace excluded): more than the ${fmt(TRUST_POLICY_MAX)} a role's trust policy may have even after a quota increase. Shorten it (fewer statements, one statement per principal type).`, TRUST_POLICY_MAX)
			: finding('warning', `The trust policy has ${fmt(size)} characters (whitespace excluded): more than the ${fmt(TRUST_POLICY_LIMIT)} AWS allows for a role's trust policy by default; ask for a quota increase (up to ${fmt(TRUST_POLICY_MAX)}) or shorten it.`, TRUST_POLICY_LIMIT);
	}
	if (principal === 'user') {
		// Policies for IAM users (Veeam Backup & Replication's) are often attached inline.
		if (size > MANAGED_POLICY_LIMIT)
			return finding('error', `${has()}: more than the ${fmt(MANAGED_POLICY_LIMIT)} AWS allows for a managed policy and the ${fmt(USER_INLINE_LIMIT)} of an IAM user's inline policy. Split it into several managed policies attached to the user.`, MANAGED_POLICY_LIMIT, true);
		if (size > USER_INLINE_LIMIT) return finding('information', `${has()}: attach it to the IAM user as a managed policy; an inline user policy may have only ${fmt(USER_INLINE_LIMIT)}.`, USER_INLINE_LIMIT);
		return [];
	}
	if (size <= MANAGED_POLICY_LIMIT) return [];
	if (size > ROLE_INLINE_LIMIT)
		return finding(
			'error',
			`${has()}: more than the ${fmt(MANAGED_POLICY_LIMIT)} AWS allows for a managed policy and the ${fmt(ROLE_INLINE_LIMIT)} of all inline policies of a role together. Split it into several policies (Veeam prints its full list as three).`,
			MANAGED_POLICY_LIMIT,
			true,
		);
	return finding(
		'warning',
		`${has()}: more than the ${fmt(MANAGED_POLICY_LIMIT)} AWS allows for a managed policy. As the only inline policy of a role it fits (${fmt(ROLE_INLINE_LIMIT)} for all of a role's inline policies); as a managed policy, split it.`,
		MANAGED_POLICY_LIMIT,
		true,
	);
}
