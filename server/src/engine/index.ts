import { RequirementIndex } from './actionIndex';
import { sizeFindings } from './sizeLimits';
import { analyzeRole, RoleAnalysis, RoleInput } from './roles';
import { grammarFindings } from './grammar';
import { inferScenarios } from './inference';
import { looksLikePolicyWithoutParsing, parseDocument } from './parse';
import { buildPolicyModel, PolicyModel } from './policyModel';
import type { RequirementSet } from './requirementSet';
import { CompiledRequirementSet, compileRequirementSet } from './requirements';
import { evaluateScenario, evaluateTrust, ScenarioResult, scenarioFindings, summarize } from './scenarioCheck';
import type { Finding } from './types';
import { type ActionCatalog, type CatalogSource, lazyCatalog } from './catalog';
import { actionFindings } from './catalogFindings';
import { getCompletions, type CompletionResult } from './completion';
import { getHover, type HoverResult, type KnowledgeContext } from './hover';

export { DiagnosticCode } from './codes';
export type { Severity } from './codes';
export type { Finding, Span, RelatedSpan, ActionStatus } from './types';
export type { RequirementSet } from './requirementSet';
export type { PolicyModel, Statement } from './policyModel';
export type { ScenarioResult, ActionResult, TrustResult } from './scenarioCheck';
export { scenarioLabel } from './requirements';
export { statementLabel } from './policyModel';
export { ActionCatalog, catalogDate, catalogLabel, readCatalogInfo } from './catalog';
export type { CatalogAction, CatalogInfo, CatalogService, CatalogSource } from './catalog';
export type { CompletionEntry, CompletionResult } from './completion';
export type { HoverResult } from './hover';

/** What a document turned out to be. Only `policy` documents get scenario results. */
export type DocumentKind = 'policy' | 'not-policy' | 'binary' | 'too-deep';

export interface Analysis {
	kind: DocumentKind;
	/** The text the engine read (non-ASCII whitespace replaced; same offsets as the input). */
	text: string;
	model?: PolicyModel;
	findings: Finding[];
	scenarios: ScenarioResult[];
}

export interface AnalyzeOptions {
	/** Scenario ids to check; when empty or absent, scenarios are inferred (if autoDetect). */
	scenarios?: readonly string[];
	/** Infer scenarios from the content when none are given. Default true. */
	autoDetect?: boolean;
	/** Scenarios checked elsewhere (the role this policy is part of): known for context, not evaluated here. */
	contextScenarios?: readonly string[];
}

export interface Checker {
	/** Every requirement set this checker knows, in registration order. */
	readonly requirementSets: readonly RequirementSet[];
	getRequirementSet(id: string): RequirementSet | undefined;
	/** Parse, check the grammar and evaluate the scenarios of one document. Never throws on any input. */
	analyze(text: string, options?: AnalyzeOptions): Analysis;
	/** The AWS action catalog, loaded on first use; undefined when none was given or it failed to load. */
	getCatalog(): ActionCatalog | undefined;
	/** Hover markdown for an offset of an analysed document (action, wildcard, scenario finding). */
	hover(analysis: Analysis, offset: number): HoverResult | undefined;
	/** Checks a role made of several policy files (and its trust policy) as a whole. */
	analyzeRole(role: RoleInput): RoleAnalysis;
	/** Completion of action names at an offset of `text` (the analysis of that text ranks the missing actions first). */
	complete(text: string, offset: number, analysis?: Analysis): CompletionResult | undefined;
}

/** What a checker is built with besides its requirement sets. */
export interface CheckerInit {
	/** The AWS action catalog, or a function that loads it (called once, on first need). */
	catalog?: CatalogSource;
}

/**
 * The engine's facade. Requirement sets are compiled once here; `analyze` is then pure and cheap
 * enough to run on every keystroke.
 */
export function createChecker(requirementSets: readonly RequirementSet[], init: CheckerInit = {}): Checker {
	const compiled = requirementSets.map(compileRequirementSet);
	const byId = new Map<string, CompiledRequirementSet>(compiled.map((c) => [c.set.id, c]));
	const index = new RequirementIndex(compiled);
	const getCatalog = lazyCatalog(init.catalog);
	const knowledge = (): KnowledgeContext => ({ catalog: getCatalog(), requirementSets: compiled });

	function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
		const parsed = parseDocument(text);
		if (parsed.binary) return { kind: 'binary', text, findings: [], scenarios: [] };
		if (parsed.tooDeep) {
			// A deep non-policy (some data file) stays silent like any other non-policy JSON.
			const policy = looksLikePolicyWithoutParsing(parsed.text);
			return { kind: policy ? 'too-deep' : 'not-policy', text: parsed.text, findings: policy ? parsed.findings : [], scenarios: [] };
		}
		const model = buildPolicyModel(parsed.root, parsed.text);
		if (!model) return { kind: 'not-policy', text: parsed.text, findings: [], scenarios: [] };
		const findings = [...parsed.findings, ...grammarFindings(model)];
		const scenarios = selectScenarios(model, options).map(({ c, inferred, reason }) =>
			model.kind === 'trust'
				? summarize(c, inferred, reason, [], evaluateTrust(model.statements, c))
				: model.kind === 'identity'
					? summarize(c, inferred, reason, evaluateScenario(model.statements, c, index, { catalog: getCatalog() }), [])
					: summarize(c, inferred, reason, [], []),
		);
		for (const s of scenarios) findings.push(...scenarioFindings(model, s));
		const context = [...scenarios.map((s) => s.compiled), ...(options.contextScenarios ?? []).map((id) => byId.get(id)).filter((c): c is CompiledRequirementSet => !!c)];
		findings.push(...actionFindings(model, getCatalog(), context));
		findings.push(...sizeFindings(model, parsed.text, scenarios));
		findings.sort((a, b) => a.span.offset - b.span.offset);
		return { kind: 'policy', text: parsed.text, model, findings, scenarios };
	}

	function selectScenarios(model: PolicyModel, options: AnalyzeOptions): { c: CompiledRequirementSet; inferred: boolean; reason?: string }[] {
		const explicit = (options.scenarios ?? []).map((id) => byId.get(id)).filter((c): c is CompiledRequirementSet => !!c);
		if (explicit.length > 0 || (options.scenarios && options.scenarios.length > 0)) return explicit.map((c) => ({ c, inferred: false }));
		if (options.autoDetect === false) return [];
		return inferScenarios(model, index).map((i) => ({ c: i.compiled, inferred: true, reason: i.reason }));
	}

	return {
		requirementSets: compiled.map((c) => c.set),
		getRequirementSet: (id) => byId.get(id)?.set,
		analyze,
		getCatalog,
		analyzeRole: (role) => analyzeRole({ analyze, compiled: (id) => byId.get(id), index, catalog: getCatalog }, role),
		hover: (analysis, offset) => getHover(knowledge(), analysis, offset),
		complete: (text, offset, analysis) => getCompletions(knowledge(), analysis, text, offset),
	};
}

export { LineIndex } from './lines';
export { getFixes, fixAll } from './fixes';
export type { CodeFix, FixAllResult } from './fixes';
export type { TextEdit } from './edits';
export { permissionPolicy, permissionPolicyParts, trustPolicy, missingActionsPolicy, policyText, sidFor } from './policyTemplates';
export type { PolicyDocument } from './policyTemplates';
export { policySize, MANAGED_POLICY_LIMIT, ROLE_INLINE_LIMIT, USER_INLINE_LIMIT } from './sizeLimits';
export { splitPolicy } from './fixes/split';
export type { RoleAnalysis, RoleInput, RoleDocument, RoleDocumentAnalysis } from './roles';
