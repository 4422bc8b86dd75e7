import { ParseError, ParseErrorCode, parseTree } from 'jsonc-parser';
import { DiagnosticCode } from '../codes';
import { applyTextEdits, detectLayout, diffEdit, TextEdit } from '../edits';
import type { Analysis, AnalyzeOptions, Checker, Finding, Span } from '../index';
import { addVersion, removeDuplicateAction, removeRedundantActions, renumberSid, sanitizeSid } from './grammarFixes';
import { replaceString } from './replaceValue';
import { addDerivedResources } from './resourceFixes';
import { addMissingActions, addTrust, exemptFromDeny, widenPartial } from './scenarioFixes';
import { removeSpan, repairInvalidEscape, repairWhitespace } from './textRepairs';
import { policyView } from '../host/analyzeHost';
import { EscapedJsonEditor } from '../host/escapedJsonEditor';
import { JsonEditor } from '../host/jsonEditor';
import { jsonSyntax } from '../host/jsonSyntax';
import type { ScenarioResult } from '../scenarioCheck';
import type { CodeFix, FixProvider } from './types';

export type { CodeFix } from './types';

/** One provider per finding code: fixes are chosen by code and data, never by message text. */
const PROVIDERS: Partial<Record<string, FixProvider>> = {
	[DiagnosticCode.JsonInvalidEscape]: repairInvalidEscape,
	[DiagnosticCode.JsonInvalidWhitespace]: repairWhitespace,
	[DiagnosticCode.JsonTrailingComma]: removeSpan,
	[DiagnosticCode.JsonSyntax]: removeSpan,
	[DiagnosticCode.JsonComment]: removeSpan,
	[DiagnosticCode.ActionMalformed]: replaceString,
	[DiagnosticCode.EffectInvalid]: replaceString,
	[DiagnosticCode.VersionUnknown]: replaceString,
	[DiagnosticCode.VersionOutdated]: replaceString,
	[DiagnosticCode.KeyUnknown]: replaceString,
	[DiagnosticCode.ActionDuplicate]: removeDuplicateAction,
	[DiagnosticCode.VersionMissing]: addVersion,
	[DiagnosticCode.SidInvalid]: sanitizeSid,
	[DiagnosticCode.SidDuplicate]: renumberSid,
	[DiagnosticCode.ActionCase]: replaceString,
	[DiagnosticCode.ActionUnknown]: replaceString,
	[DiagnosticCode.ActionUnknownService]: replaceString,
	[DiagnosticCode.ActionRedundant]: removeRedundantActions,
	[DiagnosticCode.ScenarioMissing]: addMissingActions,
	[DiagnosticCode.ScenarioPartial]: widenPartial,
	[DiagnosticCode.ScenarioDenied]: exemptFromDeny,
	[DiagnosticCode.TrustPrincipalMissing]: addTrust,
	[DiagnosticCode.ResourceTypeMismatch]: addDerivedResources,
};

function syntaxErrorCount(text: string): number {
	const errors: ParseError[] = [];
	parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
	return errors.length;
}

/** The last text judged: the findings of one analysis ask about the same text one after another. */
let judged: { text: string; errors: number; sound: boolean } | undefined;
function judge(text: string): { errors: number; sound: boolean } {
	if (judged?.text !== text) judged = { text, errors: syntaxErrorCount(text), sound: structurallySound(text) };
	return judged;
}

/**
 * Errors that leave the tree's shape intact: an invalid escape inside a string, a comment, a
 * trailing comma, text after the root. With any other error (an unterminated string, a missing
 * bracket) the tree may not be where the user sees it, so only the JSON repairs are offered.
 */
function structurallySound(text: string): boolean {
	const errors: ParseError[] = [];
	parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
	return errors.every((e) => e.error === ParseErrorCode.InvalidEscapeCharacter || e.error === ParseErrorCode.EndOfFileExpected);
}

/**
 * The fixes for one finding of an analysis. Each fix is checked before it is offered: its edits
 * must not overlap, and the result must not have more JSON errors than the text had (none when
 * the text had none), so a fix can never break a document.
 */
export function getFixes(analysis: Analysis, finding: Finding): CodeFix[] {
	const provider = PROVIDERS[finding.code];
	if (!provider) return [];
	const text = analysis.text;
	// In a template, a finding is about one of its policies: the fix sees that policy (and its role's results).
	let view = analysis;
	if (analysis.kind === 'template') {
		if (finding.policy === undefined || !analysis.policies?.[finding.policy]) {
			if (!finding.code.startsWith('json-')) return [];
		} else view = policyView(analysis, finding.policy);
	} else if (analysis.kind !== 'policy') return [];
	const fileSyntax = analysis.host ?? jsonSyntax;
	// The policy's own syntax writes the edit (JSON inside a Terraform heredoc is JSON); the file's judges it.
	const editorSyntax = view.syntax === 'json' || !view.syntax ? jsonSyntax : fileSyntax;
	const json = fileSyntax.id === 'json';
	if (json && !finding.code.startsWith('json-') && !judge(text).sound) return [];
	const before = json ? judge(text).errors : fileSyntax.errorCount(text);
	let fixes: CodeFix[];
	try {
		const layout = detectLayout(text);
		// JSON inside a quoted HCL string is written escaped (host/escapedJsonEditor.ts).
		const jsonString = (view.model?.root as { jsonString?: Span } | undefined)?.jsonString;
		const editor = jsonString ? new EscapedJsonEditor(text, jsonString) : editorSyntax.id === 'json' ? new JsonEditor(text, layout) : editorSyntax.editor(text);
		fixes = provider({ analysis: view, finding, text, layout, editor });
	} catch {
		return [];
	}
	const count = json ? syntaxErrorCount : (t: string) => fileSyntax.errorCount(t);
	return fixes.filter((fix) => {
		if (fix.edits.length === 0) return false;
		try {
			const after = count(applyTextEdits(text, fix.edits));
			return before === 0 ? after === 0 : after <= before;
		} catch {
			return false;
		}
	});
}

/** Every scenario result of an analysis: the file's, and in a template those of each policy and role. */
function allScenarios(analysis: Analysis): ScenarioResult[] {
	return [...analysis.scenarios, ...(analysis.policies ?? []).flatMap((p) => p.analysis.scenarios), ...(analysis.roles ?? []).flatMap((r) => r.scenarios)];
}

/**
 * The text ranges taken by the fixes chosen in one round (an insertion takes one character), sorted,
 * so that thousands of edits (the casing of a 205 KB policy) are checked in O(log n) each.
 */
class ClaimedRanges {
	private readonly starts: number[] = [];
	private readonly ends: number[] = [];

	private firstAtOrAfter(offset: number): number {
		let lo = 0;
		let hi = this.starts.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.starts[mid] < offset) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	overlaps(e: TextEdit): boolean {
		const start = e.offset;
		const end = e.offset + Math.max(e.length, 1);
		const i = this.firstAtOrAfter(start);
		// Claimed ranges never overlap one another (a fix's own edits cannot: it would not apply), so
		// their ends are sorted too: only the neighbours on either side can reach this range.
		return (i > 0 && this.ends[i - 1] > start) || (i < this.starts.length && this.starts[i] < end);
	}

	add(e: TextEdit): void {
		const i = this.firstAtOrAfter(e.offset);
		this.starts.splice(i, 0, e.offset);
		this.ends.splice(i, 0, e.offset + Math.max(e.length, 1));
	}
}

export interface FixAllResult {
	text: string;
	/** Titles of the fixes applied, in order. */
	applied: string[];
	/** One edit from the original text to the fixed one, or undefined when nothing changed. */
	edit?: TextEdit;
	/** The analysis of `text` when the last round made one (saves the caller a second analysis). */
	analysis?: Analysis;
}

/** What makes two findings the same cause across fix-all's rounds. */
function findingKey(f: Finding): string {
	if (typeof f.data?.scenario === 'string') return `${f.code}:${f.policy ?? ''}:${f.data.scenario}:${JSON.stringify(f.data.actions ?? f.data.principal)}`;
	return `${f.code}:${f.policy ?? ''}:${f.message}`;
}

function countKeys(findings: readonly Finding[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const f of findings) {
		const key = findingKey(f);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

/**
 * Applies every safe fix (`fixAll`), round after round, until none is left: syntax repairs first
 * (they change what parses), then grammar, then the scenarios chosen in `options` (inferred ones
 * get quick fixes, one keystroke each, but are never satisfied unattended). Each round applies the fixes whose
 * edits do not overlap and re-analyses, so later fixes see the repaired text. Idempotent: running
 * it on its own output changes nothing.
 */
export function fixAll(checker: Checker, original: string, options: AnalyzeOptions = {}, maxRounds = 20): FixAllResult {
	let text = original;
	const applied: string[] = [];
	// A scenario fix that would be needed twice did not work the first time: never repeat it.
	const done = new Set<string>();
	// Fixes that were applied and whose finding survived: left out from then on.
	const ineffective = new Set<string>();
	// The analysis text replaces non-ASCII whitespace; edits are made against the real text.
	let analysis: Analysis = checker.analyze(text, options);
	for (let round = 0; round < maxRounds; round++) {
		if (analysis.kind !== 'policy' && analysis.kind !== 'template') break;
		// Scenario fixes only for scenarios the user chose: an inferred scenario is a guess, and
		// satisfying one guess could make the next run infer another (fix-all must be idempotent).
		const inferred = new Set(allScenarios(analysis).filter((s) => s.inferred).map((s) => s.compiled.set.id));
		const candidates = analysis.findings
			.filter((f) => !ineffective.has(findingKey(f)) && (typeof f.data?.scenario !== 'string' || (!inferred.has(f.data.scenario) && !done.has(findingKey(f)))))
			.flatMap((f) => getFixes(analysis, f).filter((x) => x.fixAll).slice(0, 1).map((fix) => ({ fix, key: findingKey(f) })));
		if (candidates.length === 0) break;
		const chosen: CodeFix[] = [];
		const chosenKeys: string[] = [];
		const taken: TextEdit[] = [];
		const claimed = new ClaimedRanges();
		for (const { fix, key } of candidates) {
			if (fix.edits.some((e) => claimed.overlaps(e))) continue;
			chosen.push(fix);
			taken.push(...fix.edits);
			for (const e of fix.edits) claimed.add(e);
			chosenKeys.push(key);
		}
		const next = applyTextEdits(text, taken);
		if (next === text) break;
		const nextAnalysis = checker.analyze(next, options);
		// A fix whose finding survives did not take (in a broken file, an added statement or
		// "Version" can land where the policy's structure does not reach): undo the round and leave
		// that fix out, or every later run would add it again. Findings without a scenario have no
		// identity across edits (their spans move), so such a fix failed when its kind of finding
		// did not become fewer.
		const before = countKeys(analysis.findings);
		const after = countKeys(nextAnalysis.findings);
		const failed = chosenKeys.filter((k) => (after.get(k) ?? 0) >= (before.get(k) ?? 0) && (after.get(k) ?? 0) > 0);
		if (failed.length > 0) {
			for (const k of failed) ineffective.add(k);
			continue;
		}
		for (const k of chosenKeys) done.add(k);
		text = next;
		analysis = nextAnalysis;
		applied.push(...chosen.map((c) => c.title));
	}
	return { text, applied, edit: diffEdit(original, text), ...(analysis.text === text ? { analysis } : {}) };
}
