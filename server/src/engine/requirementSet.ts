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
	actions: RequiredAction[];
	trust?: TrustRequirement;
	constraints?: Constraint[];
	complements?: string[];
	judgements?: string[];
}

export interface ResourceScope {
	/** `all`: every listed pattern must be covered; `any`: a grant on part of them suffices. */
	mode: 'all' | 'any';
	resources: string[];
	note?: string;
}

export interface RequiredAction {
	action: string;
	note?: string;
	sourceSpelling?: string;
}

export interface TrustRequirement {
	principals: { type: 'Service' | 'AWS' | 'Federated'; value: string }[];
	action: string;
	note?: string;
}

export type Constraint =
	| { kind: 'wildcardResourceOnly'; actions: string[]; note: string }
	| { kind: 'advisory'; note: string };
