import type { RequirementSet } from './requirementSet';
import type { ScenarioResult } from './scenarioCheck';

/**
 * Complete policies for a scenario, built from its requirement set (the single source for the
 * snippets, the insert/new-file commands and "export missing actions").
 */

export interface PolicyDocument {
	Version: '2012-10-17';
	Statement: Record<string, unknown>[];
}

/** "veeam-aws-ec2-restore" → "VeeamAwsEc2Restore" (IAM Sids allow only letters and digits). */
export function sidFor(id: string, suffix = ''): string {
	return (
		id
			.split(/[^A-Za-z0-9]+/)
			.filter(Boolean)
			.map((w) => w[0].toUpperCase() + w.slice(1))
			.join('') + suffix
	);
}

function resourceOf(resources: readonly string[]): string | string[] {
	return resources.length === 1 ? resources[0] : [...resources];
}

/**
 * Allow statements for some of a set's actions: one per resource scope, because an action may
 * carry its own scope (the current DynamoDB page grants the restore on "*", the rest on a table).
 */
function allowStatements(set: RequirementSet, actions: readonly string[], sid: string): Record<string, unknown>[] {
	const scopeOf = new Map(set.actions.map((a) => [a.action, (a.resourceScope ?? set.resourceScope).resources]));
	const groups = new Map<string, { resources: readonly string[]; actions: string[] }>();
	for (const action of actions) {
		const resources = scopeOf.get(action) ?? set.resourceScope.resources;
		const key = JSON.stringify(resources);
		const group = groups.get(key) ?? { resources, actions: [] };
		group.actions.push(action);
		groups.set(key, group);
	}
	return [...groups.values()].map((g, i) => ({ Sid: i === 0 ? sid : `${sid}${i + 1}`, Effect: 'Allow', Action: g.actions, Resource: resourceOf(g.resources) }));
}

/** The permission policy that grants exactly what the scenario needs, in the source's order. */
export function permissionPolicy(set: RequirementSet, actions: readonly string[] = set.actions.map((a) => a.action)): PolicyDocument {
	return { Version: '2012-10-17', Statement: allowStatements(set, actions, sidFor(set.id)) };
}

/**
 * The permission policies as the source splits them (Veeam prints its full list as three policies
 * so that each fits AWS's 6,144-character limit for a managed policy); one policy otherwise.
 */
export function permissionPolicyParts(set: RequirementSet): { label: string; policy: PolicyDocument }[] {
	if (!set.policyParts?.length) return [{ label: 'permissions', policy: permissionPolicy(set) }];
	return set.policyParts.map((part, i) => ({ label: part.label, policy: { Version: '2012-10-17', Statement: allowStatements(set, part.actions, sidFor(set.id, `Part${i + 1}`)) } }));
}

/** The trust policy the scenario's role needs, or undefined when it needs none. */
export function trustPolicy(set: RequirementSet): PolicyDocument | undefined {
	if (!set.trust) return undefined;
	const byType = new Map<string, string[]>();
	for (const p of set.trust.principals) byType.set(p.type, [...(byType.get(p.type) ?? []), p.value]);
	const principal = Object.fromEntries([...byType].map(([type, values]) => [type, values.length === 1 ? values[0] : values]));
	return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: set.trust.action }] };
}

/** A policy granting what the checked scenarios still miss (Veeam's "export missing permissions"). */
export function missingActionsPolicy(results: readonly ScenarioResult[]): PolicyDocument | undefined {
	const statements = results
		.map((r) => ({ r, missing: r.actions.filter((a) => a.status === 'missing').map((a) => a.action) }))
		.filter((x) => x.missing.length > 0)
		.flatMap(({ r, missing }) => allowStatements(r.compiled.set, missing, sidFor(r.compiled.set.id, 'Missing')));
	return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
}

/** JSON text with the editor's indentation. */
export function policyText(policy: PolicyDocument, indent: string | number = 4, eol = '\n'): string {
	return JSON.stringify(policy, null, indent).split('\n').join(eol) + eol;
}
