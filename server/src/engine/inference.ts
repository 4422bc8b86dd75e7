import { isMatchAll } from './patterns';
import type { PolicyModel } from './policyModel';
import type { CompiledRequirementSet } from './requirements';

/**
 * Which scenarios a policy is about, from what it allows. A scenario is a candidate when the
 * policy's Allow statements name at least two of its actions and at least half of them (or all of
 * a small set). A candidate is dropped when another candidate explains the same named actions at
 * least as well and is more complete (or several such candidates do together), so a Veeam
 * DynamoDB policy is not also checked against the 4-action AWS Backup restore it overlaps, a
 * Veeam EC2 + workers policy not against VBR, and a VBR policy without iam:CreateRole is
 * checked as the helper-appliance variant.
 */

export interface InferredScenario {
	compiled: CompiledRequirementSet;
	named: number;
	reason: string;
}

const MIN_RECALL = 0.5;

/** Lower-case required actions that the policy's Allow statements name (literally or by a partial wildcard). */
function namedActions(model: PolicyModel, compiled: CompiledRequirementSet): Set<string> {
	const named = new Set<string>();
	for (const s of model.statements) {
		if (s.effect !== 'Allow' || s.action?.key !== 'Action') continue;
		// A bare "*" names nothing in particular: an admin policy is not evidence of a scenario.
		if (s.action.values.some((v) => isMatchAll(v.value.trim()))) continue;
		for (const a of compiled.lower) if (s.matcher.matches(a)) named.add(a);
	}
	return named;
}

export function inferScenarios(model: PolicyModel, sets: readonly CompiledRequirementSet[]): InferredScenario[] {
	if (model.kind !== 'identity') return [];
	const candidates: { compiled: CompiledRequirementSet; named: Set<string>; recall: number }[] = [];
	for (const compiled of sets) {
		const named = namedActions(model, compiled);
		const recall = named.size / compiled.lower.length;
		if ((named.size >= 2 && recall >= MIN_RECALL) || (recall === 1 && named.size > 0)) candidates.push({ compiled, named, recall });
	}
	const kept = candidates.filter((c) => {
		const better = candidates.filter(
			(other) => other !== c && (other.recall > c.recall || (other.recall === c.recall && other.compiled.lower.length > c.compiled.lower.length)),
		);
		return ![...c.named].every((a) => better.some((b) => b.compiled.lowerSet.has(a)));
	});
	return kept.map((c) => ({
		compiled: c.compiled,
		named: c.named.size,
		reason: `the policy allows ${c.named.size} of its ${c.compiled.lower.length} required actions`,
	}));
}
