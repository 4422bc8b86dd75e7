import { isWellFormedAction } from './actionShape';
import type { RequirementIndex } from './actionIndex';
import type { ActionCatalog } from './catalog';
import { conditionTruth, type RequestContext } from './conditions';
import { globCovers, globIntersects, hasWildcard, isMatchAll } from './patterns';
import type { Statement } from './policyModel';
import type { ResourceScope } from './requirementSet';
import { actionTargets, plainTargets, policyPartition, type ActionTargets, type Reach, reachKey, reachOf, type ResourceTarget } from './resourceTypes';
import type { ActionStatus } from './types';

/**
 * IAM policy evaluation for one action over the resources a scenario needs, within one identity
 * policy (or several, for a role): an explicit Deny beats any Allow, and nothing is allowed unless
 * an Allow says so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * Resources are judged per resource type of the action (resourceTypes.ts): a Resource pattern
 * that matches no ARN of the action's types neither grants nor denies it; an action that supports
 * no resource type is granted only by a pattern that matches `"*"`; several Allows grant the union
 * of what each grants, and a Deny is judged against what the Allows grant.
 */

export interface ActionVerdict {
	status: ActionStatus;
	/** The statements that decide the status (Allow for granted/partial/conditional, Deny for denied). */
	by: Statement[];
	/** Allow statements that would grant it but are overridden (by a Deny) or limited. */
	also: Statement[];
}

/** Whether a statement's Condition holds in the restore's request context (conditions.ts). */
export type ConditionOutcome = 'holds' | 'fails' | 'open';

/** What evaluation knows besides the statements: the catalog (resource types) and the request context. */
export interface EvaluationContext {
	catalog?: ActionCatalog;
	/** Judges a statement's Condition; without it, any Condition leaves the statement `open`. */
	condition?: (statement: Statement) => ConditionOutcome;
}

/**
 * Does the statement's Action/NotAction apply to the (lower-case) action? A required action may be
 * a wildcard as a source prints it (`backup:get*`): an Allow applies only when it covers every
 * action the wildcard stands for, a Deny as soon as it blocks one of them.
 */
export function statementMatchesAction(statement: Statement, action: string, index?: RequirementIndex): boolean {
	if (!statement.action) return false;
	if (hasWildcard(action)) return statementMatchesWildcard(statement, action);
	const id = index?.idOf(action);
	const listed = id !== undefined ? index!.listedBy(statement).has(id) : statement.matcher.matches(action);
	// NotAction applies to every action it does not list.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
	return statement.action.key === 'NotAction' ? !listed : listed;
}

function statementMatchesWildcard(statement: Statement, action: string): boolean {
	const patterns = statement.action!.values.filter((v) => isWellFormedAction(v.value)).map((v) => v.value.toLowerCase());
	const covers = patterns.some((p) => globCovers(p, action));
	const touches = covers || patterns.some((p) => globIntersects(p, action));
	const deny = statement.effect === 'Deny';
	// NotAction [p] applies to every action except p's: it covers the wildcard when no p touches it,
	// and touches it unless some p covers it.
	if (statement.action!.key === 'NotAction') return deny ? !covers : !touches;
	return deny ? touches : covers;
}

function resourcePatterns(statement: Statement): string[] {
	return statement.resource ? statement.resource.values.map((v) => v.value.trim()) : [];
}

/** A statement's Resource read once: its patterns, their memo key, and its reach per target (targets are shared by every action and analysis that meet them). */
interface ResourceView {
	patterns: string[];
	/** `"Resource": "*"` and nothing known only at deploy time: it reaches every target fully. */
	everything: boolean;
	/** Made on first need (a "*" statement never needs them). */
	key?: string;
	reach?: Map<ResourceTarget, Reach>;
}

const resourceViews = new WeakMap<Statement, ResourceView>();

function resourceView(statement: Statement): ResourceView {
	let view = resourceViews.get(statement);
	if (!view) {
		const patterns = resourcePatterns(statement);
		const negated = statement.resource?.key === 'NotResource';
		const everything = !negated && statement.resource?.deployTime.length === 0 && patterns.some(isMatchAll);
		resourceViews.set(statement, (view = { patterns, everything }));
	}
	return view;
}

function reachesEverything(statement: Statement): boolean {
	return !!statement.resource && resourceView(statement).everything;
}

function reachTarget(statement: Statement, target: ResourceTarget): Reach {
	if (!statement.resource) return 'none';
	const view = resourceView(statement);
	// "*" matches every ARN and the "*" of actions without a resource type.
	if (view.everything) return 'full';
	const negated = statement.resource.key === 'NotResource';
	view.reach ??= new Map();
	let r = view.reach.get(target);
	if (r === undefined) view.reach.set(target, (r = withDeployTime(statement, reachOf(view.patterns, negated, target, (view.key ??= reachKey(view.patterns, negated))))));
	return r;
}

/**
 * A resource known only at deploy time (`!GetAtt Table.Arn`, `var.bucket_arn`) may be any one
 * resource: never `*`, so it reaches some of a target, never all of it (and a NotResource that
 * holds one may exclude some of it).
 */
function withDeployTime(statement: Statement, r: Reach): Reach {
	if (!statement.resource || statement.resource.deployTime.length === 0) return r;
	if (statement.resource.key === 'Resource') return r === 'none' ? 'some' : r;
	return r === 'full' ? 'some' : r;
}

/**
 * Reach over a whole scope, without resource types (for choosing where missing actions go):
 * mode `all` needs every pattern fully; `any` needs some resource in scope.
 */
export function reach(statement: Statement, scope: ResourceScope): Reach {
	const each = plainTargets(scope, false).targets.map((t) => reachTarget(statement, t));
	if (scope.mode === 'any') return each.some((r) => r !== 'none') ? 'full' : 'none';
	if (each.every((r) => r === 'full')) return 'full';
	return each.some((r) => r !== 'none') ? 'some' : 'none';
}

/** The partition a statement list writes its ARNs in, once per list. */
const partitionMemo = new WeakMap<readonly Statement[], string>();
function partitionOf(statements: readonly Statement[]): string {
	let p = partitionMemo.get(statements);
	if (p === undefined) partitionMemo.set(statements, (p = policyPartition(statements.flatMap(resourcePatterns))));
	return p;
}

/** Does the Deny block everything the Allow grants within the target? */
function denyCoversAllow(deny: Statement, allow: Statement, target: ResourceTarget): boolean {
	if (allow.resource?.key !== 'Resource' || !deny.resource) return false;
	const denied = resourcePatterns(deny);
	const granted = resourcePatterns(allow).filter((p) => reachOf([p], false, target) !== 'none');
	if (deny.resource.key === 'NotResource') return granted.every((p) => !denied.some((d) => globIntersects(d, p)));
	return granted.every((p) => denied.some((d) => globCovers(d, p) || globCovers(d, target.glob)));
}

const NONE: Statement[] = [];
/** The verdict of an action no statement applies to (most required actions of a large scenario): one shared object, never changed. */
const MISSING: ActionVerdict = { status: 'missing', by: NONE, also: NONE };

/** The verdict on one target from the statements that apply to the action. Arrays are made only when needed: most actions have one granting statement. */
function judgeTarget(statements: readonly Statement[], condition: (s: Statement) => ConditionOutcome, target: ResourceTarget, mode: 'all' | 'any'): ActionVerdict {
	let allowFull: Statement[] | undefined;
	let allowSome: Statement[] | undefined;
	let allowOpen: Statement[] | undefined;
	let denyFull: Statement[] | undefined;
	let denySome: Statement[] | undefined;
	let denyOpen: Statement[] | undefined;
	for (const s of statements) {
		const reached = reachTarget(s, target);
		if (reached === 'none') continue;
		const open = s.conditional && condition(s) === 'open';
		if (s.effect === 'Deny') {
			if (open) (denyOpen ??= []).push(s);
			else if (reached === 'full') (denyFull ??= []).push(s);
			else (denySome ??= []).push(s);
		} else if (open) (allowOpen ??= []).push(s);
		else if (reached === 'full') (allowFull ??= []).push(s);
		else (allowSome ??= []).push(s);
	}
	// The common case: granted by unconditional Allows, nothing else involved.
	if (allowFull && !allowSome && !denyFull && !denySome && !denyOpen) return { status: 'granted', by: allowFull, also: NONE };
	const allows = allowSome ? [...(allowFull ?? NONE), ...allowSome] : allowFull ?? NONE;
	if (denyFull) return { status: 'denied', by: denyFull, also: [...allows, ...(allowOpen ?? NONE)] };
	// What the Allows grant that no Deny blocks.
	const open = denySome ? allows.filter((a) => !denySome!.some((d) => denyCoversAllow(d, a, target))) : allows;
	if (allows.length > 0 && open.length === 0) return { status: 'denied', by: denySome!, also: allows };
	if (mode === 'any' ? open.length > 0 : !!allowFull) {
		if (mode === 'all' && denySome) return { status: 'partial', by: denySome, also: allowFull! };
		if (denyOpen) return { status: 'conditional', by: denyOpen, also: open };
		return { status: 'granted', by: mode === 'any' ? open : allowFull!, also: NONE };
	}
	const denies = [...(denySome ?? NONE), ...(denyOpen ?? NONE)];
	if (allowSome) return { status: 'partial', by: allowSome, also: denies };
	if (allowOpen) return { status: 'conditional', by: allowOpen, also: denies };
	// Nothing allows it and a Deny matches part of it: adding an Allow would not be enough.
	if (denySome) return { status: 'denied', by: denySome, also: NONE };
	return { status: 'missing', by: NONE, also: denyOpen ?? NONE };
}

function union(lists: Statement[][]): Statement[] {
	// Most often one list, or the same statements on every target.
	if (lists.every((l) => l === lists[0])) return lists[0] ?? NONE;
	const out = new Set<Statement>();
	for (const l of lists) for (const s of l) out.add(s);
	return [...out];
}

/** One verdict from the verdicts on each target the action needs. */
function combine(verdicts: ActionVerdict[], alternatives: boolean): ActionVerdict {
	if (verdicts.length === 1) return verdicts[0];
	const having = (status: ActionStatus) => verdicts.filter((v) => v.status === status);
	const merged = (list: ActionVerdict[], status: ActionStatus): ActionVerdict => ({ status, by: union(list.map((v) => v.by)), also: union(list.map((v) => v.also)) });
	if (alternatives) {
		// Each request acts on one of the types: one granted type suffices, unless a Deny blocks
		// another type on part of what is allowed there (then only some resources are left).
		const blocked = verdicts.filter((v) => v.status !== 'granted' && v.by.some((s) => s.effect === 'Deny'));
		if (blocked.length === 0) {
			for (const status of ['granted', 'conditional', 'partial'] as const) if (having(status).length > 0) return merged(having(status), status);
			return merged(verdicts, 'missing');
		}
		const hard = blocked.filter((v) => v.status === 'denied' || v.status === 'partial');
		if (hard.length === 0) return merged(blocked, 'conditional');
		const grantedElsewhere = having('granted').length > 0;
		if (!grantedElsewhere && hard.every((v) => v.status === 'denied')) return merged(hard, 'denied');
		return merged(hard, 'partial');
	}
	// Every target is needed: the worst decides; granted on some and missing on others is partial.
	if (having('denied').length > 0) return merged(having('denied'), 'denied');
	if (verdicts.every((v) => v.status === 'granted')) return merged(verdicts, 'granted');
	if (verdicts.every((v) => v.status === 'missing')) return merged(verdicts, 'missing');
	const partial = verdicts.filter((v) => v.status === 'partial' || v.status === 'granted');
	if (having('partial').length > 0 || (having('missing').length > 0 && having('granted').length > 0)) return merged(partial, 'partial');
	return merged(having('conditional'), 'conditional');
}

const defaultOutcome = (s: Statement): ConditionOutcome => (s.conditional ? 'open' : 'holds');

/** The evaluation context with conditions judged in a requirement set's request context (conditions.ts). */
export function withRequestContext(context: EvaluationContext | undefined, request: RequestContext | undefined): EvaluationContext | undefined {
	if (!request) return context;
	if (context?.condition) return { ...context, condition: (s) => conditionTruth(s.condition, request) };
	// One context per (catalog, request context): a scenario asks the same for each of its actions.
	let byCatalog = requestContexts.get(request);
	if (!byCatalog) requestContexts.set(request, (byCatalog = new Map()));
	let made = byCatalog.get(context?.catalog);
	if (!made) byCatalog.set(context?.catalog, (made = { ...context, condition: (s) => conditionTruth(s.condition, request) }));
	return made;
}

const requestContexts = new WeakMap<RequestContext, Map<ActionCatalog | undefined, EvaluationContext>>();

/**
 * The status of one required action. `action` is lower case; `wildcardOnly` marks actions that
 * the requirement set says cannot be scoped to a resource (the catalog says so for the others).
 */
export function evaluateAction(
	statements: readonly Statement[],
	action: string,
	scope: ResourceScope,
	wildcardOnly = false,
	index?: RequirementIndex,
	context: EvaluationContext = {},
): ActionVerdict {
	const id = index && !hasWildcard(action) ? index.idOf(action) : undefined;
	const candidates = id !== undefined ? index!.candidates(statements, id) : statements;
	if (candidates.length === 0) return MISSING;
	// Candidates found through the index list the action already (unless NotAction is involved).
	const listedAlready = id !== undefined && candidates !== statements;
	const condition = context.condition ?? defaultOutcome;
	// The candidates themselves unless one does not apply (most often all do).
	let applying: Statement[] | readonly Statement[] = candidates;
	for (let i = 0; i < candidates.length; i++) {
		const s = candidates[i];
		// A Condition that cannot hold in the restore's context: the statement does not apply.
		const applies = !!s.effect && (listedAlready || statementMatchesAction(s, action, index)) && !(s.conditional && condition(s) === 'fails');
		if (applies) {
			if (applying !== candidates) (applying as Statement[]).push(s);
		} else if (applying === candidates) applying = candidates.slice(0, i);
	}
	if (applying.length === 0) return MISSING;
	const targets: ActionTargets = actionTargets(context.catalog, action, scope, partitionOf(statements), wildcardOnly) ?? plainTargets(scope, false);
	// The resource-less `"*"` is always judged as a whole (mode `all`).
	const mode = targets.targets[0]?.star ? 'all' : targets.mode;
	// Optional resource types count only when no type is required (then one of them suffices); in
	// mode `any` a grant on any resource of the scope suffices, whatever its type. A scope that
	// names only optional types (one key pair of RunInstances) needs those.
	const alternatives = targets.alternatives || mode === 'any';
	const needed = alternatives ? targets.targets : neededTargets(targets);
	// The common case: unconditional Allows on "*" reach every target fully, so each target's verdict is "granted by them".
	if (needed.length > 0 && applying.every((s) => s.effect === 'Allow' && !(s.conditional && condition(s) === 'open') && reachesEverything(s))) {
		return { status: 'granted', by: applying as Statement[], also: NONE };
	}
	if (needed.length === 1) return judgeTarget(applying, condition, needed[0], mode);
	return combine(
		needed.map((t) => judgeTarget(applying, condition, t, mode)),
		alternatives,
	);
}

/** The required targets of an action (all of them when none is required), once per targets object. */
const neededMemo = new WeakMap<ActionTargets, readonly ResourceTarget[]>();
function neededTargets(targets: ActionTargets): readonly ResourceTarget[] {
	let needed = neededMemo.get(targets);
	if (!needed) {
		const required = targets.targets.filter((t) => t.required);
		neededMemo.set(targets, (needed = required.length > 0 ? required : targets.targets));
	}
	return needed;
}

/**
 * How much of what an action needs a statement's resources reach, judged by the action's resource
 * types when the catalog knows them (for placing a missing action where it will be granted):
 * `s3:ListBucket` placed beside `s3:GetObject` on `arn:aws:s3:::b/*` would be granted nowhere.
 */
export function reachForAction(statement: Statement, action: string, scope: ResourceScope, catalog: ActionCatalog | undefined): Reach {
	const targets = actionTargets(catalog, action.toLowerCase(), scope, policyPartition(resourcePatterns(statement)), false);
	if (!targets) return reach(statement, scope);
	const mode = targets.targets[0]?.star ? 'all' : targets.mode;
	const alternatives = targets.alternatives || mode === 'any';
	const each = (alternatives ? targets.targets : neededTargets(targets)).map((t) => reachTarget(statement, t));
	if (alternatives && each.some((r) => r === 'full' || (mode === 'any' && r === 'some'))) return 'full';
	if (!alternatives && each.every((r) => r === 'full')) return 'full';
	return each.some((r) => r !== 'none') ? 'some' : 'none';
}
