import { permissionPolicyParts, RequirementSet, trustPolicy } from '../engine';
import { builtinRequirementSets } from '../scenarios';

/**
 * VS Code snippets for every scenario, generated at build time from the requirement sets (the one
 * source of truth): the permission policy and, where the role needs one, the trust policy.
 */

interface Snippet {
	prefix: string[];
	description: string;
	body: string[];
	scope: string;
}

/** Escapes the characters that mean something in snippet syntax. */
function escape(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\$/g, '\\$').replace(/\}/g, '\\}');
}

/** Lines of JSON with tabs (VS Code converts them to the user's indentation). */
function bodyOf(value: unknown, placeholders: Record<string, string>): string[] {
	let text = escape(JSON.stringify(value, null, '\t'));
	for (const [literal, snippet] of Object.entries(placeholders)) text = text.split(escape(literal)).join(snippet);
	return text.split('\n');
}

/**
 * Table ARNs become tab stops whose defaults keep the policy valid for the scenario: the default
 * `arn:aws:dynamodb:us-east-1:123456789012:table/TableName` is a table ARN like any other.
 */
function resourcePlaceholders(set: RequirementSet): Record<string, string> {
	const out: Record<string, string> = {};
	for (const r of set.resourceScope.resources) {
		if (r === 'arn:aws:dynamodb:*:*:table/*') out[JSON.stringify(r)] = '"arn:aws:dynamodb:${1:us-east-1}:${2:123456789012}:table/${3:TableName}"';
	}
	return out;
}

/** Principals the user must fill in (the appliance's role ARN) become tab stops with an example ARN. */
function principalPlaceholders(set: RequirementSet): Record<string, string> {
	const out: Record<string, string> = {};
	let n = 1;
	for (const p of set.trust?.principals ?? []) {
		if ((p as { placeholder?: boolean }).placeholder) out[JSON.stringify(p.value)] = `"\${${n++}:arn:aws:iam::123456789012:role/VeeamApplianceRole}"`;
	}
	return out;
}

export function scenarioSnippets(sets: readonly RequirementSet[] = builtinRequirementSets): Record<string, Snippet> {
	const snippets: Record<string, Snippet> = {};
	for (const set of sets) {
		const version = set.productVersion === 'unversioned' ? '' : ` ${set.productVersion}`;
		const parts = permissionPolicyParts(set);
		if (parts.length === 1) {
			snippets[`${set.id} permissions`] = {
				prefix: [`iam-restore-${set.id}`, set.id],
				description: `${set.title}: the ${set.actions.length} actions ${set.product}${version} needs (${set.source.url})`,
				body: bodyOf(parts[0].policy, resourcePlaceholders(set)),
				scope: 'json,jsonc',
			};
		} else {
			// One snippet per policy of the source's split: each fits the managed-policy size limit.
			parts.forEach((part, i) => {
				snippets[`${set.id} permissions ${i + 1}/${parts.length}`] = {
					prefix: [`iam-restore-${set.id}-${i + 1}`, `${set.id}-${i + 1}`],
					description: `${set.title}, policy ${i + 1} of ${parts.length} (${part.label}); attach all ${parts.length} to the role (${set.source.url})`,
					body: bodyOf(part.policy, resourcePlaceholders(set)),
					scope: 'json,jsonc',
				};
			});
		}
		const trust = trustPolicy(set);
		if (trust)
			snippets[`${set.id} trust`] = {
				prefix: [`iam-restore-${set.id}-trust`, `${set.id}-trust`],
				description: `${set.title}: the trust policy (${set.trust!.principals.map((p) => p.value).join(', ')} may ${set.trust!.action})`,
				body: bodyOf(trust, principalPlaceholders(set)),
				scope: 'json,jsonc',
			};
	}
	return snippets;
}
