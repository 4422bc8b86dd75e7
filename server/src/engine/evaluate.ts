import { isWellFormedAction } from './actionShape';
import type { RequirementIndex } from './actionIndex';
import type { ActionCatalog } from './catalog';
import { conditionTruth, type RequestContext } from './conditions';
import { ActionMatcher, globCovers, globIntersects, hasWildcard } from './patterns';
import { coversEveryResource, type Statement } from './policyModel';
import type { ResourceScope } from './requirementSet';
import { actionTargets, plainTargets, policyPartition, type ActionTargets, type Reach, reachEach, reachKey, reachOf, type ResourceTarget, statementsPartition } from './resourceTypes';
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
	const listed = id !== undefined ? index!.listedBy(statement).has(id) : matcherOf(statement).matches(action);
	// NotAction applies to every action it does not list.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
	return statement.action.key === 'NotAction' ? !listed : listed;
}

/** A statement's action patterns compiled for repeated lookups, on first need (most checks go through the RequirementIndex). */
const matchers = new WeakMap<Statement, ActionMatcher>();
function matcherOf(statement: Statement): ActionMatcher {
	let matcher = matchers.get(statement);
	if (!matcher) matchers.set(statement, (matcher = new ActionMatcher(statement.action ? statement.action.values.map((v) => v.value) : [])));
	return matcher;
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

/** A statement's Resource read once: whether it is "*", its patterns and their memo key (made on first need: a "*" statement never needs them). */
interface ResourceView {
	/** `"Resource": "*"` and nothing known only at deploy time: it reaches every target fully. */
	everything: boolean;
	patterns?: string[];
	key?: string;
	reach?: Map<ResourceTarget, Reach>;
	/** The verdicts of actions this statement alone decides, by status (see judgeByOne): a handful per statement, shared by its actions. */
	alone?: Partial<Record<ActionStatus, ActionVerdict>>;
}

const resourceViews = new WeakMap<Statement, ResourceView>();

function resourceView(statement: Statement): ResourceView {
	let view = resourceViews.get(statement);
	if (!view) resourceViews.set(statement, (view = { everything: matchesEverything(statement) }));
	return view;
}

/** `"Resource": "*"` with nothing known only at deploy time beside it. */
function matchesEverything(statement: Statement): boolean {
	return coversEveryResource(statement) && statement.resource!.deployTime.length === 0;
}

/** The view's patterns, read on first need (not for a "*" statement), and their memo key. */
function viewed(statement: Statement, view: ResourceView): ResourceView & { patterns: string[]; key: string } {
	view.patterns ??= resourcePatterns(statement);
	view.key ??= reachKey(view.patterns, statement.resource?.key === 'NotResource');
	return view as ResourceView & { patterns: string[]; key: string };
}

function reachesEverything(statement: Statement): boolean {
	return !!statement.resource && resourceView(statement).everything;
}

function reachTarget(statement: Statement, target: ResourceTarget): Reach {
	if (!statement.resource) return 'none';
	const view = resourceView(statement);
	// "*" matches every ARN and the "*" of actions without a resource type.
	if (view.everything) return 'full';
	view.reach ??= new Map();
	let r = view.reach.get(target);
	if (r === undefined) {
		const { patterns, key } = viewed(statement, view);
		view.reach.set(target, (r = withDeployTime(statement, reachOf(patterns, statement.resource.key === 'NotResource', target, key))));
	}
	return r;
}

/** A statement's reach over an action's targets: one for all of them, or one per target. */
type Reaches = Reach | readonly Reach[];

/** How far the statement's Resource reaches each target of the list (the needed targets of an action); `view`: its resourceView, when the caller has it. */
function reachesOf(statement: Statement, targets: readonly ResourceTarget[], view = resourceView(statement)): Reaches {
	if (!statement.resource) return 'none';
	if (view.everything) return 'full';
	const { patterns, key } = viewed(statement, view);
	const each = reachEach(patterns, statement.resource.key === 'NotResource', targets, key);
	return statement.resource.deployTime.length === 0 ? each : each.map((r) => withDeployTime(statement, r));
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

/**
 * The verdict on one target (number `t` of the needed ones) from the statements that apply to the
 * action and their reaches. Arrays are made only when needed: most actions have one granting statement.
 */
function judgeTarget(statements: readonly Statement[], reaches: readonly Reaches[], t: number, condition: ConditionJudge, target: ResourceTarget, mode: 'all' | 'any'): ActionVerdict {
	let allowFull: Statement[] | undefined;
	let allowSome: Statement[] | undefined;
	let allowOpen: Statement[] | undefined;
	let denyFull: Statement[] | undefined;
	let denySome: Statement[] | undefined;
	let denyOpen: Statement[] | undefined;
	for (let k = 0; k < statements.length; k++) {
		const s = statements[k];
		const r = reaches[k];
		const reached = typeof r === 'string' ? r : r[t];
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
	return denyOpen ? { status: 'missing', by: NONE, also: denyOpen } : MISSING;
}

/** The union, in order, of the `by` or `also` lists of the picked verdicts (most often one list, or the same on every target). */
function union(verdicts: readonly ActionVerdict[], pick: (v: ActionVerdict) => boolean, list: 'by' | 'also'): Statement[] {
	let first: Statement[] | undefined;
	let out: Set<Statement> | undefined;
	for (const v of verdicts) {
		if (!pick(v)) continue;
		const l = v[list];
		if (first === undefined) first = l;
		else if (l !== first) {
			out ??= new Set(first);
			for (const s of l) out.add(s);
		}
	}
	return out ? [...out] : first ?? NONE;
}

function merged(verdicts: readonly ActionVerdict[], status: ActionStatus, pick: (v: ActionVerdict) => boolean): ActionVerdict {
	return { status, by: union(verdicts, pick, 'by'), also: union(verdicts, pick, 'also') };
}

const anyVerdict = () => true;
/** Without a Deny involved, one granted type suffices; else one that is allowed under a Condition, else on some resources. */
const PREFERRED = ['granted', 'conditional', 'partial'] as const;
const withStatus = (status: ActionStatus) => (v: ActionVerdict) => v.status === status;
/** Not granted, because of a Deny. */
const blockedVerdict = (v: ActionVerdict) => v.status !== 'granted' && v.by.some((s) => s.effect === 'Deny');
const hardBlocked = (v: ActionVerdict) => (v.status === 'denied' || v.status === 'partial') && blockedVerdict(v);

/** One verdict from the verdicts on each target the action needs. */
function combine(verdicts: readonly ActionVerdict[], alternatives: boolean): ActionVerdict {
	if (verdicts.length === 1) return verdicts[0];
	const count = { granted: 0, partial: 0, conditional: 0, denied: 0, missing: 0 };
	for (const v of verdicts) count[v.status]++;
	if (alternatives) {
		// Each request acts on one of the types: one granted type suffices, unless a Deny blocks
		// another type on part of what is allowed there (then only some resources are left).
		let blocked = 0;
		let hard = 0;
		let hardDenied = 0;
		for (const v of verdicts) {
			if (!blockedVerdict(v)) continue;
			blocked++;
			if (v.status === 'denied' || v.status === 'partial') hard++;
			if (v.status === 'denied') hardDenied++;
		}
		if (blocked === 0) {
			for (const status of PREFERRED) if (count[status] > 0) return merged(verdicts, status, withStatus(status));
			return merged(verdicts, 'missing', anyVerdict);
		}
		if (hard === 0) return merged(verdicts, 'conditional', blockedVerdict);
		const grantedElsewhere = count.granted > 0;
		if (!grantedElsewhere && hardDenied === hard) return merged(verdicts, 'denied', hardBlocked);
		return merged(verdicts, 'partial', hardBlocked);
	}
	// Every target is needed: the worst decides; granted on some and missing on others is partial.
	if (count.denied > 0) return merged(verdicts, 'denied', withStatus('denied'));
	if (count.granted === verdicts.length) return merged(verdicts, 'granted', anyVerdict);
	if (count.missing === verdicts.length) return merged(verdicts, 'missing', anyVerdict);
	if (count.partial > 0 || (count.missing > 0 && count.granted > 0)) return merged(verdicts, 'partial', (v) => v.status === 'partial' || v.status === 'granted');
	return merged(verdicts, 'conditional', withStatus('conditional'));
}

/** How a statement's Condition is judged (the context's own, or the default: any Condition is open). */
type ConditionJudge = (statement: Statement) => ConditionOutcome;

const defaultOutcome: ConditionJudge = (s) => (s.conditional ? 'open' : 'holds');

/** One judge per request context: the verdict memo below keys on it. */
const judges = new WeakMap<RequestContext, ConditionJudge>();
function judgeIn(request: RequestContext): ConditionJudge {
	let judge = judges.get(request);
	if (!judge) judges.set(request, (judge = (s) => conditionTruth(s.condition, request)));
	return judge;
}

/** The evaluation context with conditions judged in a requirement set's request context (conditions.ts). */
export function withRequestContext(context: EvaluationContext | undefined, request: RequestContext | undefined): EvaluationContext | undefined {
	if (!request) return context;
	if (context?.condition) return { ...context, condition: judgeIn(request) };
	// One context per (catalog, request context): a scenario asks the same for each of its actions.
	let byCatalog = requestContexts.get(request);
	if (!byCatalog) requestContexts.set(request, (byCatalog = new Map()));
	let made = byCatalog.get(context?.catalog);
	if (!made) byCatalog.set(context?.catalog, (made = { ...context, condition: judgeIn(request) }));
	return made;
}

const requestContexts = new WeakMap<RequestContext, Map<ActionCatalog | undefined, EvaluationContext>>();

/**
 * Verdicts per condition judge, candidate list (one array per set of listing statements,
 * actionIndex.ts) and targets object: the verdict depends on nothing else, so actions listed by the
 * same statements with the same resource types (targets are shared, resourceTypes.ts) are judged
 * once per analysis, for every scenario that needs them.
 */
const verdictMemo = new WeakMap<ConditionJudge, WeakMap<readonly Statement[], Map<ActionTargets, ActionVerdict>>>();

function verdictsBy(condition: ConditionJudge): WeakMap<readonly Statement[], Map<ActionTargets, ActionVerdict>> {
	let byCandidates = verdictMemo.get(condition);
	if (!byCandidates) verdictMemo.set(condition, (byCandidates = new WeakMap()));
	return byCandidates;
}

/** The verdict on candidates that all list the action (found through the index, no NotAction among them). */
function listedVerdict(verdicts: WeakMap<readonly Statement[], Map<ActionTargets, ActionVerdict>>, candidates: readonly Statement[], condition: ConditionJudge, targets: ActionTargets): ActionVerdict {
	// One statement: judging it again costs less than a memo (its verdicts are made once, judgeByOne).
	if (candidates.length === 1) return judgeAction(applyingStatements(candidates, condition), condition, targets);
	let byTargets = verdicts.get(candidates);
	if (!byTargets) verdicts.set(candidates, (byTargets = new Map()));
	let verdict = byTargets.get(targets);
	if (!verdict) byTargets.set(targets, (verdict = judgeAction(applyingStatements(candidates, condition), condition, targets)));
	return verdict;
}

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
	const condition = context.condition ?? defaultOutcome;
	const targets: ActionTargets = actionTargets(context.catalog, action, scope, statementsPartition(statements), wildcardOnly) ?? plainTargets(scope, false);
	// Candidates found through the index list the action already (unless NotAction is involved):
	// which of them apply no longer depends on the action.
	if (id === undefined || candidates === statements) return judgeAction(applyingStatements(candidates, condition, action, index), condition, targets);
	return listedVerdict(verdictsBy(condition), candidates, condition, targets);
}

/** A requirement set's actions as evaluation reads them (a CompiledRequirementSet): lower-case names, scope, wildcard-only names and request context per action. */
export interface RequiredActions {
	readonly lower: readonly string[];
	readonly scopes: readonly ResourceScope[];
	readonly wildcardOnly: ReadonlySet<string>;
	readonly contexts: readonly (RequestContext | undefined)[];
}

/** Per required action: its index id (undefined for a wildcard), its targets and its condition judge. */
interface ActionPlan {
	index: RequirementIndex;
	catalog: ActionCatalog | undefined;
	ids: (number | undefined)[];
	targets: ActionTargets[];
	judges: ConditionJudge[];
}

/** Plans per set of actions and partition, made once per checker (not per analysis). */
const plans = new WeakMap<RequiredActions, Map<string, ActionPlan>>();

function planOf(actions: RequiredActions, index: RequirementIndex, catalog: ActionCatalog | undefined, partition: string): ActionPlan {
	let byPartition = plans.get(actions);
	if (!byPartition) plans.set(actions, (byPartition = new Map()));
	let plan = byPartition.get(partition);
	if (!plan || plan.index !== index || plan.catalog !== catalog) {
		plan = {
			index,
			catalog,
			ids: actions.lower.map((a) => (hasWildcard(a) ? undefined : index.idOf(a))),
			targets: actions.lower.map((a, i) => actionTargets(catalog, a, actions.scopes[i], partition, actions.wildcardOnly.has(a)) ?? plainTargets(actions.scopes[i], false)),
			judges: actions.contexts.map((request) => (request ? judgeIn(request) : defaultOutcome)),
		};
		byPartition.set(partition, plan);
	}
	return plan;
}

/** The verdict on each required action of a set, in order: {@link evaluateAction} for each, with what depends only on the set worked out once. */
export function evaluateActions(statements: readonly Statement[], actions: RequiredActions, index?: RequirementIndex, context: EvaluationContext = {}): ActionVerdict[] {
	const each = (i: number) => evaluateAction(statements, actions.lower[i], actions.scopes[i], actions.wildcardOnly.has(actions.lower[i]), index, withRequestContext(context, actions.contexts[i]));
	// A caller's own condition judge: one action at a time.
	if (!index || context.condition) return actions.lower.map((_, i) => each(i));
	const plan = planOf(actions, index, context.catalog, statementsPartition(statements));
	const out: ActionVerdict[] = new Array(actions.lower.length);
	let judge: ConditionJudge | undefined;
	let verdicts = verdictsBy(defaultOutcome);
	const candidatesOf = index.candidatesOf(statements);
	for (let i = 0; i < out.length; i++) {
		const id = plan.ids[i];
		const candidates = id === undefined ? statements : candidatesOf(id);
		if (candidates.length === 0) out[i] = MISSING;
		else if (id === undefined || candidates === statements) out[i] = each(i);
		else {
			const condition = plan.judges[i];
			if (condition !== judge) verdicts = verdictsBy((judge = condition));
			out[i] = listedVerdict(verdicts, candidates, condition, plan.targets[i]);
		}
	}
	return out;
}

/**
 * The candidates that apply: those with an Effect, that match the action (when given: candidates
 * not found through the index), and whose Condition can hold in the restore's context. The
 * candidates array itself when all of them do (most often).
 */
function applyingStatements(candidates: readonly Statement[], condition: ConditionJudge, action?: string, index?: RequirementIndex): readonly Statement[] {
	let applying: Statement[] | readonly Statement[] = candidates;
	for (let i = 0; i < candidates.length; i++) {
		const s = candidates[i];
		// A Condition that cannot hold in the restore's context: the statement does not apply.
		const applies = !!s.effect && (action === undefined || statementMatchesAction(s, action, index)) && !(s.conditional && condition(s) === 'fails');
		if (applies) {
			if (applying !== candidates) (applying as Statement[]).push(s);
		} else if (applying === candidates) applying = candidates.slice(0, i);
	}
	return applying;
}

/** The verdict of the applying statements on the action's targets. */
function judgeAction(applying: readonly Statement[], condition: ConditionJudge, targets: ActionTargets): ActionVerdict {
	if (applying.length === 0) return MISSING;
	// The resource-less `"*"` is always judged as a whole (mode `all`).
	const mode = targets.targets[0]?.star ? 'all' : targets.mode;
	// Optional resource types count only when no type is required (then one of them suffices); in
	// mode `any` a grant on any resource of the scope suffices, whatever its type. A scope that
	// names only optional types (one key pair of RunInstances) needs those.
	const alternatives = targets.alternatives || mode === 'any';
	const needed = alternatives ? targets.targets : neededTargets(targets);
	if (applying.length === 1) return judgeByOne(applying, needed, condition, mode, alternatives);
	// The common case: unconditional Allows on "*" reach every target fully, so each target's verdict is "granted by them".
	if (needed.length > 0 && grantEverything(applying, condition)) return { status: 'granted', by: applying as Statement[], also: NONE };
	const reaches = applying.map((s) => reachesOf(s, needed));
	if (needed.length === 1) return judgeTarget(applying, reaches, 0, condition, needed[0], mode);
	const verdicts: ActionVerdict[] = new Array(needed.length);
	for (let t = 0; t < needed.length; t++) {
		// Targets the statements reach alike have one verdict (most of ec2:CreateTags' 106 types),
		// unless a Deny reaches some of it: whether it covers the Allows then depends on the target.
		verdicts[t] = t > 0 && reachedAlike(applying, reaches, t - 1, t) ? verdicts[t - 1] : judgeTarget(applying, reaches, t, condition, needed[t], mode);
	}
	return combine(verdicts, alternatives);
}

/**
 * The verdict when one statement applies (most actions of a large policy are listed once): what
 * judgeTarget and combine give for it, from how many of the needed targets it reaches fully or in
 * part, without a verdict per target. With no second statement, no Deny weighs against an Allow: a
 * Deny denies wherever it reaches, and an Allow's Condition left open makes it conditional.
 * `alone`: the one-statement list (the candidates array), which the verdict names as deciding.
 */
function judgeByOne(alone: readonly Statement[], needed: readonly ResourceTarget[], condition: ConditionJudge, mode: 'all' | 'any', alternatives: boolean): ActionVerdict {
	const s = alone[0];
	// The statement's view, looked up once for its reach and its verdict.
	const view = resourceView(s);
	const reaches = reachesOf(s, needed, view);
	const count = needed.length;
	let full = 0;
	let some = 0;
	for (let t = 0; t < count; t++) {
		const r = typeof reaches === 'string' ? reaches : reaches[t];
		if (r === 'full') full++;
		else if (r === 'some') some++;
	}
	if (full + some === 0) return MISSING;
	const open = s.conditional && condition(s) === 'open';
	if (s.effect === 'Deny') return aloneVerdict(view, alone, open ? 'missing' : 'denied');
	if (open) return aloneVerdict(view, alone, 'conditional');
	// In mode `any` a grant on part of a target's resources is a grant.
	const granted = mode === 'any' ? full + some : full;
	return aloneVerdict(view, alone, (alternatives ? granted > 0 : granted === count) ? 'granted' : 'partial');
}

/** The verdict of a status that one statement decides, made once per statement; `missing` is a Deny's whose Condition is open. */
function aloneVerdict(view: ResourceView, alone: readonly Statement[], status: ActionStatus): ActionVerdict {
	const made = (view.alone ??= {});
	return (made[status] ??= status === 'missing' ? { status, by: NONE, also: alone as Statement[] } : { status, by: alone as Statement[], also: NONE });
}

/** Does every statement reach targets `a` and `b` alike, with no Deny reaching only some of them? */
function reachedAlike(statements: readonly Statement[], reaches: readonly Reaches[], a: number, b: number): boolean {
	for (let k = 0; k < reaches.length; k++) {
		const r = reaches[k];
		if (typeof r === 'string') continue;
		if (r[a] !== r[b] || (r[b] === 'some' && statements[k].effect === 'Deny')) return false;
	}
	return true;
}

/** Are all the statements unconditional (or holding) Allows on "*"? */
function grantEverything(statements: readonly Statement[], condition: ConditionJudge): boolean {
	for (const s of statements) if (s.effect !== 'Allow' || (s.conditional && condition(s) === 'open') || !reachesEverything(s)) return false;
	return true;
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
