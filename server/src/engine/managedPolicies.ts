import { lazyValue } from './lazy';
/**
 * AWS managed policies (`arn:aws:iam::aws:policy/…`): the latest version of each document, from the
 * file scripts/generate-managed-policies.mjs writes (server/src/catalog/aws-managed-policies.json,
 * dated like the action catalog). A role that attaches one by ARN is evaluated with its document.
 * This module only parses a string; the faces supply it (Node: a file next to the bundle).
 */

export interface ManagedPolicyInfo {
	source: string;
	version: string;
	/** Date of the newest policy version in the data (ISO 8601). */
	updatedAt: string;
	policyCount: number;
}

export interface ManagedPolicy {
	/** e.g. `AWSBackupServiceRolePolicyForRestores`. */
	name: string;
	/** e.g. `service-role/` (empty for the root path). */
	path: string;
	/** Version id of the document, e.g. `v35`. */
	versionId: string;
	/** The canonical ARN in the `aws` partition. */
	arn: string;
	/** The policy document, as AWS stores it. */
	document: unknown;
}

type Row = [string, string, string, unknown];

const ARN = /^arn:[^:]*:iam::aws:policy\/(.*)$/;

/**
 * The name of the AWS managed policy an ARN names, or undefined when it is not one
 * (`arn:<partition>:iam::aws:policy/<path><name>`; AWS managed policies exist in every partition, so
 * a partition written as a deploy-time value, `arn:${data.aws_partition.current.partition}:…`, names
 * the same policy).
 */
export function managedPolicyPath(arn: string): { path: string; name: string } | undefined {
	const m = ARN.exec(arn.trim());
	if (!m) return undefined;
	const rest = m[1];
	const slash = rest.lastIndexOf('/');
	return { path: rest.slice(0, slash + 1), name: rest.slice(slash + 1) };
}

export class ManagedPolicies {
	private constructor(
		readonly info: ManagedPolicyInfo,
		private readonly byName: Map<string, Row[]>,
	) {}

	/** Parses the generated file. Throws on a file of another format (the loader reports it). */
	static parse(text: string): ManagedPolicies {
		const data = JSON.parse(text) as ManagedPolicyInfo & { format: number; policies: Row[] };
		if (data.format !== 1 || !Array.isArray(data.policies)) throw new Error('not an AWS managed policy file (format 1)');
		const byName = new Map<string, Row[]>();
		for (const row of data.policies) {
			const list = byName.get(row[0]);
			if (list) list.push(row);
			else byName.set(row[0], [row]);
		}
		const { source, version, updatedAt, policyCount } = data;
		return new ManagedPolicies({ source, version, updatedAt, policyCount }, byName);
	}

	/**
	 * The managed policy an ARN names. The name decides (policy names are unique among AWS managed
	 * policies except for a few that differ by path); the path picks among those.
	 */
	get(arn: string): ManagedPolicy | undefined {
		const parsed = managedPolicyPath(arn);
		if (!parsed) return undefined;
		const rows = this.byName.get(parsed.name);
		if (!rows) return undefined;
		const row = rows.find((r) => r[1] === parsed.path) ?? (rows.length === 1 ? rows[0] : undefined);
		if (!row) return undefined;
		return { name: row[0], path: row[1], versionId: row[2], arn: `arn:aws:iam::aws:policy/${row[1]}${row[0]}`, document: row[3] };
	}

	get size(): number {
		return this.info.policyCount;
	}
}

/** The managed policies, or a function that loads them (called once, on first need). */
export type ManagedPolicySource = ManagedPolicies | (() => ManagedPolicies | undefined);

export function lazyManagedPolicies(source: ManagedPolicySource | undefined): () => ManagedPolicies | undefined {
	return lazyValue(source, (s): s is ManagedPolicies => s instanceof ManagedPolicies);
}

/**
 * The checker's `managedPolicy` option (CheckerInit) over these policies: the policy's name and its
 * document's JSON text, or undefined for an ARN that is not an AWS managed policy we know.
 */
export function managedPolicyResolver(get: () => ManagedPolicies | undefined): (arn: string) => { name: string; text: string } | undefined {
	const texts = new Map<string, { name: string; text: string } | undefined>();
	return (arn) => {
		if (!managedPolicyPath(arn)) return undefined;
		if (!texts.has(arn)) {
			const p = get()?.get(arn);
			texts.set(arn, p ? { name: p.name, text: JSON.stringify(p.document, null, 2) } : undefined);
		}
		return texts.get(arn);
	};
}
