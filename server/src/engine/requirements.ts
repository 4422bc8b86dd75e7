import type { RequestContext } from './conditions';
import type { RequirementSet, ResourceScope } from './requirementSet';

/**
 * A requirement set prepared once for fast evaluation: lower-case names for matching, and the
 * set of actions that cannot be scoped to a resource.
 */
export interface CompiledRequirementSet {
	set: RequirementSet;
	/** Canonical names, in the set's order. */
	actions: string[];
	/** Lower-case names, same order. */
	lower: string[];
	lowerSet: Set<string>;
	wildcardOnly: Set<string>;
	/** The resource scope of each action, same order (the set's, unless the action overrides it). */
	scopes: ResourceScope[];
	/** The request context of each action (the set's merged with the action's), same order; undefined when neither states one. */
	contexts: (RequestContext | undefined)[];
}

export function compileRequirementSet(set: RequirementSet): CompiledRequirementSet {
	const actions = set.actions.map((a) => a.action);
	const lower = actions.map((a) => a.toLowerCase());
	const wildcardOnly = new Set<string>();
	for (const c of set.constraints ?? []) if (c.kind === 'wildcardResourceOnly') for (const a of c.actions) wildcardOnly.add(a.toLowerCase());
	const scopes = set.actions.map((a) => a.resourceScope ?? set.resourceScope);
	const contexts = set.actions.map((a) => (a.requestContext ? { ...set.requestContext, ...a.requestContext } : set.requestContext));
	return { set, actions, lower, lowerSet: new Set(lower), wildcardOnly, scopes, contexts };
}

/** "EC2 restore (Veeam Backup for AWS 10.0.0.232)" */
export function scenarioLabel(set: RequirementSet): string {
	return set.productVersion === 'unversioned' ? `${set.shortTitle} (${set.product})` : `${set.shortTitle} (${set.product} ${set.productVersion})`;
}
