import type { ActionCatalog } from './catalog';
import { DiagnosticCode } from './codes';
import { isMatchAll } from './patterns';
import { deployTimeLabel } from './host/tree';
import { nodeSpan, type PolicyModel, type Statement, statementLabel } from './policyModel';
import { actionTargets, describeTarget, reachOf, type ResourceTarget, statementsPartition, typesNamedBy } from './resourceTypes';
import type { Finding } from './types';

/**
 * A statement that names an action and a Resource of which no pattern matches any ARN of the
 * action's resource types grants (or denies) that action nowhere: "s3:ListBucket acts on buckets;
 * arn:aws:s3:::b/* names only objects". One finding per statement, at its Resource value, with the
 * resource each action needs (derived from the pattern, for the quick fix).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

const EVERYWHERE = { mode: 'all' as const, resources: ['*'] };
/** ARNs are at most 2,048 characters (IAM's limit on a resource ARN). */
const MAX_ARN = 2048;
/** Separators tried from the end of a pattern when deriving a suggestion. */
const MAX_CUTS = 6;
/** Actions named in one finding's message; the rest go to `data`. */
const LISTED = 5;

interface Mismatch {
	action: string;
	/** The action's resource types. */
	targets: readonly ResourceTarget[];
	/** A resource of the action's type derived from the statement's patterns (`arn:aws:s3:::b` from `arn:aws:s3:::b/*`). */
	suggestion?: string;
	/** The message's clause about it, made on first use. */
	description?: string;
}

/** Cuts the pattern at its last `/` or `:` until what is left names a resource of the target's type. */
function derive(pattern: string, targets: readonly ResourceTarget[]): string | undefined {
	// Only ARN-sized patterns, and only the last few separators: a suggestion, never a search.
	if (pattern.length > MAX_ARN) return undefined;
	let tries = 0;
	for (let end = pattern.length - 1; end > 0 && tries < MAX_CUTS; end--) {
		const c = pattern[end];
		if (c !== '/' && c !== ':') continue;
		const candidate = pattern.slice(0, end);
		if (candidate.endsWith(':') || candidate.endsWith('/')) continue;
		tries++;
		if (targets.some((t) => reachOf([candidate], false, t) !== 'none')) return candidate;
	}
	return undefined;
}

/** Per catalog, partition and pattern list: the mismatch of each action (keystrokes repeat the same statements). */
const mismatchCache = new WeakMap<ActionCatalog, Map<string, Map<string, Mismatch | null>>>();
const MISMATCH_CACHE_LIMIT = 8192;

/** The cache of one pattern list (the key built once per statement, not per action). */
function mismatchesOfList(catalog: ActionCatalog, patterns: readonly string[], partition: string): Map<string, Mismatch | null> {
	let cache = mismatchCache.get(catalog);
	if (!cache) mismatchCache.set(catalog, (cache = new Map()));
	const key = `${partition}\u0000${patterns.join('\u0000')}`;
	let byAction = cache.get(key);
	if (!byAction) {
		if (cache.size >= MISMATCH_CACHE_LIMIT) cache.clear();
		cache.set(key, (byAction = new Map()));
	}
	return byAction;
}

function mismatchOf(catalog: ActionCatalog, name: string, patterns: readonly string[], partition: string, cache: Map<string, Mismatch | null>): Mismatch | undefined {
	let m = cache.get(name);
	if (m === undefined) {
		m = null;
		const targets = actionTargets(catalog, name, EVERYWHERE, partition, false);
		// Actions without a resource type are the wildcard-only constraint's (and evaluation's) business.
		if (targets && targets.targets.length > 0 && !targets.targets[0].star && !targets.targets.some((t) => reachOf(patterns, false, t) !== 'none')) {
			const suggestion = patterns.map((p) => derive(p, targets.targets)).find((s) => s !== undefined);
			m = { action: name, targets: targets.targets, ...(suggestion ? { suggestion } : {}) };
		}
		cache.set(name, m);
	}
	return m ?? undefined;
}

function mismatches(catalog: ActionCatalog, statement: Statement, partition: string): Mismatch[] {
	const resource = statement.resource;
	// Only the patterns written out are judged: a value known only at deploy time may be any one
	// resource (never "*"), so it neither hides a mismatch nor counts as one (the finding says so).
	if (!resource || resource.key !== 'Resource' || resource.values.length === 0) return [];
	if (statement.action?.key !== 'Action') return [];
	// "*" names every resource (and the "*" of actions without a type): nothing to explain.
	if (resource.values.some((v) => isMatchAll(v.value.trim()))) return [];
	const patterns = resource.values.map((v) => v.value.trim());
	const cache = mismatchesOfList(catalog, patterns, partition);
	const out: Mismatch[] = [];
	let listed: Set<Mismatch> | undefined;
	for (const { value } of statement.action.values) {
		// Only exact names as AWS accepts them: the catalog's canonical name of a string with
		// spaces around it, or of a wildcard, is not the string itself.
		const name = catalog.canonicalName(value);
		if (!name || name.length !== value.length) continue;
		const m = mismatchOf(catalog, name, patterns, partition, cache);
		// One mismatch per action however often (and in whatever case) the statement names it.
		if (!m || listed?.has(m)) continue;
		(listed ??= new Set()).add(m);
		out.push(m);
	}
	return out;
}

/** "s3:ListBucket acts on bucket (arn:aws:s3:::${BucketName})" (once per mismatch: mismatches are cached per partition). */
function describeMismatch(m: Mismatch, partition: string): string {
	const types = m.targets.map((t) => describeTarget(t, partition));
	return `${m.action} acts on ${types.length > 3 ? `${types.slice(0, 3).join(', ')} or ${types.length - 3} more types` : types.join(' or ')}`;
}

export function resourceTypeFindings(model: PolicyModel, catalog: ActionCatalog | undefined): Finding[] {
	if (!catalog || model.kind !== 'identity') return [];
	const partition = statementsPartition(model.statements);
	const findings: Finding[] = [];
	for (const s of model.statements) {
		if (!s.effect) continue;
		const found = mismatches(catalog, s, partition);
		if (found.length === 0) continue;
		const patterns = s.resource!.values.map((v) => v.value.trim());
		const shown = found.slice(0, LISTED);
		const what = shown.map((m) => (m.description ??= describeMismatch(m, partition))).join('; ');
		const service = found[0].action.slice(0, found[0].action.indexOf(':'));
		const named = [...new Set(patterns.flatMap((p) => typesNamedBy(catalog, service, p, partition)))];
		const names = patterns.map((p) => `"${p}"`).join(', ');
		const verb = s.effect === 'Deny' ? 'denies' : 'grants';
		const more = found.length > LISTED ? ` (and ${found.length - LISTED} more actions)` : '';
		const them = found.length === 1 ? 'it' : 'them';
		// A value known only at deploy time may name a resource of the right type: the finding depends on it.
		const unknown = s.resource!.deployTime.map(deployTimeLabel);
		const outcome =
			unknown.length === 0
				? `so ${statementLabel(s)} ${verb} ${them} nowhere`
				: `so ${statementLabel(s)} ${verb} ${them} only if ${unknown.map((u) => `"${u}"`).join(', ')} (known only at deploy time) names one of those types`;
		findings.push({
			code: DiagnosticCode.ResourceTypeMismatch,
			severity: unknown.length === 0 ? 'warning' : 'information',
			message: `${what}${more}; ${names} ${named.length > 0 ? `names only ${named.join(', ')} resources` : 'names none of them'}, ${outcome}.${found[0].suggestion ? ` Add "${found[0].suggestion}".` : ''}`,
			span: nodeSpan(s.resource!.valueNode),
			data: {
				statement: s.index,
				actions: found.map((m) => m.action),
				resources: [...new Set(found.map((m) => m.suggestion).filter((x): x is string => !!x))],
				...(unknown.length > 0 ? { deployTime: unknown } : {}),
			},
		});
	}
	return findings;
}
