import type { RequestContext } from './conditions';

/** The shape of a requirement-set file (schemas/requirement-set.schema.json). */
export interface RequirementSet {
	id: string;
	title: string;
	shortTitle: string;
	product: string;
	productVersion: string;
	source: {
		url: string;
		title?: string;
		pageDate: string | null;
		pageDateAsPrinted?: string;
		seed?: string;
	};
	principalType: 'role' | 'user';
	resourceScope: ResourceScope;
	/**
	 * The request context the restore runs in, as the source states it: condition keys and their
	 * values (`null`: the request lacks the key; `{ oneOf }`: one of several). Conditions on these
	 * keys are evaluated; conditions on other keys leave a statement conditional.
	 */
	requestContext?: RequestContext;
	actions: RequiredAction[];
	trust?: TrustRequirement;
	constraints?: Constraint[];
	complements?: string[];
	/** Scenarios read from an older version of the same source (inference prefers this one). */
	supersedes?: string[];
	/** How the source splits the actions into separate policies; together they hold exactly `actions`. */
	policyParts?: PolicyPart[];
	judgements?: string[];
}

export interface PolicyPart {
	label: string;
	actions: string[];
}

export interface ResourceScope {
	/** `all`: every listed pattern must be covered; `any`: a grant on part of them suffices. */
	mode: 'all' | 'any';
	resources: string[];
	/**
	 * Match `resources` as written, not through the action's resource types: the source grants the
	 * action on ARNs AWS does not list for it (recorded in `judgements`), and a copy of it must pass.
	 */
	asWritten?: boolean;
	note?: string;
}

export interface RequiredAction {
	/** A canonical name, or a prefix wildcard as the source prints it (`backup:Get*`). */
	action: string;
	note?: string;
	sourceSpelling?: string;
	/** Overrides the set's scope for this action. */
	resourceScope?: ResourceScope;
	/** Keys added to (or replacing) the set's request context for this action. */
	requestContext?: RequestContext;
}

export interface TrustRequirement {
	/** `placeholder`: the value is a stand-in (e.g. `<Role ARN>`) that any principal of the type satisfies. */
	principals: { type: 'Service' | 'AWS' | 'Federated'; value: string; placeholder?: boolean }[];
	action: string;
	/** The role must also be in an instance profile (not checkable from a policy document). */
	instanceProfile?: boolean;
	note?: string;
}

export type Constraint =
	| { kind: 'wildcardResourceOnly'; actions: string[]; note: string }
	| { kind: 'advisory'; note: string };
