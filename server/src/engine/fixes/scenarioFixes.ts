import { removeArrayElement } from '../edits';
import { coversEveryResource, statementLabel } from '../policyModel';
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

/** The Resource value a new statement for the scenario needs. */
function scopeResource(result: ScenarioResult): string | string[] {
	const resources = result.compiled.set.resourceScope.resources;
	return resources.length === 1 ? resources[0] : resources;
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
	if (target?.action?.key === 'Action') {
		const edits = addToStringList(ctx.text, target.action.valueNode, actions, ctx.layout);
		if (edits.length > 0) return [{ title: `Add the ${what} to ${statementLabel(target)}`, edits, isPreferred: true, fixAll: true }];
	}
	const sid = uniqueSid(model, result.compiled.set.id);
	const statement = { Sid: sid, Effect: 'Allow', Action: [...actions].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())), Resource: scopeResource(result) };
	const edits = addStatementEdits(model, ctx.text, statement, ctx.layout);
	return edits.length > 0 ? [{ title: `Add a statement "${sid}" that allows the ${what}`, edits, isPreferred: true, fixAll: true }] : [];
};

/** scenario-partial on an Allow: grant the actions on the scenario's resources in a new statement. */
export const widenPartial: FixProvider = (ctx) => {
	const result = scenarioOf(ctx);
	const model = ctx.analysis.model;
	const statement = statementAt(model, ctx.finding.data?.statement);
	const actions = actionsOf(ctx);
	if (!result || !model || !statement || statement.effect !== 'Allow' || actions.length === 0) return [];
	const resource = scopeResource(result);
	const sid = uniqueSid(model, result.compiled.set.id, 'AllResources');
	const edits = addStatementEdits(model, ctx.text, { Sid: sid, Effect: 'Allow', Action: [...actions].sort(), Resource: resource }, ctx.layout);
	return edits.length > 0
		? [{ title: `Allow the ${plural(actions.length, 'action')} on ${JSON.stringify(resource)} in a new statement "${sid}"`, edits, isPreferred: true, fixAll: !coversEveryResource(statement) }]
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
		const edits = addToStringList(ctx.text, statement.action.valueNode, actions, ctx.layout);
		return edits.length > 0 ? [{ title, edits, isPreferred: false, fixAll: false }] : [];
	}
	const list = statement.action.valueNode;
	if (list.type !== 'array') return [];
	const wanted = new Set(actions.map((a) => a.toLowerCase()));
	const indices = (list.children ?? []).map((n, i) => (typeof n.value === 'string' && wanted.has(n.value.trim().toLowerCase()) ? i : -1)).filter((i) => i >= 0);
	// Every denied action must be listed by name, and something must remain denied.
	if (indices.length < wanted.size || indices.length >= (list.children?.length ?? 0)) return [];
	const edits = indices.reverse().map((i) => removeArrayElement(ctx.text, list, i));
	return [{ title, edits: mergeRemovals(edits), isPreferred: false, fixAll: false }];
};

/** Adjacent removals computed independently can touch; merge them so edits never overlap. */
function mergeRemovals(edits: { offset: number; length: number; newText: string }[]): { offset: number; length: number; newText: string }[] {
	const sorted = [...edits].sort((a, b) => a.offset - b.offset);
	const out: typeof sorted = [];
	for (const e of sorted) {
		const last = out[out.length - 1];
		if (last && e.offset < last.offset + last.length) {
			const end = Math.max(last.offset + last.length, e.offset + e.length);
			last.length = end - last.offset;
		} else out.push({ ...e });
	}
	return out;
}

/** trust-principal-missing: add the service to an existing trust statement, or a new statement. */
export const addTrust: FixProvider = (ctx) => {
	const model = ctx.analysis.model;
	const principal = ctx.finding.data?.principal;
	const type = ctx.finding.data?.principalType;
	const action = ctx.finding.data?.action;
	if (!model || typeof principal !== 'string' || typeof type !== 'string' || typeof action !== 'string') return [];
	const title = `Let ${type} principal "${principal}" perform ${action}`;
	for (const s of model.statements) {
		if (s.effect !== 'Allow' || s.conditional || s.principal?.key !== 'Principal' || s.action?.key !== 'Action') continue;
		if (!s.action.values.some((v) => v.value.trim().toLowerCase() === action.toLowerCase())) continue;
		const principalValue = s.principal.property.children?.[1];
		const typed = principalValue?.type === 'object' ? principalValue.children?.find((p) => p.children?.[0]?.value === type)?.children?.[1] : undefined;
		if (typed && (typed.type === 'string' || typed.type === 'array')) {
			const edits = addToStringList(ctx.text, typed, [principal], ctx.layout);
			if (edits.length > 0) return [{ title: `${title} (added to ${statementLabel(s)})`, edits, isPreferred: true, fixAll: true }];
		}
	}
	const edits = addStatementEdits(model, ctx.text, { Effect: 'Allow', Principal: { [type]: principal }, Action: action }, ctx.layout);
	return edits.length > 0 ? [{ title: `${title} (new statement)`, edits, isPreferred: true, fixAll: true }] : [];
};
