import { globCovers, globIntersects, hasWildcard, isMatchAll } from './patterns';
import type { RequirementIndex } from './actionIndex';
import type { Statement } from './policyModel';
import type { ResourceScope } from './requirementSet';
import type { ActionStatus } from './types';

/**
 * IAM policy evaluation for one action over the resources a scenario needs, within one identity
 * policy (or several, for a role): an explicit Deny beats any Allow, and nothing is allowed unless
 * an Allow says so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** How a statement's Resource/NotResource relates to the scenario's resources. */
type Reach = 'full' | 'some' | 'none';

export interface ActionVerdict {
	status: ActionStatus;
	/** The statements that decide the status (Allow for granted/partial/conditional, Deny for denied). */
	by: Statement[];
	/** Allow statements that would grant it but are overridden (by a Deny) or limited. */
	also: Statement[];
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
	const patterns = statement.action!.values.map((v) => v.value.trim().toLowerCase());
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

/**
 * Reach of the statement's resources over one scope pattern. `Resource` reaches what its patterns
 * match; `NotResource` everything except what its patterns match.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
function reachOver(statement: Statement, scope: string): Reach {
	const patterns = resourcePatterns(statement);
	if (!statement.resource) return 'none';
	if (statement.resource.key === 'Resource') {
		if (patterns.some((p) => globCovers(p, scope))) return 'full';
		return patterns.some((p) => globIntersects(p, scope)) ? 'some' : 'none';
	}
	if (patterns.some((p) => globCovers(p, scope))) return 'none';
	return patterns.some((p) => globIntersects(p, scope)) ? 'some' : 'full';
}

/** Reach over the whole scope: `all` needs every pattern fully; `any` needs some resource in scope. */
export function reach(statement: Statement, scope: ResourceScope, asAll = false): Reach {
	let memo = reachMemo.get(statement);
	if (!memo) reachMemo.set(statement, (memo = new Map()));
	const key = asAll ? allKey(scope) : scope;
	let r = memo.get(key);
	if (r === undefined) memo.set(key, (r = computeReach(statement, scope, asAll ? 'all' : scope.mode)));
	return r;
}

/** Reach per statement and scope object: scopes are shared by every action of a set. */
const reachMemo = new WeakMap<Statement, Map<object, Reach>>();
const allKeys = new WeakMap<ResourceScope, object>();
function allKey(scope: ResourceScope): object {
	let k = allKeys.get(scope);
	if (!k) allKeys.set(scope, (k = {}));
	return k;
}

function computeReach(statement: Statement, scope: ResourceScope, mode: 'all' | 'any'): Reach {
	const each = scope.resources.map((r) => reachOver(statement, r));
	if (mode === 'any') {
		if (each.includes('full') || each.includes('some')) return 'full';
		return 'none';
	}
	if (each.every((r) => r === 'full')) return 'full';
	return each.some((r) => r !== 'none') ? 'some' : 'none';
}

/** The scope of actions that cannot be scoped to a resource. */
const EVERY_RESOURCE: ResourceScope = { mode: 'all', resources: ['*'] };

/** For scope mode `any`: does the Deny cover every resource the Allow grants? */
function denyCoversAllow(deny: Statement, allow: Statement): boolean {
	if (deny.resource?.key !== 'Resource' || allow.resource?.key !== 'Resource') return deny.resource?.key === 'Resource' && resourcePatterns(deny).some(isMatchAll);
	const denied = resourcePatterns(deny);
	return resourcePatterns(allow).every((a) => denied.some((d) => globCovers(d, a)));
}

/**
 * The status of one required action. `action` is lower case; `wildcardOnly` marks actions that
 * cannot be scoped to a resource, for which only `"Resource": "*"` grants anything.
 */
export function evaluateAction(statements: readonly Statement[], action: string, scope: ResourceScope, wildcardOnly = false, index?: RequirementIndex): ActionVerdict {
	const effectiveScope: ResourceScope = wildcardOnly ? EVERY_RESOURCE : scope;
	const id = index && !hasWildcard(action) ? index.idOf(action) : undefined;
	const candidates = id !== undefined ? index!.candidates(statements, id) : statements;
	// Candidates found through the index list the action already (unless NotAction is involved).
	const listedAlready = id !== undefined && candidates !== statements;
	// Arrays are created only when needed: most actions are granted by exactly one statement.
	let allowFull: Statement[] | undefined;
	let allowSome: Statement[] | undefined;
	let allowConditional: Statement[] | undefined;
	let denyFull: Statement[] | undefined;
	let denySome: Statement[] | undefined;
	let denyConditional: Statement[] | undefined;
	for (const s of candidates) {
		if (!s.effect || (!listedAlready && !statementMatchesAction(s, action, index))) continue;
		// A Deny blocks the scenario only where it covers the scope; in mode `any` a Deny on one table
		// leaves the others, so Denies are always measured against the whole scope.
		const r = reach(s, effectiveScope, s.effect === 'Deny');
		if (r === 'none') continue;
		if (s.effect === 'Deny') {
			if (s.conditional) (denyConditional ??= []).push(s);
			else if (r === 'full') (denyFull ??= []).push(s);
			else (denySome ??= []).push(s);
		} else if (s.conditional) (allowConditional ??= []).push(s);
		else if (r === 'full') (allowFull ??= []).push(s);
		else (allowSome ??= []).push(s);
	}
	const none: Statement[] = [];
	if (denyFull) return { status: 'denied', by: denyFull, also: [...(allowFull ?? none), ...(allowSome ?? none), ...(allowConditional ?? none)] };
	if (allowFull) {
		if (denySome) {
			if (effectiveScope.mode === 'all') return { status: 'partial', by: denySome, also: allowFull };
			const open = allowFull.filter((a) => !denySome!.some((d) => denyCoversAllow(d, a)));
			if (open.length === 0) return { status: 'denied', by: denySome, also: allowFull };
			return denyConditional ? { status: 'conditional', by: denyConditional, also: open } : { status: 'granted', by: open, also: none };
		}
		if (denyConditional) return { status: 'conditional', by: denyConditional, also: allowFull };
		return { status: 'granted', by: allowFull, also: none };
	}
	const denies = [...(denySome ?? none), ...(denyConditional ?? none)];
	if (allowSome) return { status: 'partial', by: allowSome, also: denies };
	if (allowConditional) return { status: 'conditional', by: allowConditional, also: denies };
	if (denySome) return { status: 'denied', by: denySome, also: none };
	return { status: 'missing', by: none, also: denyConditional ?? none };
}

