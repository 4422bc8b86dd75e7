import type { CancellationToken, Connection } from 'vscode-languageserver';
import { Checker, LineIndex, missingActionsPolicy, permissionPolicyParts, policyText, ScenarioResult, Statement, trustPolicy } from '../engine';
import {
	CoverageParams,
	CoverageRequestMethod,
	CoverageResult,
	PolicyTextParams,
	PolicyTextRequestMethod,
	PolicyTextResult,
	ScenarioInfo,
	ScenariosParams,
	ScenariosRequestMethod,
} from '../shared/protocol';
import type { CachedAnalysis } from './analysisCache';
import type { RunSafe } from './runner';
import { Workspace } from './workspace';

export interface CustomRequestContext {
	/** The checker (built-in + user requirement sets) that applies to a document, or the built-in one. */
	checkerFor(uri: string | undefined): Promise<Checker>;
	/** The current analysis of an open document. */
	analysisOf(uri: string): Promise<CachedAnalysis | undefined>;
	runSafe: RunSafe;
}

/**
 * The extension's own requests (server/src/shared/protocol.ts): the scenario list and ready-made
 * policy texts behind the palette commands, and the coverage report behind the status bar.
 */
export function registerCustomRequests(connection: Connection, ctx: CustomRequestContext): void {
	connection.onRequest(ScenariosRequestMethod, (params: ScenariosParams, token: CancellationToken) =>
		ctx.runSafe<ScenarioInfo[]>('scenarios', [], async () =>
			(await ctx.checkerFor(params?.uri)).requirementSets.map((s) => ({
				id: s.id,
				title: s.title,
				shortTitle: s.shortTitle,
				product: s.product,
				productVersion: s.productVersion,
				pageDate: s.source.pageDate,
				sourceUrl: s.source.url,
				actionCount: s.actions.length,
				hasTrust: !!s.trust,
				parts: (s.policyParts ?? []).map((p) => p.label),
			})),
			token,
		),
	);

	connection.onRequest(PolicyTextRequestMethod, (params: PolicyTextParams, token: CancellationToken) =>
		ctx.runSafe<PolicyTextResult>('policy text', { reason: 'internal error' }, async () => {
			const indent = params.insertSpaces === false ? '\t' : Math.max(1, Math.min(8, params.tabSize ?? 4));
			if (params.kind === 'missing') {
				const analysis = params.uri ? (await ctx.analysisOf(params.uri))?.analysis : undefined;
				if (!analysis || analysis.kind !== 'policy') return { reason: 'The document is not an IAM policy.' };
				if (analysis.scenarios.length === 0) return { reason: 'No scenario applies to this document.' };
				const policy = missingActionsPolicy(analysis.scenarios);
				return policy ? { text: policyText(policy, indent) } : { reason: 'Nothing is missing: every required action is allowed.' };
			}
			const set = (await ctx.checkerFor(params.uri)).getRequirementSet(params.scenario ?? '');
			if (!set) return { reason: `Unknown scenario "${params.scenario}".` };
			const parts = permissionPolicyParts(set);
			const policy = params.kind === 'trust' ? trustPolicy(set) : parts[Math.max(0, Math.min(parts.length - 1, params.part ?? 0))].policy;
			return policy ? { text: policyText(policy, indent) } : { reason: `${set.title} needs no trust policy.` };
		}, token),
	);

	connection.onRequest(CoverageRequestMethod, (params: CoverageParams, token: CancellationToken) =>
		ctx.runSafe<CoverageResult>('coverage', { isPolicy: false, scenarios: [] }, async () => {
			const entry = await ctx.analysisOf(params.uri);
			return entry ? coverageOf(entry) : { isPolicy: false, scenarios: [] };
		}, token),
	);
}

/** Every required action of the document's scenarios (its role's, for a file of a role), with the statements that decide it. */
function coverageOf(entry: CachedAnalysis): CoverageResult {
	if (entry.analysis.kind === 'template') return templateCoverage(entry);
	if (entry.analysis.kind !== 'policy') return { isPolicy: false, scenarios: [] };
	const role = entry.role;
	const scenarios = role ? role.analysis.scenarios : entry.analysis.scenarios;
	const lineIndexes = new Map<number, LineIndex>();
	const where = (st: Statement) => {
		const doc = role ? role.analysis.documentOf(st) : -1;
		let lines = lineIndexes.get(doc);
		if (!lines) lineIndexes.set(doc, (lines = new LineIndex(role ? role.analysis.documents[doc].analysis.text : entry.analysis.text)));
		return { ...(st.sid ? { sid: st.sid.value } : {}), line: lines.position(st.node.offset).line + 1, ...(role && doc !== role.document ? { file: Workspace.basename(role.uris[doc]) } : {}) };
	};
	return {
		isPolicy: true,
		policyKind: entry.analysis.model?.kind,
		...(role ? { role: { name: role.name, files: role.uris.map((u) => Workspace.basename(u)) } } : {}),
		scenarios: scenarios.map((s) => scenarioCoverage(s, where)),
	};
}

/**
 * A template (CloudFormation, Terraform): the scenarios of each role and of each policy no role
 * attaches, with the statements' lines in the file. With one role, the status bar names it.
 */
function templateCoverage(entry: CachedAnalysis): CoverageResult {
	const analysis = entry.analysis;
	const lines = new LineIndex(analysis.text);
	const roles = analysis.roles ?? [];
	// Statements of AWS managed policies a role attaches are not in this file: they name their policy.
	const external = new Map<Statement, string>();
	for (const r of roles) for (const d of r.role.documents) if (d.analysis.text !== analysis.text) for (const st of d.analysis.model?.statements ?? []) external.set(st, d.name);
	const where = (st: Statement) => {
		const policy = external.get(st);
		return { ...(st.sid ? { sid: st.sid.value } : {}), line: policy ? 0 : lines.position(st.node.offset).line + 1, ...(policy ? { file: policy } : {}) };
	};
	const scenarios = [...roles.flatMap((r) => r.scenarios), ...(analysis.policies ?? []).filter((p) => p.role === undefined).flatMap((p) => p.analysis.scenarios)];
	const only = roles.length === 1 ? roles[0] : undefined;
	return {
		isPolicy: true,
		...(only ? { role: { name: only.name, files: [...only.policies, ...(only.trust ? [only.trust] : [])] } } : {}),
		scenarios: scenarios.map((s) => scenarioCoverage(s, where)),
	};
}

function scenarioCoverage(s: ScenarioResult, where: (st: Statement) => { sid?: string; line: number; file?: string }): CoverageResult['scenarios'][number] {
	return {
		id: s.compiled.set.id,
		title: s.compiled.set.title,
		shortTitle: s.compiled.set.shortTitle,
		product: s.compiled.set.product,
		productVersion: s.compiled.set.productVersion,
		sourceUrl: s.compiled.set.source.url,
		inferred: s.inferred,
		reason: s.reason,
		satisfied: s.satisfied,
		granted: s.granted,
		total: s.actions.length,
		actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: a.by.map(where) })),
		trust: s.trust.map((t) => ({ principal: t.principal, status: t.status })),
	};
}
