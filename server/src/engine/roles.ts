import type { RequirementIndex } from './actionIndex';
import type { ActionCatalog } from './catalog';
import type { HostNode } from './host/tree';
import type { Analysis, AnalyzeOptions } from './index';
import type { Statement } from './policyModel';
import { bestAllowStatement, evaluateScenario, evaluateTrust, RoleView, ScenarioResult, scenarioFindings, summarize } from './scenarioCheck';
import type { CompiledRequirementSet } from './requirements';

/**
 * A role made of several policies (AWS limits a managed policy to 6,144 characters, so real roles
 * carry several; Veeam prints its full list as three) plus its trust policy, checked as a whole:
 * a required action is granted when any of the role's policies allows it and none denies it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
 * the identity-based policies of a principal are evaluated together).
 */

export interface RoleDocument {
	/** A name for messages, e.g. the file's path. */
	name: string;
	text: string;
	/** A policy inside a host file (a template): its document node in `text`, which is then not parsed again. */
	root?: HostNode;
}

export interface RoleInput {
	name: string;
	policies: RoleDocument[];
	trust?: RoleDocument;
	/**
	 * The role's permissions boundary: an action it does not allow is not granted, whatever the
	 * role's policies say. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
	 */
	boundary?: RoleDocument;
	scenarios: readonly string[];
}

export interface RoleDocumentAnalysis {
	name: string;
	kind: 'policy' | 'trust';
	/** The document's own analysis; its findings include the role-level scenario findings routed to it. */
	analysis: Analysis;
}

export interface RoleAnalysis {
	name: string;
	documents: RoleDocumentAnalysis[];
	/** Role-level results, one per scenario; `by` statements may come from any policy document. */
	scenarios: ScenarioResult[];
	/** The index (into `documents`) of the document a statement is in. */
	documentOf(statement: Statement): number;
	/** Per scenario id: the actions the role's policies grant but its permissions boundary does not (their status is `denied`). */
	outsideBoundary?: Map<string, string[]>;
}

export interface RoleContext {
	/** Analyses one document of the role (a file's text, or a policy node inside a host file). */
	analyze(document: RoleDocument, kind: 'policy' | 'trust', options: AnalyzeOptions): Analysis;
	compiled(id: string): CompiledRequirementSet | undefined;
	index: RequirementIndex;
	catalog?: () => ActionCatalog | undefined;
}

export function analyzeRole(ctx: RoleContext, role: RoleInput): RoleAnalysis {
	// Each file alone: grammar and catalog findings, no scenarios (the role has them).
	const documents: RoleDocumentAnalysis[] = [
		...role.policies.map((p) => ({ name: p.name, kind: 'policy' as const, analysis: ctx.analyze(p, 'policy', { scenarios: [], autoDetect: false, contextScenarios: role.scenarios, scenariosRequested: true }) })),
		...(role.trust ? [{ name: role.trust.name, kind: 'trust' as const, analysis: ctx.analyze(role.trust, 'trust', { scenarios: [], autoDetect: false, contextScenarios: role.scenarios, scenariosRequested: true }) }] : []),
	];
	const owner = new Map<Statement, number>();
	const permissions: Statement[] = [];
	documents.forEach((d, i) => {
		if (d.kind !== 'policy' || d.analysis.model?.kind !== 'identity') return;
		for (const s of d.analysis.model.statements) {
			owner.set(s, i);
			permissions.push(s);
		}
	});
	const trustIndex = role.trust ? documents.length - 1 : -1;
	const trustModel = trustIndex >= 0 ? documents[trustIndex].analysis.model : undefined;
	const boundary = role.boundary ? ctx.analyze(role.boundary, 'policy', { scenarios: [], autoDetect: false }).model : undefined;
	const outsideBoundary = new Map<string, string[]>();
	const scenarios = role.scenarios
		.map((id) => ctx.compiled(id))
		.filter((c): c is CompiledRequirementSet => !!c)
		.map((c) => {
			let actions = evaluateScenario(permissions, c, ctx.index, { catalog: ctx.catalog?.() });
			if (boundary) {
				// Effective permissions are the intersection: granted only when the boundary grants it too.
				const limits = evaluateScenario(boundary.statements, c, ctx.index, { catalog: ctx.catalog?.() });
				const blocked: string[] = [];
				actions = actions.map((a, i) => {
					const limit = limits[i];
					if (a.status === 'missing' || a.status === 'denied' || !limit || limit.status === 'granted') return a;
					if (limit.status !== 'missing') return { ...a, status: limit.status, also: [...a.also, ...a.by] };
					blocked.push(a.action);
					return { ...a, status: 'denied', by: [], also: [...a.also, ...a.by] };
				});
				if (blocked.length > 0) outsideBoundary.set(c.set.id, blocked);
			}
			return summarize(c, false, undefined, actions, trustModel?.kind === 'trust' ? evaluateTrust(trustModel.statements, c) : []);
		});
	const documentOf = (s: Statement) => owner.get(s) ?? -1;

	documents.forEach((d, i) => {
		const model = d.analysis.model;
		if (!model || d.analysis.kind !== 'policy') return;
		for (const result of scenarios) {
			if (d.kind === 'trust') {
				if (result.trust.length > 0) d.analysis.findings.push(...scenarioFindings(model, { ...result, actions: [] }));
				continue;
			}
			const view: RoleView = { document: i, documentOf, documentName: (n) => documents[n]?.name ?? '?', reportMissing: i === missingOwner(documents, result) };
			d.analysis.findings.push(...scenarioFindings(model, { ...result, trust: [] }, view));
		}
		d.analysis.findings.sort((a, b) => a.span.offset - b.span.offset);
	});
	return { name: role.name, documents, scenarios, documentOf: documentOfStatement, outsideBoundary };
}

/** Statement → document index per role analysis, built on first use (a method: a copy of the analysis gets its own). */
const owners = new WeakMap<RoleAnalysis, Map<Statement, number>>();

function documentOfStatement(this: RoleAnalysis, statement: Statement): number {
	let owner = owners.get(this);
	if (!owner) {
		owner = new Map();
		for (const [i, d] of this.documents.entries()) if (d.kind === 'policy' && d.analysis.model?.kind === 'identity') for (const s of d.analysis.model.statements) owner.set(s, i);
		owners.set(this, owner);
	}
	return owner.get(statement) ?? -1;
}

/** The policy document that reports a scenario's missing actions: the one they would best go into. */
function missingOwner(documents: RoleDocumentAnalysis[], result: ScenarioResult): number {
	let fallback = -1;
	for (const [i, d] of documents.entries()) {
		if (d.kind !== 'policy' || !d.analysis.model) continue;
		if (fallback < 0) fallback = i;
		if (bestAllowStatement(d.analysis.model, result)) return i;
	}
	return fallback;
}
