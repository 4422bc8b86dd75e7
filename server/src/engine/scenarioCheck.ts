import type { RequirementIndex } from './actionIndex';
import type { ActionCatalog } from './catalog';
import { DiagnosticCode } from './codes';
import { evaluateActions, type EvaluationContext, reach, statementMatchesAction } from './evaluate';
import { coversEveryResource, nodeSpan, PolicyModel, Statement, statementLabel } from './policyModel';
import { CompiledRequirementSet, scenarioLabel } from './requirements';
import type { ActionStatus, Finding, RelatedSpan, Span } from './types';

/** The outcome for one required action. */
export interface ActionResult {
	action: string;
	status: ActionStatus;
	by: Statement[];
	also: Statement[];
}

/** The outcome of a trust-policy check for one principal. */
export interface TrustResult {
	principal: string;
	principalType: string;
	action: string;
	status: 'granted' | 'missing' | 'conditional' | 'denied';
	by: Statement[];
	/** The principal is a placeholder (`<Role ARN>`) that any principal of its type satisfies. */
	placeholder?: boolean;
	/** Statements that would grant it but still hold the source's placeholder text instead of a principal. */
	unreplaced?: Statement[];
}

export interface ScenarioResult {
	compiled: CompiledRequirementSet;
	inferred: boolean;
	/** Why it was inferred (for the announcement and reports). */
	reason?: string;
	/** Permission checks: one per required action (empty for a trust policy). */
	actions: ActionResult[];
	/** Trust checks: only for trust policies of scenarios that need a trust relationship. */
	trust: TrustResult[];
	satisfied: boolean;
	granted: number;
	/** The catalog the actions were judged with (resource types), for fixes that place actions. */
	catalog?: ActionCatalog;
}

/**
 * Results per statement list, scenario and catalog: inference measures rival scenarios with the
 * same evaluation the findings use, and the one it picks is then not evaluated a second time.
 * The results are shared: callers never change them (they map to new arrays).
 */
const scenarioMemo = new WeakMap<readonly Statement[], Map<CompiledRequirementSet, { catalog: ActionCatalog | undefined; index: RequirementIndex | undefined; results: readonly ActionResult[] }>>();

/** Evaluates every required action of a scenario against the statements (of one policy or a whole role). */
export function evaluateScenario(statements: readonly Statement[], compiled: CompiledRequirementSet, index?: RequirementIndex, context?: EvaluationContext): ActionResult[] {
	// Only the catalog-only context (the one every caller passes) is remembered: a caller's own condition judge is not a key.
	const memoable = !context?.condition;
	let byScenario = memoable ? scenarioMemo.get(statements) : undefined;
	const hit = byScenario?.get(compiled);
	if (hit && hit.catalog === context?.catalog && hit.index === index) return hit.results as ActionResult[];
	const missing = missingResults(compiled);
	const results = evaluateActions(statements, compiled, index, context).map((verdict, i) =>
		verdict.status === 'missing' && verdict.by.length === 0 && verdict.also.length === 0 ? missing[i] : { action: compiled.actions[i], status: verdict.status, by: verdict.by, also: verdict.also },
	);
	if (memoable) {
		if (!byScenario) scenarioMemo.set(statements, (byScenario = new Map()));
		byScenario.set(compiled, { catalog: context?.catalog, index, results });
	}
	return results;
}

const NO_STATEMENTS: Statement[] = [];
/** Per set, the result of each action when nothing grants or denies it (most actions of a large set): made once, shared by every analysis. */
const missingMemo = new WeakMap<CompiledRequirementSet, readonly ActionResult[]>();
function missingResults(compiled: CompiledRequirementSet): readonly ActionResult[] {
	let missing = missingMemo.get(compiled);
	if (!missing) missingMemo.set(compiled, (missing = compiled.actions.map((action) => ({ action, status: 'missing', by: NO_STATEMENTS, also: NO_STATEMENTS }))));
	return missing;
}

type RequiredPrincipal = { type: string; value: string; placeholder?: boolean };

/** A value that still reads like a source's placeholder (`<Role ARN>`); AWS rejects it as a principal. */
function isPlaceholderText(value: string): boolean {
	return /<[^<>]*>/.test(value);
}

function principalMatches(statement: Statement, p: RequiredPrincipal): boolean {
	if (!statement.principal || statement.principal.key !== 'Principal') return false;
	return statement.principal.entries.some(
		(e) =>
			(e.type === '*' && e.value === '*') ||
			(e.type === p.type && (p.placeholder ? !isPlaceholderText(e.value) : e.value.toLowerCase() === p.value.toLowerCase())),
	);
}

/** Statements that name a principal of the placeholder's type only by placeholder text. */
function placeholderStatements(statements: readonly Statement[], p: RequiredPrincipal, action: string): Statement[] {
	if (!p.placeholder) return [];
	return statements.filter(
		(s) => s.effect === 'Allow' && s.principal?.key === 'Principal' && s.principal.entries.some((e) => e.type === p.type && isPlaceholderText(e.value)) && statementMatchesAction(s, action),
	);
}

export function evaluateTrust(statements: readonly Statement[], compiled: CompiledRequirementSet): TrustResult[] {
	const trust = compiled.set.trust;
	if (!trust) return [];
	const action = trust.action.toLowerCase();
	return trust.principals.map((p) => {
		const relevant = statements.filter((s) => s.effect && principalMatches(s, p) && statementMatchesAction(s, action));
		const denies = relevant.filter((s) => s.effect === 'Deny' && !s.conditional);
		const allows = relevant.filter((s) => s.effect === 'Allow');
		const unconditional = allows.filter((s) => !s.conditional);
		const status: TrustResult['status'] = denies.length > 0 ? 'denied' : unconditional.length > 0 ? 'granted' : allows.length > 0 ? 'conditional' : 'missing';
		const result: TrustResult = { principal: p.value, principalType: p.type, action: trust.action, status, by: denies.length > 0 ? denies : allows };
		if (p.placeholder) {
			result.placeholder = true;
			if (status === 'missing') result.unreplaced = placeholderStatements(statements, p, action);
		}
		return result;
	});
}

export function summarize(compiled: CompiledRequirementSet, inferred: boolean, reason: string | undefined, actions: ActionResult[], trust: TrustResult[], catalog?: ActionCatalog): ScenarioResult {
	let granted = 0;
	for (const a of actions) if (a.status === 'granted') granted++;
	const satisfied = granted === actions.length && trust.every((t) => t.status === 'granted');
	return { compiled, inferred, reason, actions, trust, satisfied, granted, catalog };
}

function keySpan(statement: Statement, which: 'action' | 'resource' | 'condition' | 'effect'): Span {
	if (which === 'action' && statement.action) return nodeSpan(statement.action.property.children?.[0] ?? statement.action.property);
	if (which === 'resource' && statement.resource) return nodeSpan(statement.resource.property.children?.[0] ?? statement.resource.property);
	if (which === 'condition' && statement.condition) return nodeSpan(statement.condition);
	if (statement.effectNode) return nodeSpan(statement.effectNode);
	return { offset: statement.node.offset, length: 1 };
}

function statementKeySpan(model: PolicyModel): Span {
	const key = model.statementProperty?.children?.[0];
	return key ? nodeSpan(key) : { offset: model.root.offset, length: 1 };
}

/** How many actions a message names; the rest are in the finding's `data` and the coverage report. */
const LISTED_ACTIONS = 20;

/** Names the actions, at most LISTED_ACTIONS of them, so that a message stays short (< 2,000 characters). */
function listActions(actions: readonly string[]): string {
	if (actions.length <= LISTED_ACTIONS) return actions.join(', ');
	return `${actions.slice(0, LISTED_ACTIONS).join(', ')} and ${actions.length - LISTED_ACTIONS} more (all in the finding's data and the coverage report)`;
}

/**
 * Where the missing actions belong: the unconditional Allow statement with an `Action` list that
 * reaches the scenario's resources and already grants most of the scenario. Undefined when no
 * statement fits (the fix then adds a new statement).
 */
export function bestAllowStatement(model: PolicyModel, result: ScenarioResult): Statement | undefined {
	let best: Statement | undefined;
	let bestScore = -1;
	const grants = new Map<Statement, number>();
	for (const a of result.actions) for (const s of a.by) grants.set(s, (grants.get(s) ?? 0) + 1);
	for (const s of model.statements) {
		if (s.effect !== 'Allow' || s.conditional || s.action?.key !== 'Action' || s.resource?.key !== 'Resource') continue;
		// Only a statement whose resources reach the whole scope can take the actions.
		if (reach(s, result.compiled.set.resourceScope) !== 'full') continue;
		const score = grants.get(s) ?? 0;
		if (score > bestScore) {
			best = s;
			bestScore = score;
		}
	}
	return best;
}

/**
 * For a role checked as a whole: which document each statement is in, and whether this document
 * reports the missing actions (one of the role's files does, not each).
 */
export interface RoleView {
	document: number;
	documentOf(statement: Statement): number;
	documentName(document: number): string;
	reportMissing: boolean;
}

function labelIn(s: Statement, role: RoleView | undefined): string {
	const doc = role?.documentOf(s);
	return role && doc !== role.document ? `${statementLabel(s)} in ${role.documentName(doc!)}` : statementLabel(s);
}

function related(statements: Statement[], message: string, role?: RoleView): RelatedSpan[] {
	return statements.map((s) => {
		const doc = role?.documentOf(s);
		return { span: nodeSpan(s.node), message: `${labelIn(s, role)}: ${message}`, ...(role && doc !== role.document ? { document: doc } : {}) };
	});
}

/** Allow statements scoped to some resources, with the actions each lists; once per policy. */
const scopedCache = new WeakMap<PolicyModel, { scoped: Statement[]; listed: Set<string>[] }>();
function scopedAllows(model: PolicyModel): { scoped: Statement[]; listed: Set<string>[] } {
	let cached = scopedCache.get(model);
	if (!cached) {
		const scoped = model.statements.filter((s) => s.effect === 'Allow' && s.resource && s.action?.key === 'Action' && !coversEveryResource(s));
		cached = { scoped, listed: scoped.map((s) => new Set(s.action!.values.map((v) => v.value.trim().toLowerCase()))) };
		scopedCache.set(model, cached);
	}
	return cached;
}

/** Findings for one scenario's results in one policy document. */
export function scenarioFindings(model: PolicyModel, result: ScenarioResult, role?: RoleView): Finding[] {
	const inPolicy = (s: Statement) => !role || role.documentOf(s) === role.document;
	const findings: Finding[] = [];
	const set = result.compiled.set;
	const label = scenarioLabel(set);
	const total = result.actions.length;
	const missing = result.actions.filter((a) => a.status === 'missing').map((a) => a.action);
	if (missing.length > 0 && (!role || role.reportMissing)) {
		const target = bestAllowStatement(model, result);
		findings.push({
			code: DiagnosticCode.ScenarioMissing,
			severity: 'error',
			message: `${label} needs ${missing.length} more of its ${total} actions: ${listActions(missing)}.`,
			span: target ? keySpan(target, 'action') : statementKeySpan(model),
			data: { scenario: set.id, actions: missing, statement: target?.index },
		});
	}
	// Denied, conditional and partial findings are grouped per deciding statement.
	const groups = new Map<string, { status: ActionStatus; statement: Statement; actions: string[]; others: Set<Statement> }>();
	for (const a of result.actions) {
		if (a.status === 'granted' || a.status === 'missing') continue;
		for (const s of a.by) {
			if (!inPolicy(s)) continue;
			const key = `${a.status}:${s.index}`;
			let g = groups.get(key);
			if (!g) groups.set(key, (g = { status: a.status, statement: s, actions: [], others: new Set() }));
			g.actions.push(a.action);
			for (const o of a.also) if (o !== s) g.others.add(o);
		}
	}
	/** The partial finding of each Allow statement, to fold in the constraint that explains it. */
	const partialAt = new Map<number, Finding>();
	for (const g of groups.values()) {
		const where = statementLabel(g.statement);
		const n = g.actions.length;
		const others = [...g.others];
		const data = { scenario: set.id, actions: g.actions, statement: g.statement.index };
		if (g.status === 'denied') {
			findings.push({
				code: DiagnosticCode.ScenarioDenied,
				severity: 'error',
				message: `The Deny in ${where} blocks ${n} action${n === 1 ? '' : 's'} that ${label} needs: ${listActions(g.actions)}. An explicit Deny overrides any Allow.`,
				span: keySpan(g.statement, 'effect'),
				related: related(others, 'allows them, but the Deny wins', role),
				data,
			});
		} else if (g.status === 'conditional') {
			const allows = g.statement.effect !== 'Deny';
			const what = `${n} action${n === 1 ? '' : 's'} that ${label} needs`;
			findings.push({
				code: DiagnosticCode.ScenarioConditional,
				severity: 'warning',
				message: allows
					? `${where} allows ${what} only when its Condition holds: ${listActions(g.actions)}. The restore fails whenever it does not.`
					: `${where} denies ${what} when its Condition holds: ${listActions(g.actions)}. The restore fails whenever it does.`,
				span: keySpan(g.statement, 'condition'),
				related: related(others, allows ? 'also involved' : 'allows them', role),
				data,
			});
		} else {
			// Actions may carry their own scope; name the resources of the actions in this group.
			const resources = [...new Set(g.actions.flatMap((a) => (result.compiled.scopes[result.compiled.actions.indexOf(a)] ?? set.resourceScope).resources))];
			const scope = resources.map((r) => `"${r}"`).join(', ');
			const verb = g.statement.effect === 'Deny' ? 'denies' : 'allows';
			const partial: Finding = {
				code: DiagnosticCode.ScenarioPartial,
				severity: 'warning',
				message:
					verb === 'allows'
						? `${where} allows ${n} action${n === 1 ? '' : 's'} that ${label} needs on only some resources; the scenario needs ${scope}: ${listActions(g.actions)}.`
						: `The Deny in ${where} blocks ${n} action${n === 1 ? '' : 's'} that ${label} needs on some of the resources it needs (${scope}): ${listActions(g.actions)}.`,
				span: keySpan(g.statement, 'resource'),
				related: related(others, verb === 'allows' ? 'also involved' : 'allows them', role),
				data: { ...data, resources },
			};
			findings.push(partial);
			if (verb === 'allows') partialAt.set(g.statement.index, partial);
		}
	}
	for (const t of result.trust) {
		if (t.status === 'granted') continue;
		const unreplaced = t.unreplaced?.[0];
		if (unreplaced) {
			const entry = unreplaced.principal!.entries.find((e) => e.type === t.principalType && isPlaceholderText(e.value))!;
			findings.push({
				code: DiagnosticCode.TrustPrincipalMissing,
				severity: 'error',
				message: `${label} needs this trust policy to let an ${t.principalType} principal perform ${t.action}, but ${statementLabel(unreplaced)} still names the placeholder "${entry.value}": replace it with the real ARN or account id.`,
				span: nodeSpan(entry.node),
				data: { scenario: set.id, principal: t.principal, principalType: t.principalType, action: t.action, placeholder: true },
			});
			continue;
		}
		findings.push({
			code: DiagnosticCode.TrustPrincipalMissing,
			severity: 'error',
			message:
				t.status === 'missing'
					? `${label} needs this trust policy to let ${t.principalType} principal "${t.principal}" perform ${t.action}; no statement does.`
					: `${label} needs ${t.principalType} principal "${t.principal}" to perform ${t.action}, but it is ${t.status === 'denied' ? 'denied' : 'allowed only under a Condition'}.`,
			span: t.by[0] ? keySpan(t.by[0], 'effect') : statementKeySpan(model),
			data: { scenario: set.id, principal: t.principal, principalType: t.principalType, action: t.action, ...(t.placeholder ? { placeholder: true } : {}) },
		});
	}
	for (const c of set.constraints ?? []) {
		if (c.kind !== 'wildcardResourceOnly') continue;
		const { scoped, listed } = scopedAllows(model);
		for (const [i, s] of scoped.entries()) {
			let hit = c.actions.filter((a) => listed[i].has(a.toLowerCase()));
			// One cause, one finding: where the statement is already reported as partial for these
			// actions, the partial finding (with its fix) says why, instead of a second one at the same spot.
			const partial = inPolicy(s) ? partialAt.get(s.index) : undefined;
			const explained = partial ? hit.filter((a) => (partial.data!.actions as string[]).some((x) => x.toLowerCase() === a.toLowerCase())) : [];
			if (partial && explained.length > 0) {
				partial.message += ` ${listActions(explained)} cannot be scoped to a resource: only "Resource": "*" grants ${explained.length === 1 ? 'it' : 'them'}.`;
				hit = hit.filter((a) => !explained.includes(a));
			}
			if (hit.length === 0) continue;
			findings.push({
				code: DiagnosticCode.ConstraintWildcardResource,
				severity: 'warning',
				message: `${listActions(hit)} cannot be scoped to a resource, so ${statementLabel(s)} grants ${hit.length === 1 ? 'it' : 'them'} nowhere: use "Resource": "*". (${c.note})`,
				span: keySpan(s, 'resource'),
				data: { scenario: set.id, actions: hit },
			});
		}
	}
	if (result.inferred) {
		findings.push({
			code: DiagnosticCode.ScenarioInferred,
			severity: 'information',
			message: `Checked against ${label} because ${result.reason}. Choose scenarios explicitly with the iamRestoreLint.scenarios setting or --scenario.`,
			span: statementKeySpan(model),
			data: { scenario: set.id },
		});
	}
	return findings;
}

/**
 * A scenario the policy gives some distinctive evidence of, too little to judge it by: it may be
 * one of several policies of a role. Information, never an error (half a role is not a failed role).
 */
export function partOfRoleFinding(model: PolicyModel, compiled: CompiledRequirementSet, reason: string): Finding {
	const label = scenarioLabel(compiled.set);
	return {
		code: DiagnosticCode.ScenarioInferred,
		severity: 'information',
		message: `This policy may be one part of a role for ${label}: ${reason}. It is not checked against it alone; check the whole role (iamRestoreLint.roles or --role), or choose the scenario with the iamRestoreLint.scenarios setting or --scenario.`,
		span: statementKeySpan(model),
		data: { scenario: compiled.set.id, part: true },
	};
}

/** Findings that one statement causes identically for several scenarios. */
const SAME_CAUSE_CODES = new Set<string>([DiagnosticCode.ScenarioDenied, DiagnosticCode.ScenarioConditional, DiagnosticCode.ScenarioPartial, DiagnosticCode.ConstraintWildcardResource]);

/**
 * One finding per cause and spot: when a Deny, a Condition or a scope blocks the same actions at the
 * same place for several scenarios, the first finding stands for all and names the others
 * (`data.scenarios`); its fix is the same for each.
 */
export function mergeSameCause(findings: readonly Finding[]): Finding[] {
	const out: Finding[] = [];
	const first = new Map<string, Finding>();
	for (const f of findings) {
		if (!SAME_CAUSE_CODES.has(f.code) || typeof f.data?.scenario !== 'string') {
			out.push(f);
			continue;
		}
		const key = `${f.code}:${f.span.offset}:${f.span.length}:${((f.data.actions as string[]) ?? []).join(',').toLowerCase()}`;
		const kept = first.get(key);
		if (!kept) {
			const copy = { ...f, data: { ...f.data, scenarios: [f.data.scenario] } };
			first.set(key, copy);
			out.push(copy);
			continue;
		}
		(kept.data!.scenarios as string[]).push(f.data.scenario);
	}
	for (const f of first.values()) {
		const ids = f.data!.scenarios as string[];
		if (ids.length > 1) f.message += ` The same holds for ${ids.length - 1} more scenario${ids.length === 2 ? '' : 's'} checked here: ${ids.slice(1).join(', ')}.`;
	}
	return out;
}
