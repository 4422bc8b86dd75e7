import { reachForAction } from '../evaluate';
import { coversEveryResource, PolicyModel, statementLabel } from '../policyModel';
import type { ResourceScope } from '../requirementSet';
import type { ScenarioResult } from '../scenarioCheck';
import { addStatementEdits, addToStringList, statementAt, uniqueSid } from './statements';
import type { FixContext, FixProvider } from './types';

function scenarioOf(ctx: FixContext): ScenarioResult | undefined {
	const id = ctx.finding.data?.scenario;
	return ctx.analysis.scenarios.find((s) => s.compiled.set.id === id);
}

function actionsOf(ctx: FixContext): string[] {
	const actions = ctx.finding.data?.actions;
	return Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : [];
}

/** The resources an action must be allowed on: "*" for actions that cannot be scoped, else its scope. */
function scopeOf(result: ScenarioResult, action: string): ResourceScope {
	const compiled = result.compiled;
	const lower = action.toLowerCase();
	if (compiled.wildcardOnly.has(lower)) return { mode: 'all', resources: ['*'] };
	const i = compiled.lower.indexOf(lower);
	return (compiled as { scopes?: ResourceScope[] }).scopes?.[i] ?? compiled.set.resourceScope;
}

function resourceValue(scope: ResourceScope): string | string[] {
	return scope.resources.length === 1 ? scope.resources[0] : [...scope.resources];
}

function byName(a: string, b: string): number {
	return a.toLowerCase().localeCompare(b.toLowerCase());
}

/** New Allow statements for actions, one per resource scope they need, with unique Sids. */
function newStatements(model: PolicyModel, result: ScenarioResult, actions: string[], suffix = ''): Record<string, unknown>[] {
	const groups = new Map<string, { scope: ResourceScope; actions: string[] }>();
	for (const a of actions) {
		const scope = scopeOf(result, a);
		const key = JSON.stringify(scope.resources);
		const group = groups.get(key) ?? { scope, actions: [] };
		group.actions.push(a);
		groups.set(key, group);
	}
	const taken = new Set<string>();
	return [...groups.values()].map((g) => {
		const sid = uniqueSid(model, result.compiled.set.id, suffix, taken);
		taken.add(sid);
		return { Sid: sid, Effect: 'Allow', Action: [...g.actions].sort(byName), Resource: resourceValue(g.scope) };
	});
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** scenario-missing: add the actions to the best Allow statement, or as a new statement. */
export const addMissingActions: FixProvider = (ctx) => {
	const result = scenarioOf(ctx);
	const model = ctx.analysis.model;
	const actions = actionsOf(ctx);
	if (!result || !model || actions.length === 0) return [];
	const what = `${plural(actions.length, 'missing action')} of ${result.compiled.set.shortTitle}`;
	const target = statementAt(model, ctx.finding.data?.statement);
	// Actions go into the target statement when its resources reach what each action needs.
	const fits = target?.action?.key === 'Action' ? actions.filter((a) => reachForAction(target, a, scopeOf(result, a), result.catalog) === 'full') : [];
	const rest = actions.filter((a) => !fits.includes(a));
	const added = rest.length > 0 ? newStatements(model, result, rest) : [];
	const edits = [
		...(target && fits.length > 0 ? addToStringList(ctx.editor, target.action!.valueNode, fits) : []),
		...(added.length > 0 ? addStatementEdits(model, ctx.editor, added) : []),
	];
	if (edits.length === 0) return [];
	const sids = added.map((st) => `"${String(st.Sid)}"`).join(', ');
	const title =
		rest.length === 0
			? `Add the ${what} to ${statementLabel(target!)}`
			: fits.length === 0
				? `Add ${added.length === 1 ? 'a statement' : 'statements'} ${sids} that allow${added.length === 1 ? 's' : ''} the ${what}`
				: `Add the ${what}: ${fits.length} to ${statementLabel(target!)}, ${rest.length} in ${sids}`;
	return [{ title, edits, isPreferred: true, fixAll: true }];
};

/** scenario-partial on an Allow: grant the actions on the scenario's resources in a new statement. */
export const widenPartial: FixProvider = (ctx) => {
	const result = scenarioOf(ctx);
	const model = ctx.analysis.model;
	const statement = statementAt(model, ctx.finding.data?.statement);
	const actions = actionsOf(ctx);
	if (!result || !model || !statement || statement.effect !== 'Allow' || actions.length === 0) return [];
	const statements = newStatements(model, result, actions, 'AllResources');
	const edits = addStatementEdits(model, ctx.editor, statements);
	const where = [...new Set(statements.map((st) => JSON.stringify(st.Resource)))].join(', ');
	const sids = statements.map((st) => `"${String(st.Sid)}"`).join(', ');
	return edits.length > 0
		? [{ title: `Allow the ${plural(actions.length, 'action')} on ${where} in a new statement ${sids}`, edits, isPreferred: true, fixAll: !coversEveryResource(statement) }]
		: [];
};

/**
 * scenario-denied: exempt the actions from the Deny. Offered only when that is exact (the actions
 * are listed one by one, or the Deny uses NotAction); never preferred, never in fix-all.
 */
export const exemptFromDeny: FixProvider = (ctx) => {
	const model = ctx.analysis.model;
	const statement = statementAt(model, ctx.finding.data?.statement);
	const actions = actionsOf(ctx);
	if (!statement?.action || statement.effect !== 'Deny' || actions.length === 0) return [];
	const title = `Exempt ${actions.join(', ')} from the Deny in ${statementLabel(statement)} (weakens a guard-rail)`;
	if (statement.action.key === 'NotAction') {
		const edits = addToStringList(ctx.editor, statement.action.valueNode, actions);
		return edits.length > 0 ? [{ title, edits, isPreferred: false, fixAll: false }] : [];
	}
	const list = statement.action.valueNode;
	if (list.type !== 'array') return [];
	const wanted = new Set(actions.map((a) => a.toLowerCase()));
	const indices = (list.children ?? []).map((n, i) => (typeof n.value === 'string' && wanted.has(n.value.trim().toLowerCase()) ? i : -1)).filter((i) => i >= 0);
	// Every denied action must be listed by name, and something must remain denied.
	if (indices.length < wanted.size || indices.length >= (list.children?.length ?? 0)) return [];
	const edits = ctx.editor.removeListItems(list, indices);
	return edits ? [{ title, edits, isPreferred: false, fixAll: false }] : [];
};

/** trust-principal-missing: add the service to an existing trust statement, or a new statement. */
export const addTrust: FixProvider = (ctx) => {
	const model = ctx.analysis.model;
	const principal = ctx.finding.data?.principal;
	const type = ctx.finding.data?.principalType;
	const action = ctx.finding.data?.action;
	if (!model || typeof principal !== 'string' || typeof type !== 'string' || typeof action !== 'string') return [];
	// A placeholder (`<Role ARN>`) is written for the user to replace: never unattended, and never twice.
	const placeholder = ctx.finding.data?.placeholder === true;
	if (placeholder && model.statements.some((s) => s.principal?.entries.some((e) => e.value === principal))) return [];
	const title = `Let ${type} principal "${principal}" perform ${action}`;
	for (const s of model.statements) {
		if (s.effect !== 'Allow' || s.conditional || s.principal?.key !== 'Principal' || s.action?.key !== 'Action') continue;
		if (!s.action.values.some((v) => v.value.trim().toLowerCase() === action.toLowerCase())) continue;
		const principalValue = s.principal.property.children?.[1];
		const typed = principalValue?.type === 'object' ? principalValue.children?.find((p) => p.children?.[0]?.value === type)?.children?.[1] : undefined;
		if (typed && (typed.type === 'string' || typed.type === 'array')) {
			const edits = addToStringList(ctx.editor, typed, [principal]);
			if (edits.length > 0) return [{ title: `${title} (added to ${statementLabel(s)})`, edits, isPreferred: true, fixAll: !placeholder }];
		}
	}
	const edits = addStatementEdits(model, ctx.editor, { Effect: 'Allow', Principal: { [type]: principal }, Action: action });
	return edits.length > 0 ? [{ title: `${title} (new statement)`, edits, isPreferred: true, fixAll: !placeholder }] : [];
};
