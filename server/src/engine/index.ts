import { RequirementIndex } from './actionIndex';
import { sizeFindings } from './sizeLimits';
import { analyzeRole, RoleAnalysis, RoleInput } from './roles';
import { grammarFindings } from './grammar';
import { type InferredScenario, inferScenarios } from './inference';
import { looksLikePolicyWithoutParsing, nestingFinding, parseDocument, tooDeepFinding } from './parse';
import { buildPolicyModel, PolicyModel } from './policyModel';
import type { RequirementSet } from './requirementSet';
import { CompiledRequirementSet, compileRequirementSet } from './requirements';
import { evaluateScenario, evaluateTrust, mergeSameCause, partOfRoleFinding, ScenarioResult, scenarioFindings, summarize } from './scenarioCheck';
import type { Finding, Span } from './types';
import { unavailableSetsSentence, unknownScenariosSentence } from './unknownScenarios';
import { analyzeHost, embeddedSize, type HostContext, moveRoleOutcome, policyViewAt, type RoleOutcome } from './host/analyzeHost';
import { ResultCache } from './host/rebase';
import { jsonSyntax, readJsonHost } from './host/jsonSyntax';
import { yamlSyntax } from './host/yamlSyntax';
import type { HostDocument, HostPolicy, HostSyntax, ModuleLayout } from './host/syntax';
import type { HostSyntaxId } from './host/tree';
import type { RoleDocument } from './roles';
import { type ActionCatalog, type CatalogSource, lazyCatalog } from './catalog';
import { actionFindings } from './catalogFindings';
import { resourceTypeFindings } from './resourceFindings';
import { getCompletions, type CompletionResult } from './completion';
import { getHover, type HoverResult, type KnowledgeContext } from './hover';

export { DiagnosticCode } from './codes';
export type { Severity } from './codes';
export type { Finding, Span, RelatedSpan, ActionStatus } from './types';
export type { RequirementSet } from './requirementSet';
export { parseRequirementSetFile } from './requirementSetFile';
export type { SetProblem, ParsedSetFile } from './requirementSetFile';
export type { PolicyModel, Statement } from './policyModel';
export type { ScenarioResult, ActionResult, TrustResult } from './scenarioCheck';
export { scenarioLabel } from './requirements';
import { scenarioLabel } from './requirements';
import { DiagnosticCode } from './codes';
export { statementLabel } from './policyModel';
export { ActionCatalog, catalogDate, catalogLabel, readCatalogInfo } from './catalog';
export type { CatalogAction, CatalogInfo, CatalogService, CatalogSource } from './catalog';
export type { CompletionEntry, CompletionResult } from './completion';
export type { HoverResult } from './hover';

/**
 * What a document turned out to be. `policy`: one policy document (a standalone file, or the
 * wrapper AWS's CLI prints around one); `template`: a file that holds several (CloudFormation,
 * Terraform), described in `policies` and `roles`.
 */
export type DocumentKind = 'policy' | 'template' | 'not-policy' | 'binary' | 'too-deep';

export interface Analysis {
	kind: DocumentKind;
	/** The text the engine read (non-ASCII whitespace replaced; same offsets as the input). */
	text: string;
	model?: PolicyModel;
	/** Every finding of the file, at offsets of `text` (in a template: those of all its policies and roles). */
	findings: Finding[];
	/** The file's scenarios when it is one policy; in a template they are per policy and per role. */
	scenarios: ScenarioResult[];
	/** The host syntax (absent: JSON). */
	syntax?: HostSyntaxId;
	/** What kind of host file it is (absent: a standalone JSON policy). */
	format?: HostDocument['format'];
	/** Templates: each policy document of the file, with its own analysis (`Finding.policy` indexes this). */
	policies?: PolicyAnalysis[];
	/** Templates: each role of the file, evaluated as one with its policies. */
	roles?: HostRoleAnalysis[];
	/** The syntax module that read the file (its editor writes the fixes). */
	host?: HostSyntax;
}

/** One policy document of a template. */
export interface PolicyAnalysis {
	/** CloudFormation logical id (`Role/Policies/Name` for inline ones), Terraform address. */
	name: string;
	use: HostPolicy['use'];
	/** Where reports point for it as a whole. */
	anchor: Span;
	/** Its analysis (kind `policy`, offsets of the host file); `scenarios` empty when a role has them. */
	analysis: Analysis;
	/** The role that holds or attaches it, if any. */
	role?: string;
	/** The syntax its nodes are written in. */
	syntax: HostSyntaxId;
	/** Scenarios for it came from an annotation beside it. */
	annotated?: boolean;
}

/** One role of a template, evaluated as one (`analyzeRole`). */
export interface HostRoleAnalysis {
	name: string;
	anchor: Span;
	/** Names of its permission policies (in `Analysis.policies`, or AWS managed policies by name). */
	policies: string[];
	trust?: string;
	scenarios: ScenarioResult[];
	role: RoleAnalysis;
	/** Attachments the file could not resolve (named in its findings). */
	unresolved: string[];
	annotated?: boolean;
}

export interface AnalyzeOptions {
	/** Scenario ids to check; when empty or absent, scenarios are inferred (if autoDetect). */
	scenarios?: readonly string[];
	/** Infer scenarios from the content when none are given. Default true. */
	autoDetect?: boolean;
	/** Scenarios checked elsewhere (the role this policy is part of): known for context, not evaluated here. */
	contextScenarios?: readonly string[];
	/** The file's syntax (default `json`). */
	syntax?: HostSyntaxId;
	/** Templates: scenarios per role or policy name (setting keys `glob#NAME`); before annotations and `scenarios`. */
	scenariosByName?: Readonly<Record<string, readonly string[]>>;
	/** Templates: check only the roles and policies of these names (CLI `--only`). */
	only?: readonly string[];
	/** Terraform: the text is a whole module of several files (the CLI given a folder). */
	module?: ModuleLayout;
	/**
	 * Scenarios were asked for (a setting, `--scenario`, `--role`, an annotation), so a document in
	 * which no policy is found fails with `no-policy` instead of passing silently (README.md,
	 * "Failing closed": a check that checked nothing must not pass). Default: true when
	 * `scenarios` names any.
	 */
	scenariosRequested?: boolean;
	/**
	 * Requirement-set files that were named to define scenarios but could not be used (missing,
	 * unreadable, invalid), with why: an unknown scenario id asked for is then blamed on them.
	 */
	unavailableRequirementSets?: readonly UnavailableRequirementSet[];
}

/** A requirement-set file that could not be used, as a finding names it. */
export interface UnavailableRequirementSet {
	/** The file as the user wrote it in the setting. */
	file: string;
	/** Why, as a clause ("the file does not exist", "Requirement set is not valid JSON: …"). */
	reason: string;
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
	/**
	 * Checks a role made of several policy files (and its trust policy) as a whole. A scenario id of
	 * the role that no requirement set defines is a `scenario-unknown` error on each of its files
	 * (blamed on `unavailable` requirement-set files when there are any).
	 */
	analyzeRole(role: RoleInput, unavailable?: readonly UnavailableRequirementSet[]): RoleAnalysis;
	/** Completion of action names at an offset of `text` (the analysis of that text ranks the missing actions first). */
	complete(text: string, offset: number, analysis?: Analysis): CompletionResult | undefined;
}

/** What a checker is built with besides its requirement sets. */
export interface CheckerInit {
	/** The AWS action catalog, or a function that loads it (called once, on first need). */
	catalog?: CatalogSource;
	/** Host syntaxes besides the built-in JSON and YAML (HCL, once its parser is loaded). */
	syntaxes?: readonly HostSyntax[];
	/** AWS managed policies by ARN, for roles that attach them (the policy's name and its document's JSON). */
	managedPolicy?: (arn: string) => { name: string; text: string } | undefined;
	/**
	 * Reuse the results of roles a new version of a template did not change (default true). Off in
	 * benchmarks that compare a full analysis with a bare parse.
	 */
	reuseResults?: boolean;
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

	const syntaxes = new Map<HostSyntaxId, HostSyntax>([
		['json', jsonSyntax],
		['yaml', yamlSyntax],
		...(init.syntaxes ?? []).map((x) => [x.id, x] as [HostSyntaxId, HostSyntax]),
	]);

	/**
	 * Fails closed: scenarios asked for and no policy found (in JSON, a template, a wrapper, YAML) is
	 * `no-policy`; a scenario asked for that no requirement set defines is `scenario-unknown`.
	 */
	function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
		const analysis = withUnknownScenarios(analyzeText(text, options), options);
		const requested = options.scenariosRequested ?? (options.scenarios?.length ?? 0) > 0;
		if (!requested || analysis.kind !== 'not-policy' || analysis.findings.some((f) => f.code === DiagnosticCode.NoPolicy)) return analysis;
		return { ...analysis, findings: [...analysis.findings, noPolicyFinding(analysis.text, options)] };
	}

	/** `scenario-unknown` on the document's first token when a scenario id asked for (a setting) is not known. */
	function withUnknownScenarios(analysis: Analysis, options: AnalyzeOptions): Analysis {
		const finding = unknownScenariosFinding(analysis.text, [...(options.scenarios ?? []), ...Object.values(options.scenariosByName ?? {}).flat()], options.unavailableRequirementSets);
		return finding && analysis.kind !== 'binary' ? { ...analysis, findings: [finding, ...analysis.findings] } : analysis;
	}

	function unknownScenariosFinding(text: string, asked: readonly string[], unavailable: readonly UnavailableRequirementSet[] | undefined): Finding | undefined {
		const unknown = asked.filter((id, i) => !byId.has(id) && asked.indexOf(id) === i);
		if (unknown.length === 0) return undefined;
		const start = text.search(/\S/);
		return {
			code: DiagnosticCode.ScenarioUnknown,
			severity: 'error',
			message: `${unknownScenariosSentence(unknown, 'asked for')} ${unavailableSetsSentence(unavailable)}`.trimEnd(),
			span: { offset: Math.max(0, start), length: start < 0 ? 0 : 1 },
			data: { scenarios: unknown, unavailableRequirementSets: unavailable ?? [] },
		};
	}

	/** A role's unknown scenario ids: an error on each of its files (each could be the one opened). */
	function withUnknownRoleScenarios(analysis: RoleAnalysis, role: RoleInput, unavailable: readonly UnavailableRequirementSet[] | undefined): RoleAnalysis {
		for (const d of analysis.documents) {
			const finding = unknownScenariosFinding(d.analysis.text, role.scenarios, unavailable);
			if (finding && d.analysis.kind !== 'binary') d.analysis.findings.unshift(finding);
		}
		return analysis;
	}

	function analyzeText(text: string, options: AnalyzeOptions): Analysis {
		const requested = options.scenariosRequested ?? (options.scenarios?.length ?? 0) > 0;
		// Without scenarios asked for, a file that is not a policy gets nothing at all; with them, it fails.
		const notPolicy = (shown: string, syntax?: HostSyntaxId): Analysis => ({
			kind: 'not-policy',
			text: shown,
			findings: requested ? [noPolicyFinding(shown, options)] : [],
			scenarios: [],
			...(syntax ? { syntax } : {}),
		});
		const syntaxId = options.syntax ?? 'json';
		if (syntaxId !== 'json') {
			const syntax = syntaxes.get(syntaxId);
			if (text.includes('\u0000')) return { kind: 'binary', text, findings: [], scenarios: [] };
			// The cheap test first: a Kubernetes manifest costs one scan, never a parse.
			if (!syntax || !syntax.mayContainIam(text)) return notPolicy(text, syntaxId);
			// The depth limit holds for every syntax (fuzzer: a YAML flow mapping 16,000 deep took seconds).
			const deep = syntax.measuresNesting ? undefined : nestingFinding(text);
			if (deep) return { kind: 'too-deep', text, findings: [deep], scenarios: [], syntax: syntaxId };
			const doc = syntax.read(text, options.module);
			if (doc.tooDeep) return { kind: 'too-deep', text, findings: [tooDeepFinding({ maxDepth: doc.tooDeep.depth, deepAt: doc.tooDeep.offset })], scenarios: [], syntax: syntaxId };
			return analyzeHost(hostContext, doc, syntax, [], options);
		}
		const parsed = parseDocument(text);
		if (parsed.binary) return { kind: 'binary', text, findings: [], scenarios: [] };
		if (parsed.tooDeep) {
			// A deep non-policy (some data file) stays silent like any other non-policy JSON.
			const policy = looksLikePolicyWithoutParsing(parsed.text);
			return policy ? { kind: 'too-deep', text: parsed.text, findings: parsed.findings, scenarios: [] } : notPolicy(parsed.text);
		}
		const model = buildPolicyModel(parsed.root, parsed.text);
		if (!model) {
			// Not a policy itself: perhaps the CLI's wrapper around one, or a CloudFormation template.
			const host = readJsonHost(parsed);
			return host ? analyzeHost(hostContext, host, jsonSyntax, parsed.findings, options) : notPolicy(parsed.text);
		}
		return analyzeModel(model, parsed.text, parsed.findings, options);
	}

	/** Everything after parsing, for one policy model (standalone, or a document inside a host file). */
	function analyzeModel(model: PolicyModel, text: string, preceding: readonly Finding[], options: AnalyzeOptions, measuredSize?: number): Analysis {
		const parsed = { text };
		const findings = [...preceding, ...grammarFindings(model)];
		const { checked, parts } = selectScenarios(model, options);
		const scenarios = checked.map(({ c, inferred, reason }) =>
			model.kind === 'trust'
				? summarize(c, inferred, reason, [], evaluateTrust(model.statements, c))
				: model.kind === 'identity'
					? summarize(c, inferred, reason, evaluateScenario(model.statements, c, index, { catalog: getCatalog() }), [], getCatalog())
					: summarize(c, inferred, reason, [], []),
		);
		findings.push(...mergeSameCause(scenarios.flatMap((s) => scenarioFindings(model, s))));
		for (const p of parts) findings.push(partOfRoleFinding(model, p.compiled, p.reason));
		const context = [...scenarios.map((s) => s.compiled), ...(options.contextScenarios ?? []).map((id) => byId.get(id)).filter((c): c is CompiledRequirementSet => !!c)];
		findings.push(...actionFindings(model, getCatalog(), context, index));
		findings.push(...resourceTypeFindings(model, getCatalog()));
		findings.push(...sizeFindings(model, parsed.text, scenarios, measuredSize));
		findings.sort((a, b) => a.span.offset - b.span.offset);
		return { kind: 'policy', text: parsed.text, model, findings, scenarios };
	}

	const hostContext: HostContext = {
		analyzeModel,
		analyzeRole: (role) => analyzeRole(roleContext, role),
		// "May be one part of a role" is not a scenario to check the template's role against.
		infer: (model) => inferScenarios(model, index, getCatalog()).filter((i) => !i.part).map((i) => ({ id: i.compiled.set.id, reason: i.reason, commonOnly: i.commonOnly })),
		known: (id) => byId.has(id),
		managedPolicy: init.managedPolicy,
		roleResults: init.reuseResults === false ? undefined : new ResultCache<RoleOutcome>(moveRoleOutcome),
	};
	const roleContext = {
		analyze: (document: RoleDocument, kind: 'policy' | 'trust', options: AnalyzeOptions): Analysis => {
			if (!document.root) return analyze(document.text, options);
			const model = buildPolicyModel(document.root, document.text, kind === 'trust' ? 'trust' : 'identity');
			return model ? analyzeModel(model, document.text, [], options, embeddedSize(document.root)) : { kind: 'not-policy', text: document.text, findings: [], scenarios: [] };
		},
		compiled: (id: string) => byId.get(id),
		catalog: getCatalog,
		index,
	};

	/** The scenarios to check, and those the policy may be only one part of (reported, not judged). */
	function selectScenarios(
		model: PolicyModel,
		options: AnalyzeOptions,
	): { checked: { c: CompiledRequirementSet; inferred: boolean; reason?: string }[]; parts: InferredScenario[] } {
		const explicit = (options.scenarios ?? []).map((id) => byId.get(id)).filter((c): c is CompiledRequirementSet => !!c);
		if (explicit.length > 0 || (options.scenarios && options.scenarios.length > 0)) return { checked: explicit.map((c) => ({ c, inferred: false })), parts: [] };
		if (options.autoDetect === false) return { checked: [], parts: [] };
		const inferred = inferScenarios(model, index, getCatalog());
		return {
			checked: inferred.filter((i) => !i.part).map((i) => ({ c: i.compiled, inferred: true, reason: i.reason })),
			parts: inferred.filter((i) => i.part),
		};
	}

	/** The finding of a document without a policy when scenarios were asked for, on its first token. */
	function noPolicyFinding(text: string, options: AnalyzeOptions): Finding {
		const ids = [...(options.scenarios ?? []), ...(options.contextScenarios ?? [])].filter((id, i, all) => all.indexOf(id) === i);
		const asked = ids.length > 0 ? ids.map((id) => (byId.get(id) ? scenarioLabel(byId.get(id)!.set) : id)).join(', ') : 'restore scenarios';
		const start = text.search(/\S/);
		const offset = start < 0 ? 0 : start;
		return {
			code: DiagnosticCode.NoPolicy,
			severity: 'error',
			message: `No IAM policy found in this file (${text.trim() === '' ? 'it is empty' : 'neither a policy document nor one inside a template or AWS CLI output'}), but it is to be checked against ${asked}: nothing was checked, so it cannot pass.`,
			span: { offset, length: start < 0 ? 0 : 1 },
			data: { scenarios: ids },
		};
	}

	return {
		requirementSets: compiled.map((c) => c.set),
		getRequirementSet: (id) => byId.get(id)?.set,
		analyze,
		getCatalog,
		analyzeRole: (role, unavailable) => withUnknownRoleScenarios(analyzeRole(roleContext, role), role, unavailable),
		hover: (analysis, offset) => getHover(knowledge(), policyViewAt(analysis, offset), offset),
		complete: (text, offset, analysis) => getCompletions(knowledge(), analysis, text, offset),
	};
}

export { LineIndex } from './lines';
export { getFixes, fixAll } from './fixes';
export type { CodeFix, FixAllResult } from './fixes';
export type { TextEdit } from './edits';
export { applyTextEdits } from './edits';
export { permissionPolicy, permissionPolicyParts, trustPolicy, missingActionsPolicy, policyText, sidFor } from './policyTemplates';
export type { PolicyDocument } from './policyTemplates';
export { policySize, MANAGED_POLICY_LIMIT, ROLE_INLINE_LIMIT, USER_INLINE_LIMIT } from './sizeLimits';
export { splitPolicy } from './fixes/split';
export type { RoleAnalysis, RoleInput, RoleDocument, RoleDocumentAnalysis } from './roles';
export type { HostSyntax, HostEditor, HostDocument, HostPolicy, HostRole, Annotation, ModuleLayout } from './host/syntax';
export type { HostNode, HostNodeType, HostSyntaxId } from './host/tree';
export { jsonSyntax } from './host/jsonSyntax';
export { yamlSyntax } from './host/yamlSyntax';
