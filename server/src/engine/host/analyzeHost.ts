import { DiagnosticCode } from '../codes';
import type { Analysis, AnalyzeOptions, HostRoleAnalysis, PolicyAnalysis } from '../index';
import { buildPolicyModel, type PolicyModel, type Statement } from '../policyModel';
import type { RoleAnalysis, RoleDocument, RoleInput } from '../roles';
import type { Finding, Span } from '../types';
import { unavailableSetsSentence, unknownScenariosSentence } from '../unknownScenarios';
import type { Annotation, HostDocument, HostPolicy, HostRole, HostSyntax } from './syntax';
import { lazyCopy, pin, rebase, type ResultCache, Signature } from './rebase';
import { deployTimeLabel, plainValue, type HostNode, type HostSyntaxId } from './tree';

/**
 * A host file's policies and roles, each evaluated as the engine evaluates a JSON policy or a
 * role of JSON files (`analyzeRole`), with every finding at its place in the host file. The
 * syntax only found the documents; nothing here depends on it.
 */

export interface HostContext {
	analyzeModel(model: PolicyModel, text: string, preceding: readonly Finding[], options: AnalyzeOptions, measuredSize?: number): Analysis;
	analyzeRole(role: RoleInput): RoleAnalysis;
	infer(model: PolicyModel): Inferred[];
	known(id: string): boolean;
	managedPolicy?: (arn: string) => { name: string; text: string } | undefined;
	/** Roles' results from earlier versions of files (see rebase.ts): a keystroke re-evaluates only the roles it changed. */
	roleResults?: ResultCache<RoleOutcome>;
}

/** One role's share of a template's analysis; `policy` indexes into `policies` (renumbered when appended). */
export interface RoleOutcome {
	role: HostRoleAnalysis;
	policies: PolicyAnalysis[];
	findings: { policy?: number; finding: Finding }[];
}

/**
 * A role's outcome for its new place: findings and anchors moved now; the role's analysis and its
 * policies' analyses (which share nodes and statements, so they move together) on first use.
 */
export function moveRoleOutcome(outcome: RoleOutcome, delta: number, oldText: string, newText: string): RoleOutcome {
	// One copy per object for all that is moved now (and one Map, not one per key).
	const copies = new Map<object, unknown>();
	const move = <V>(v: V): V => rebase(v, delta, oldText, newText, copies);
	let moved: { role: HostRoleAnalysis; policies: PolicyAnalysis[] } | undefined;
	const later = () => {
		if (moved) return moved;
		// An AWS managed policy's analysis has offsets in its own document: shared as it is.
		const copies = new Map<object, unknown>();
		for (const d of outcome.role.role.documents) if (d.analysis.text !== oldText) pin(d.analysis, copies);
		return (moved = rebase({ role: outcome.role, policies: outcome.policies }, delta, oldText, newText, copies));
	};
	return {
		findings: move(outcome.findings),
		role: lazyCopy(outcome.role, ['name', 'anchor', 'policies', 'trust', 'unresolved', 'annotated'], move, () => later().role),
		policies: outcome.policies.map((p, i) => lazyCopy(p, ['name', 'use', 'anchor', 'role', 'syntax', 'annotated'], move, () => later().policies[i])),
	};
}

/** The size AWS counts for a document that is not JSON text: the JSON it becomes, without whitespace. */
export function embeddedSize(root: HostNode): number {
	return JSON.stringify(plainValue(root)).length;
}

/** A scenario inferred from a policy's content, with why. */
interface Inferred {
	id: string;
	reason: string;
	/** Inferred from common actions alone (sts:AssumeRole, a few describes). */
	commonOnly?: boolean;
}

interface Choice {
	ids: string[];
	/** Ids inferred from the content, with why. */
	inferred?: Map<string, string>;
	/** Inferred ids whose evidence is common actions alone. */
	commonOnly?: Set<string>;
	annotated?: boolean;
}

/** Scenario choice for one role or policy: `glob#NAME` setting, then its annotation, then the file's, then inference. */
function choose(name: string, annotation: Annotation | undefined, options: AnalyzeOptions, infer: () => Inferred[]): Choice {
	const named = options.scenariosByName?.[name];
	if (named && named.length > 0) return { ids: [...named] };
	if (annotation && annotation.scenarios.length > 0) return { ids: annotation.scenarios, annotated: true };
	if (options.scenarios && options.scenarios.length > 0) return { ids: [...options.scenarios] };
	if (options.autoDetect === false) return { ids: [] };
	const inferred = infer();
	return { ids: inferred.map((i) => i.id), inferred: new Map(inferred.map((i) => [i.id, i.reason])), commonOnly: new Set(inferred.filter((i) => i.commonOnly).map((i) => i.id)) };
}

function annotationFindings(ctx: HostContext, annotation: Annotation | undefined, options: AnalyzeOptions): Finding[] {
	if (!annotation) return [];
	const unknown = annotation.scenarios.filter((id) => !ctx.known(id));
	if (unknown.length === 0) return [];
	return [
		{
			code: DiagnosticCode.AnnotationUnknownScenario,
			severity: 'error',
			message: `${unknownScenariosSentence(unknown, 'in the iam-restore-lint annotation')} ${unavailableSetsSentence(options.unavailableRequirementSets)}`.trimEnd(),
			span: annotation.span,
			data: { scenarios: unknown },
		},
	];
}

/** A one-policy view of a template for hover and fixes: the policy at an offset, with its role's scenarios. */
export function policyViewAt(analysis: Analysis, offset: number): Analysis {
	if (analysis.kind !== 'template' || !analysis.policies) return analysis;
	const i = analysis.policies.findIndex((p) => {
		const root = p.analysis.model?.root;
		return root && offset >= root.offset && offset <= root.offset + root.length;
	});
	return i >= 0 ? policyView(analysis, i) : { ...analysis, kind: 'not-policy' };
}

/** The analysis of policy `i` of a template, as fixes and hover see it: the role's scenario results when it is in a role. */
export function policyView(analysis: Analysis, i: number): Analysis {
	const p = analysis.policies![i];
	const role = p.role !== undefined ? analysis.roles?.find((r) => r.name === p.role) : undefined;
	return { ...p.analysis, text: analysis.text, scenarios: role ? role.scenarios : p.analysis.scenarios, host: analysis.host, syntax: p.syntax };
}

/** The statement a finding's `data.statement` names in a model. */
function statementOf(model: PolicyModel | undefined, finding: Finding): Statement | undefined {
	const i = finding.data?.statement;
	return typeof i === 'number' ? model?.statements.find((s) => s.index === i) : undefined;
}

/** A finding that depends on a deploy-time value says so. */
function noteDeployTime(finding: Finding, model: PolicyModel | undefined): void {
	const s = statementOf(model, finding);
	if (!s) return;
	const values = finding.code === DiagnosticCode.ScenarioPartial || finding.code === DiagnosticCode.ConstraintWildcardResource ? s.resource?.deployTime : finding.code === DiagnosticCode.ScenarioConditional ? (s.condition?.type === 'unknown' ? [s.condition] : []) : undefined;
	if (!values || values.length === 0) return;
	finding.message += ` This depends on ${values.map((v) => deployTimeLabel(v)).join(', ')}, known only at deploy time: it may be narrower or wider than shown.`;
	finding.data = { ...(finding.data ?? {}), deployTime: values.map((v) => v.deployTime ?? '') };
}

/** Reads a template's documents and roles into one analysis of the file. */
export function analyzeHost(ctx: HostContext, doc: HostDocument, syntax: HostSyntax, preceding: readonly Finding[], options: AnalyzeOptions): Analysis {
	const text = doc.text;
	const fileFindings = [...preceding, ...(doc.findings !== preceding ? doc.findings : [])];
	// A wrapper (or a syntax's standalone policy) is one policy: it reads like a policy file.
	if ((doc.format === 'wrapper' || doc.format === 'policy') && doc.policies.length === 1) {
		const p = doc.policies[0];
		const model = buildPolicyModel(p.root, text, p.use);
		if (!model) return { kind: 'not-policy', text, findings: [], scenarios: [] };
		const analysis = ctx.analyzeModel(model, text, fileFindings, options, syntax.id === 'json' ? undefined : embeddedSize(p.root));
		return { ...analysis, syntax: syntax.id, format: doc.format, host: syntax };
	}
	// No policy read (a file misread from an unclosed string on): its syntax findings still say why.
	if (doc.policies.length === 0) return { kind: 'not-policy', text, findings: doc.format === 'terraform' ? [...doc.findings] : [], scenarios: [], syntax: syntax.id, format: doc.format };

	const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
	const byName = new Map<string, HostPolicy>(doc.policies.map((p) => [p.name, p]));
	const models = new Map<string, PolicyModel | undefined>();
	const modelOf = (p: HostPolicy) => {
		if (!models.has(p.name)) models.set(p.name, buildPolicyModel(p.root, text, p.use));
		return models.get(p.name);
	};
	const policies: PolicyAnalysis[] = [];
	const roles: HostRoleAnalysis[] = [];
	const inRole = new Set<string>();
	const findings: Finding[] = [...fileFindings];
	const push = (policy: number | undefined, list: readonly Finding[], model?: PolicyModel) => {
		for (const f of list) {
			noteDeployTime(f, model);
			findings.push(policy === undefined ? f : { ...f, policy });
		}
	};

	/** The options every role's reuse key holds (made once per file). */
	let optionsKey: string | undefined;
	for (const role of doc.roles) {
		for (const n of [...role.policies, ...(role.trust ? [role.trust] : [])]) inRole.add(n);
		if (only && !only.has(role.name)) continue;
		const key = ctx.roleResults && roleSignature(role, byName, options, (optionsKey ??= JSON.stringify([options.scenarios, options.autoDetect, options.unavailableRequirementSets])), syntax.id);
		let outcome = key !== undefined ? ctx.roleResults!.get(key, role.anchor.offset, text) : undefined;
		if (!outcome) {
			outcome = analyzeHostRole(ctx, role, byName, modelOf, text, options, syntax.id);
			if (key !== undefined) ctx.roleResults!.set(key, role.anchor.offset, text, outcome);
		}
		const base = policies.length;
		policies.push(...outcome.policies);
		for (const f of outcome.findings) findings.push(f.policy === undefined ? f.finding : { ...f.finding, policy: base + f.policy });
		roles.push(outcome.role);
	}
	for (const p of doc.policies) {
		if (inRole.has(p.name) || (only && !only.has(p.name))) continue;
		const model = modelOf(p);
		if (!model) continue;
		// A permissions boundary grants nothing by itself: only its grammar is checked.
		const choice: Choice = p.use === 'boundary' ? { ids: [] } : choose(p.name, p.annotation, options, () => ctx.infer(model));
		const analysis = ctx.analyzeModel(model, text, [], { ...options, scenarios: choice.ids, autoDetect: false }, syntax.id === 'json' ? undefined : embeddedSize(p.root));
		for (const s of analysis.scenarios) {
			const reason = choice.inferred?.get(s.compiled.set.id);
			if (reason) Object.assign(s, { inferred: true, reason });
		}
		const index = policies.length;
		policies.push({ name: p.name, use: p.use, anchor: p.anchor, analysis, syntax: p.syntax ?? syntax.id, annotated: choice.annotated });
		push(index, [...annotationFindings(ctx, p.annotation, options), ...analysis.findings], model);
	}
	// One finding per place: a policy attached to two roles reports its grammar once.
	const seen = new Set<string>();
	const unique = findings.filter((f) => {
		const key = `${f.code}:${f.span.offset}:${f.span.length}:${f.message}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	unique.sort((a, b) => a.span.offset - b.span.offset);
	ctx.roleResults?.endRun();
	return { kind: 'template', text, findings: unique, scenarios: [], syntax: syntax.id, format: doc.format, policies, roles, host: syntax };
}

/** The findings an AWS managed policy can decide for a role (its own grammar and catalog notes are not the user's). */
const DECIDED_IN_MANAGED = new Set<string>([DiagnosticCode.ScenarioDenied, DiagnosticCode.ScenarioConditional, DiagnosticCode.ScenarioPartial, DiagnosticCode.ScenarioMissing]);

/**
 * Findings a statement of an attached AWS managed policy decides (a Deny in it, a Condition, a
 * partial Resource), moved to the ARN that attaches it and named by the policy: the user cannot
 * edit the managed policy, but can see why the role lacks an action and detach or override it.
 */
function managedPolicyFindings(found: readonly Finding[], name: string, at: Span): Finding[] {
	return found
		.filter((f) => DECIDED_IN_MANAGED.has(f.code))
		.map((f) => {
			const { statement: _statement, ...data } = f.data ?? {};
			return { code: f.code, severity: f.severity, message: `In the AWS managed policy ${name}, attached here: ${f.message}`, span: at, data: { ...data, managedPolicy: name } };
		});
}

/**
 * Everything a role's outcome depends on, relative to its anchor: the role, its documents' nodes,
 * the options that choose its scenarios. Two roles with the same signature have the same outcome
 * moved by the distance between their anchors.
 */
function roleSignature(role: HostRole, byName: Map<string, HostPolicy>, options: AnalyzeOptions, optionsKey: string, syntaxId: HostSyntaxId): string {
	const sig = new Signature(role.anchor.offset);
	const named = options.scenariosByName?.[role.name];
	sig.add(syntaxId, role.name, role.trust, role.boundary, role.policies.length, named && JSON.stringify(named), optionsKey);
	sig.span(role.anchor);
	for (const m of role.managedPolicyArns) sig.add(m.arn).span(m.span);
	for (const u of role.unresolved) sig.add(u.text).span(u.span);
	sig.add(role.annotation?.scenarios.join(',')).span(role.annotation?.span);
	sig.add(role.boundaryArn?.arn).span(role.boundaryArn?.span);
	for (const name of [...role.policies, role.trust, role.boundary]) {
		const p = name === undefined ? undefined : byName.get(name);
		sig.add(name, p?.use, p?.syntax, p?.annotation?.scenarios.join(',')).span(p?.anchor).span(p?.annotation?.span);
		// A document the syntax knows it read before is named by its key and where it is (its nodes are not walked, nor made).
		if (p?.reuse) sig.add('reuse', p.reuse.key).span({ offset: p.reuse.base, length: 0 });
		else sig.node(p?.root);
	}
	return sig.toString();
}

function analyzeHostRole(
	ctx: HostContext,
	role: HostRole,
	byName: Map<string, HostPolicy>,
	modelOf: (p: HostPolicy) => PolicyModel | undefined,
	text: string,
	options: AnalyzeOptions,
	syntaxId: HostSyntaxId,
): RoleOutcome {
	const policies: PolicyAnalysis[] = [];
	const findings: RoleOutcome['findings'] = [];
	const push = (policy: number | undefined, list: readonly Finding[], model?: PolicyModel) => {
		for (const f of list) {
			noteDeployTime(f, model);
			findings.push({ policy, finding: f });
		}
	};
	const local = role.policies.map((n) => byName.get(n)).filter((p): p is HostPolicy => !!p && !!modelOf(p));
	const trust = role.trust ? byName.get(role.trust) : undefined;
	const boundary = role.boundary ? byName.get(role.boundary) : undefined;
	const managed: RoleDocument[] = [];
	/** Where each managed policy is attached (its ARN in the file). */
	const managedAt: Span[] = [];
	const unresolved = role.unresolved.map((u) => u.text);
	for (const m of role.managedPolicyArns) {
		const found = ctx.managedPolicy?.(m.arn);
		if (found) {
			managed.push({ name: found.name, text: found.text });
			managedAt.push(m.span);
		} else unresolved.push(m.arn);
	}
	// An AWS managed policy as the boundary: its document, and its ARN where the findings it decides go.
	let managedBoundary: (RoleDocument & { span: Span }) | undefined;
	if (!boundary && role.boundaryArn) {
		const found = ctx.managedPolicy?.(role.boundaryArn.arn);
		if (found) managedBoundary = { name: found.name, text: found.text, span: role.boundaryArn.span };
		else unresolved.push(role.boundaryArn.arn);
	}
	const infer = () => {
		const statements = local.flatMap((p) => modelOf(p)!.statements);
		const first = local.map((p) => modelOf(p)!)[0];
		return first ? ctx.infer({ ...first, kind: 'identity', statements }) : [];
	};
	const choice = choose(role.name, role.annotation, options, infer);
	const input: RoleInput = {
		name: role.name,
		policies: [...local.map((p) => ({ name: p.name, text, root: p.root })), ...managed],
		trust: trust && modelOf(trust) ? { name: trust.name, text, root: trust.root } : undefined,
		boundary: boundary && modelOf(boundary) ? { name: boundary.name, text, root: boundary.root } : managedBoundary && { name: managedBoundary.name, text: managedBoundary.text },
		scenarios: choice.ids,
	};
	let analysis = ctx.analyzeRole(input);
	// A scenario inferred from common actions alone (sts:AssumeRole) whose trust the role's own trust
	// policy meets in no part is another role's: the trust says who this role is for (VeeamHub's
	// appliance instance role, trusted by ec2.amazonaws.com, is not a role added to the appliance).
	const misfits = analysis.scenarios.filter((s) => choice.commonOnly?.has(s.compiled.set.id) && input.trust && s.trust.length > 0 && s.trust.every((t) => t.status !== 'granted'));
	if (misfits.length > 0) {
		input.scenarios = input.scenarios.filter((id) => !misfits.some((s) => s.compiled.set.id === id));
		analysis = ctx.analyzeRole(input);
	}
	for (const s of analysis.scenarios) {
		const reason = choice.inferred?.get(s.compiled.set.id);
		if (reason) Object.assign(s, { inferred: true, reason });
	}
	const extra: Finding[] = [...annotationFindings(ctx, role.annotation, options)];
	const label = `role ${role.name}`;
	for (const [id, actions] of analysis.outsideBoundary ?? []) {
		const set = analysis.scenarios.find((s) => s.compiled.set.id === id)?.compiled.set;
		const boundaryName = boundary?.name ?? role.boundary ?? (managedBoundary && `AWS managed policy ${managedBoundary.name}`);
		extra.push({
			code: DiagnosticCode.ScenarioDenied,
			severity: 'error',
			message: `${label} is limited by the permissions boundary ${boundaryName}, which does not allow ${actions.length} action${actions.length === 1 ? '' : 's'} that ${set?.shortTitle ?? id} needs: ${actions.join(', ')}. An action outside the boundary is not granted.`,
			// A boundary of the file is named at the role; an AWS managed one at the ARN that sets it.
			span: managedBoundary?.span ?? role.anchor,
			data: { scenario: id, actions, boundary: boundary?.name ?? role.boundary ?? managedBoundary?.name },
		});
	}
	for (const s of analysis.scenarios) {
		if (s.inferred)
			extra.push({
				code: DiagnosticCode.ScenarioInferred,
				severity: 'information',
				message: `${label} is checked against ${s.compiled.set.shortTitle} because ${s.reason}. Choose scenarios explicitly with a Metadata annotation, the iamRestoreLint.scenarios setting (key "glob#${role.name}") or --scenario.`,
				span: role.anchor,
				data: { scenario: s.compiled.set.id },
			});
	}
	// Documents: the file's own first, then managed policies (whose findings are not the user's to fix).
	analysis.documents.forEach((d, i) => {
		const own = i < local.length ? local[i] : d.kind === 'trust' ? trust : undefined;
		if (!own) {
			// (With no document of its own, the role itself says what it lacks, below.)
			const decided = local.length > 0 ? d.analysis.findings : d.analysis.findings.filter((f) => f.code !== DiagnosticCode.ScenarioMissing);
			if (d.kind === 'policy' && i - local.length < managedAt.length) extra.push(...managedPolicyFindings(decided, d.name, managedAt[i - local.length]));
			return;
		}
		const index = policies.length;
		policies.push({ name: own.name, use: own.use, anchor: own.anchor, analysis: d.analysis, role: role.name, syntax: own.syntax ?? syntaxId });
		const found = d.analysis.findings;
		// Related places in the file's own documents stay (same file: no document index); those in managed policies cannot be shown.
		const isLocal = (n: number) => n < local.length || analysis.documents[n]?.kind === 'trust';
		for (const f of found) if (f.related) f.related = f.related.filter((r) => r.document === undefined || isLocal(r.document)).map(({ document: _d, ...r }) => r);
		if (unresolved.length > 0) for (const f of found) if (f.code === DiagnosticCode.ScenarioMissing || f.code === DiagnosticCode.ScenarioPartial) f.message += ` The role also attaches ${unresolved.map((u) => `"${u}"`).join(', ')}, which could not be read here and may grant some of them.`;
		push(index, found, d.analysis.model);
	});
	// With no document of its own to report on (only unresolved attachments), the role itself says what it lacks.
	if (local.length === 0 && analysis.scenarios.some((s) => !s.satisfied)) {
		for (const s of analysis.scenarios.filter((x) => !x.satisfied))
			extra.push({
				code: DiagnosticCode.ScenarioMissing,
				severity: 'error',
				message: `${label} has no permissions policy in this file${unresolved.length > 0 ? ` (it attaches ${unresolved.map((u) => `"${u}"`).join(', ')}, which could not be read here)` : ''}: ${s.compiled.set.shortTitle} needs ${s.actions.filter((a) => a.status !== 'granted').map((a) => a.action).join(', ')}.`,
				span: role.anchor,
				data: { scenario: s.compiled.set.id, actions: s.actions.filter((a) => a.status === 'missing').map((a) => a.action) },
			});
	}
	push(undefined, extra);
	return {
		role: {
			name: role.name,
			anchor: role.anchor,
			policies: [...local.map((p) => p.name), ...managed.map((m) => m.name)],
			trust: trust?.name,
			scenarios: analysis.scenarios,
			role: analysis,
			unresolved,
			annotated: choice.annotated,
		},
		policies,
		findings,
	};
}
