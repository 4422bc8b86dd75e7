import type { ActionCatalog, CatalogResourceType } from './catalog';
import { globCovers, globIntersects, globMatch, hasWildcard, isMatchAll } from './patterns';
import type { ResourceScope } from './requirementSet';

/**
 * The resources an action acts on, from the catalog's resource types and their ARN formats
 * (Service Authorization Reference, "Resource types defined by …"), compiled for matching a
 * statement's Resource patterns against them.
 *
 * An ARN format such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}` stands for every ARN of
 * the type. A variable stands for a non-empty run of characters; it cannot hold a character that
 * follows it as a separator in some format of the same service (`${BucketName}` is followed by
 * `/` in the object format, so no bucket name holds a `/`), nor a `:` unless it is an object key or
 * a path. `${Partition}`, `${Region}` and `${Account}` hold neither `:` nor `/`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */

/** One token of a compiled ARN format: a literal character, or a variable (a non-empty run of characters not in `exclude`). */
type Token = { literal: string } | { exclude: string };

/** A set of resources a required action must be granted on: one resource type, a scope pattern within one, or `"*"` itself. */
export interface ResourceTarget {
	/** A glob for coverage: a pattern that covers it covers every resource of the target. */
	glob: string;
	/** The resource type's format tokens (absent for a plain scope pattern and for `"*"`). */
	tokens?: readonly Token[];
	/** The tokens of the format with a qualifier (Lambda's `function:NAME:1`), when the service qualifies it. */
	qualified?: readonly Token[];
	/** The resource type's name (for messages), when the target comes from one. */
	type?: string;
	/** The ARN format as the catalog writes it. */
	format?: string;
	/** A scope pattern within the type: the target is the type's resources that it matches. */
	within?: boolean;
	/** The action's request names a resource of this type every time (the reference marks it `*`). */
	required: boolean;
	/** The action supports no resource type: the request's resource is the string `"*"` itself. */
	star?: boolean;
}

export interface ActionTargets {
	mode: 'all' | 'any';
	targets: readonly ResourceTarget[];
	/**
	 * No target is required: each request acts on one of the types, so a grant on one of them
	 * suffices (the reference: "you can choose to use one of the optional resource types").
	 */
	alternatives: boolean;
}

const PLACE = /\$\{([^}]*)\}/g;
const FIXED = new Set(['Partition', 'Region', 'Account']);

/** Per service: which separators each variable cannot hold (inferred from every format of the service). */
const exclusionsCache = new WeakMap<ActionCatalog, Map<string, ServiceFormats>>();

interface ServiceFormats {
	/** Variable name → the separators it cannot hold. */
	exclusions: Map<string, string>;
	formats: string[];
	/** Compiled formats by partition and format (shared by every action of the service). */
	compiled: Map<string, { glob: string; tokens: Token[]; qualified?: Token[] }>;
}

function exclusionsOf(catalog: ActionCatalog, service: string): ServiceFormats {
	let byService = exclusionsCache.get(catalog);
	if (!byService) exclusionsCache.set(catalog, (byService = new Map()));
	let known = byService.get(service);
	if (!known) {
		const map = new Map<string, string>();
		const formats = catalog.resourceFormatsOf(service).map((t) => t.arn);
		for (const arn of formats) {
			for (const m of arn.matchAll(PLACE)) {
				const next = arn[m.index + m[0].length];
				if (next !== '/' && next !== ':') continue;
				const had = map.get(m[1]) ?? '';
				if (!had.includes(next)) map.set(m[1], had + next);
			}
		}
		byService.set(service, (known = { exclusions: map, formats, compiled: new Map() }));
	}
	return known;
}

/**
 * What a variable cannot hold: the separators that follow it in the service's formats, and `:`
 * unless it names an S3 object key or a request path (IAM's names with a path, names and ids of AWS resources hold no `:`; without
 * this, `arn:aws:kms:*:*:alias/*` would seem to name the key `x:alias/y`).
 */
function exclusionOf(name: string, exclusions: Map<string, string>): string {
	const inferred = exclusions.get(name) ?? '';
	if (name === 'ObjectName' || (name.endsWith('Path') && !name.endsWith('WithPath')) || inferred.includes(':')) return inferred;
	return inferred + ':';
}

/** Compiles an ARN format with the policy's partition: the coverage glob and the tokens. */
function compileFormat(format: string, partition: string, service: ServiceFormats): { glob: string; tokens: Token[]; qualified?: Token[] } {
	const key = `${partition} ${format}`;
	let compiled = service.compiled.get(key);
	if (!compiled) service.compiled.set(key, (compiled = compileFormatOnce(format, partition, service)));
	return compiled;
}

function compileFormatOnce(format: string, partition: string, service: ServiceFormats): { glob: string; tokens: Token[]; qualified?: Token[] } {
	// A format that another extends with a qualifier (Lambda's function:NAME → function:NAME:ALIAS):
	// requests may name the qualified ARN (`function:NAME:1`) too.
	const qualified = format.endsWith('}') && service.formats.some((f) => f.startsWith(format + ':'));
	const tokens: Token[] = [];
	let glob = '';
	let last = 0;
	const literal = (text: string) => {
		for (const ch of text) {
			if (ch === '*') {
				// A `*` printed in a format (recoveryPoint's account) stands for any one segment.
				tokens.push({ exclude: ':' });
				glob += '?*';
			} else {
				tokens.push({ literal: ch });
				glob += ch === '?' ? '*' : ch;
			}
		}
	};
	for (const m of format.matchAll(PLACE)) {
		literal(format.slice(last, m.index));
		last = m.index + m[0].length;
		const name = m[1];
		if (name === 'Partition') {
			literal(partition);
			continue;
		}
		tokens.push({ exclude: FIXED.has(name) ? ':/' : exclusionOf(name, service.exclusions) });
		glob += '?*';
	}
	literal(format.slice(last));
	return qualified ? { glob, tokens, qualified: [...tokens, { literal: ':' }, { exclude: ':/' }] } : { glob, tokens };
}

/** Does some ARN of the target's type (qualified or not) match the pattern? */
function meetsType(pattern: string, target: ResourceTarget): boolean {
	return patternMeetsFormat(pattern, target.tokens!) || (!!target.qualified && patternMeetsFormat(pattern, target.qualified));
}

/** Pairs beyond this many cells are not compared exactly (an ARN is at most 2,048 characters). */
const MAX_CELLS = 400_000;

/** Does some ARN of the token sequence match the policy pattern `pattern` (`*`, `?` wildcards)? */
export function patternMeetsFormat(pattern: string, tokens: readonly Token[]): boolean {
	if (isMatchAll(pattern)) return true;
	// Quick rejection on the literal prefix both share (most pairs differ in the service).
	for (let i = 0; i < pattern.length && i < tokens.length; i++) {
		const c = pattern[i];
		const t = tokens[i];
		if (c === '*' || c === '?' || !('literal' in t)) break;
		if (c !== t.literal) return false;
	}
	// Product automaton: pattern position i, token position j; a variable token is one character
	// of its class followed by any number more (state `inside`). Reachability by depth-first search.
	const m = pattern.length;
	const n = tokens.length;
	// Longer than any ARN: say they may meet (the cautious answer: no "grants nothing" claim).
	if ((m + 1) * (n + 1) > MAX_CELLS) return true;
	const seen = new Uint8Array((m + 1) * (n + 1) * 2);
	const stack: number[] = [0, 0, 0];
	while (stack.length > 0) {
		const inside = stack.pop()!;
		const j = stack.pop()!;
		const i = stack.pop()!;
		const key = (i * (n + 1) + j) * 2 + inside;
		if (seen[key]) continue;
		seen[key] = 1;
		if (i === m && j === n) return true;
		const push = (a: number, b: number, c: number) => stack.push(a, b, c);
		const pc = i < m ? pattern[i] : undefined;
		// Moves that consume nothing: a `*` may match the empty string; a variable may end once it holds a character.
		if (pc === '*') push(i + 1, j, inside);
		if (inside) push(i, j + 1, 0);
		if (pc === undefined || j === n) continue;
		const t = tokens[j];
		// Moves that consume one character common to both sides.
		if ('literal' in t) {
			if (pc === '*') push(i, j + 1, 0);
			else if (pc === '?' || pc === t.literal) push(i + 1, j + 1, 0);
		} else if (pc === '*' || pc === '?' || !t.exclude.includes(pc)) {
			push(pc === '*' ? i : i + 1, j, 1);
		}
	}
	return false;
}

/** The partition the policy writes its ARNs in (`aws-cn`, `aws-us-gov`, …), `aws` unless it names another. */
export function policyPartition(patterns: Iterable<string>): string {
	for (const p of patterns) {
		const partition = arnPartition(p);
		if (partition) return partition;
	}
	return 'aws';
}

/** The partition an ARN pattern names when it is not `aws` (`aws-cn`, `aws-us-gov`, …). */
export function arnPartition(pattern: string): string | undefined {
	return pattern.startsWith('arn:aws-') ? /^arn:(aws-[a-z-]+):/.exec(pattern)?.[1] : undefined;
}

const partitions = new WeakMap<readonly StatementResources[], string>();

/** The partition of a statement list's Resource/NotResource values, worked out once per list. */
export function statementsPartition(statements: readonly StatementResources[]): string {
	let p = partitions.get(statements);
	if (p === undefined) partitions.set(statements, (p = policyPartition(partitionCandidates(statements))));
	return p;
}

/** The Resource/NotResource values that may name another partition (the rest are not trimmed nor tested). */
function* partitionCandidates(statements: readonly StatementResources[]): Generator<string> {
	for (const s of statements) for (const v of s.resource?.values ?? []) if (v.value.includes('arn:aws-')) yield v.value.trim();
}

/** What `statementsPartition` reads of a statement. */
interface StatementResources {
	resource?: { values: readonly { value: string }[] };
}

const STAR_TARGET: ResourceTarget = { glob: '*', required: true, star: true };
/** Per scope and partition: each action's targets, and the targets shared by actions with the same resource types. */
interface TargetsByAction {
	byAction: Map<string, ActionTargets | null>;
	/** One object per distinct target list (evaluate.ts judges per targets object and per target). */
	shared: Map<string, ActionTargets>;
	sharedTargets: Map<string, ResourceTarget>;
}
const targetsCache = new WeakMap<ResourceScope, Map<string, TargetsByAction>>();
const plainCache = new WeakMap<ResourceScope, Map<boolean, ActionTargets>>();

/** Targets without catalog knowledge: the scope's own patterns (or `"*"` itself for an action that supports no resource). */
export function plainTargets(scope: ResourceScope, wildcardOnly: boolean): ActionTargets {
	let byFlag = plainCache.get(scope);
	if (!byFlag) plainCache.set(scope, (byFlag = new Map()));
	let t = byFlag.get(wildcardOnly);
	if (!t) {
		t = wildcardOnly
			? { mode: 'all', targets: [STAR_TARGET], alternatives: false }
			: { mode: scope.mode, targets: scope.resources.map((r) => ({ glob: r, required: true })), alternatives: false };
		byFlag.set(wildcardOnly, t);
	}
	return t;
}

/**
 * The targets of a required action (canonical or lower-case name) over the scenario's scope: the
 * action's resource types within the scope; `"*"` itself for an action with no resource type or
 * marked wildcard-only by the requirement set. Undefined when the catalog does not know the action
 * (the caller then uses {@link plainTargets}).
 */
export function actionTargets(catalog: ActionCatalog | undefined, action: string, scope: ResourceScope, partition: string, wildcardOnly: boolean): ActionTargets | undefined {
	if (wildcardOnly) return plainTargets(scope, true);
	if (!catalog || hasWildcard(action) || scope.asWritten) return undefined;
	// Scope → partition → action (no key strings built per call: this runs for every required action).
	let byPartition = targetsCache.get(scope);
	if (!byPartition) targetsCache.set(scope, (byPartition = new Map()));
	let known = byPartition.get(partition);
	if (!known) byPartition.set(partition, (known = { byAction: new Map(), shared: new Map(), sharedTargets: new Map() }));
	const cached = known.byAction.get(action);
	if (cached !== undefined) return cached ?? undefined;
	const types = catalog.resourceTypesOf(action);
	const result = !types ? undefined : types.length === 0 ? plainTargets(scope, true) : shared(typedTargets(catalog, action, types, scope, partition), action, known);
	known.byAction.set(action, result ?? null);
	return result;
}

/** The one targets object (with the one object per target) of every action of the service whose targets are these. */
function shared(made: ActionTargets, action: string, known: TargetsByAction): ActionTargets {
	if (made.targets[0]?.tokens === undefined) return made;
	// Compiled tokens depend on the service's formats: the service is part of the key.
	const service = action.slice(0, action.indexOf(':'));
	const keys = made.targets.map((t) => [service, t.type, t.format, t.required, t.within ? t.glob : ''].join('\u0000'));
	const key = keys.join('\u0001');
	let targets = known.shared.get(key);
	if (!targets) {
		const each = made.targets.map((t, i) => {
			let target = known.sharedTargets.get(keys[i]);
			if (!target) known.sharedTargets.set(keys[i], (target = t));
			return target;
		});
		known.shared.set(key, (targets = { ...made, targets: each }));
	}
	return targets;
}

function typedTargets(catalog: ActionCatalog, action: string, types: readonly CatalogResourceType[], scope: ResourceScope, partition: string): ActionTargets {
	const service = action.slice(0, action.indexOf(':'));
	const formats = exclusionsOf(catalog, service);
	const compiled = types
		.filter((t) => t.arn)
		.map((t) => ({ ...compileFormat(t.arn!, partition, formats), type: t.name, format: t.arn!, required: t.required }));
	if (compiled.length === 0) return plainTargets(scope, false);
	const targets: ResourceTarget[] = [];
	for (const t of compiled) {
		for (const s of scope.resources) {
			if (isMatchAll(s) || globCovers(s, t.glob)) {
				targets.push(t);
				break;
			}
			// A scope pattern within the type (a table of the scenario): the pattern, judged inside the type.
			if (meetsType(s, t)) targets.push({ ...t, glob: s, within: true });
		}
	}
	// A scope that names none of the action's types (it speaks of other resources): the types themselves.
	const chosen = targets.length > 0 ? targets : compiled;
	return { mode: scope.mode, targets: chosen, alternatives: !chosen.some((t) => t.required) };
}

/** How much of one target a statement's Resource/NotResource patterns reach. */
export type Reach = 'full' | 'some' | 'none';

/** Does one Resource pattern cover the whole target? */
export function patternCovers(pattern: string, target: ResourceTarget): boolean {
	if (target.star) return globMatch(pattern, '*');
	return globCovers(pattern, target.glob);
}

/** Does one Resource pattern reach some resource of the target? */
export function patternTouches(pattern: string, target: ResourceTarget): boolean {
	if (target.star) return globMatch(pattern, '*');
	if (target.tokens) return meetsType(pattern, target) && (!target.within || globIntersects(pattern, target.glob));
	return globIntersects(pattern, target.glob);
}

/**
 * Reach of a Resource (`negated` false) or NotResource (true) list over one target. `Resource`
 * reaches what its patterns match; `NotResource` everything except what they match.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
export function reachOf(patterns: readonly string[], negated: boolean, target: ResourceTarget, key = reachKey(patterns, negated)): Reach {
	// Keystrokes and statements repeat the same pattern lists: one judgement per list and target.
	let memo = reachCache.get(target);
	if (!memo) reachCache.set(target, (memo = new Map()));
	let r = memo.get(key);
	if (r === undefined) {
		if (memo.size >= REACH_CACHE_LIMIT) memo.clear();
		memo.set(key, (r = computeReach(patterns, negated, target)));
	}
	return r;
}

/** The memo key of a Resource (`negated` false) or NotResource list, for {@link reachOf}. */
export function reachKey(patterns: readonly string[], negated: boolean): string {
	return (negated ? '!' : '') + patterns.join('\u0000');
}

/**
 * Reach of a Resource (`negated` false) or NotResource (true) list over each of an action's
 * targets, in order. Shared by every statement with the same list and every action with the same
 * targets (the lists are shared, {@link actionTargets}), across analyses.
 */
export function reachEach(patterns: readonly string[], negated: boolean, targets: readonly ResourceTarget[], key = reachKey(patterns, negated)): readonly Reach[] {
	let memo = reachListCache.get(targets);
	if (!memo) reachListCache.set(targets, (memo = new Map()));
	let each = memo.get(key);
	if (!each) {
		if (memo.size >= REACH_CACHE_LIMIT) memo.clear();
		memo.set(key, (each = targets.map((t) => reachOf(patterns, negated, t, key))));
	}
	return each;
}

const reachCache = new WeakMap<ResourceTarget, Map<string, Reach>>();
const reachListCache = new WeakMap<readonly ResourceTarget[], Map<string, readonly Reach[]>>();
const REACH_CACHE_LIMIT = 4096;

function computeReach(patterns: readonly string[], negated: boolean, target: ResourceTarget): Reach {
	if (target.star) {
		const hit = patterns.some((p) => globMatch(p, '*'));
		return hit !== negated ? 'full' : 'none';
	}
	if (patterns.some((p) => patternCovers(p, target))) return negated ? 'none' : 'full';
	if (patterns.some((p) => patternTouches(p, target))) return 'some';
	return negated ? 'full' : 'none';
}

/** "bucket (arn:aws:s3:::${BucketName})" */
export function describeTarget(target: ResourceTarget, partition = 'aws'): string {
	if (target.star) return '"*"';
	if (!target.format) return `"${target.glob}"`;
	return `${target.type} (${target.format.replace('${Partition}', partition)})`;
}

const serviceTypesCache = new WeakMap<ActionCatalog, Map<string, ResourceTarget[]>>();

/** The resource types of a service whose ARNs a pattern can name (for messages: "names only object resources"). */
export function typesNamedBy(catalog: ActionCatalog, service: string, pattern: string, partition: string): string[] {
	let byKey = serviceTypesCache.get(catalog);
	if (!byKey) serviceTypesCache.set(catalog, (byKey = new Map()));
	const key = `${partition} ${service.toLowerCase()}`;
	let targets = byKey.get(key);
	if (!targets) {
		const formats = exclusionsOf(catalog, service);
		targets = catalog.resourceFormatsOf(service).map(({ name, arn }) => ({ ...compileFormat(arn, partition, formats), type: name, format: arn, required: false }));
		byKey.set(key, targets);
	}
	let named = namedCache.get(targets);
	if (!named) namedCache.set(targets, (named = new Map()));
	let types = named.get(pattern);
	if (!types) {
		if (named.size >= REACH_CACHE_LIMIT) named.clear();
		named.set(pattern, (types = targets.filter((t) => meetsType(pattern, t)).map((t) => t.type!)));
	}
	return types;
}

/** Per service's targets: the types each pattern names (messages repeat on every keystroke). */
const namedCache = new WeakMap<ResourceTarget[], Map<string, string[]>>();
