import { globCovers, globIntersects, hasWildcard, isMatchAll } from './patterns';
import type { PolicyModel, Statement } from './policyModel';
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
export function statementMatchesAction(statement: Statement, action: string): boolean {
	if (!statement.action) return false;
	if (hasWildcard(action)) return statementMatchesWildcard(statement, action);
	const listed = statement.matcher.matches(action);
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
export function reach(statement: Statement, scope: ResourceScope): Reach {
	const each = scope.resources.map((r) => reachOver(statement, r));
	if (scope.mode === 'any') {
		if (each.includes('full') || each.includes('some')) return 'full';
		return 'none';
	}
	if (each.every((r) => r === 'full')) return 'full';
	return each.some((r) => r !== 'none') ? 'some' : 'none';
}

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
export function evaluateAction(statements: readonly Statement[], action: string, scope: ResourceScope, wildcardOnly = false): ActionVerdict {
	const effectiveScope: ResourceScope = wildcardOnly ? { mode: 'all', resources: ['*'] } : scope;
	const allowFull: Statement[] = [];
	const allowSome: Statement[] = [];
	const allowConditional: Statement[] = [];
	const denyFull: Statement[] = [];
	const denySome: Statement[] = [];
	const denyConditional: Statement[] = [];
	for (const s of statements) {
		if (!s.effect || !statementMatchesAction(s, action)) continue;
		// A Deny blocks the scenario only where it covers the scope; in mode `any` a Deny on one table
		// leaves the others, so Denies are always measured against the whole scope.
		const r = reach(s, s.effect === 'Deny' ? { ...effectiveScope, mode: 'all' } : effectiveScope);
		if (r === 'none') continue;
		if (s.effect === 'Deny') {
			(s.conditional ? denyConditional : r === 'full' ? denyFull : denySome).push(s);
		} else {
			(s.conditional ? allowConditional : r === 'full' ? allowFull : allowSome).push(s);
		}
	}
	const allows = [...allowFull, ...allowSome, ...allowConditional];
	if (denyFull.length > 0) return { status: 'denied', by: denyFull, also: allows };
	if (allowFull.length > 0) {
		if (denySome.length > 0) {
			if (effectiveScope.mode === 'all') return { status: 'partial', by: denySome, also: allowFull };
			const open = allowFull.filter((a) => !denySome.some((d) => denyCoversAllow(d, a)));
			if (open.length === 0) return { status: 'denied', by: denySome, also: allowFull };
			return denyConditional.length > 0
				? { status: 'conditional', by: denyConditional, also: open }
				: { status: 'granted', by: open, also: [] };
		}
		if (denyConditional.length > 0) return { status: 'conditional', by: denyConditional, also: allowFull };
		return { status: 'granted', by: allowFull, also: [] };
	}
	if (allowSome.length > 0) return { status: 'partial', by: allowSome, also: [...denySome, ...denyConditional] };
	if (allowConditional.length > 0) return { status: 'conditional', by: allowConditional, also: [...denySome, ...denyConditional] };
	if (denySome.length > 0) return { status: 'denied', by: denySome, also: [] };
	return { status: 'missing', by: [], also: denyConditional };
}

/** All statements of one or more policies, for evaluating a role as a whole. */
export function allStatements(models: readonly PolicyModel[]): Statement[] {
	return models.flatMap((m) => m.statements);
}
