import { CodeAction, CodeActionKind, CodeActionParams, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis, AnalyzeOptions, Checker, DiagnosticCode, fixAll, getFixes, splitPolicy, TextEdit as EngineEdit } from '../engine';
import type { FeatureContext } from './context';
import { rangeOf, SOURCE } from './diagnostics';

/** Our fix-all kind; `source.fixAll` requests (editor.codeActionsOnSave) include it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iamRestoreLint`;

/** textDocument/codeAction. `canCreateFiles`: the client applies workspace edits that create files. */
export function registerCodeActions(ctx: FeatureContext, canCreateFiles: () => boolean): void {
	ctx.connection.onCodeAction((params, token) =>
		ctx.runSafe(
			'code actions',
			[],
			async () => {
				const document = ctx.documents.get(params.textDocument.uri);
				const entry = document && (await ctx.analyses.analyze(document));
				if (!document || !entry || (entry.analysis.kind !== 'policy' && entry.analysis.kind !== 'template')) return [];
				// In a role, the scenario results are the role's: fixes add what the role as a whole lacks.
				const analysis = entry.role ? { ...entry.analysis, scenarios: entry.role.analysis.scenarios } : entry.analysis;
				return computeCodeActions(document, analysis, params, entry.checker, entry.options, canCreateFiles());
			},
			token,
		),
	);
}

function wants(only: string[] | undefined, kind: string): boolean {
	// A requested kind matches itself and its sub-kinds (LSP CodeActionKind hierarchy).
	return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function toEdits(document: TextDocument, edits: readonly EngineEdit[]): TextEdit[] {
	return edits.map((e) => TextEdit.replace(rangeOf(document, e.offset, e.length), e.newText));
}

/**
 * Code actions for our diagnostics, dispatched on each diagnostic's `code` and `data` (never its
 * message). A diagnostic computed for another document version gets no fix: its offsets may
 * no longer point at the same text.
 */
export function computeCodeActions(document: TextDocument, analysis: Analysis, params: CodeActionParams, checker: Checker, options: AnalyzeOptions, canCreateFiles = false): CodeAction[] {
	const only = params.context.only;
	const actions: CodeAction[] = [];
	if (wants(only, CodeActionKind.QuickFix)) {
		for (const diagnostic of params.context.diagnostics) {
			if (diagnostic.source !== SOURCE) continue;
			const data = diagnostic.data as { version?: number } | undefined;
			if (data?.version !== document.version) continue;
			const finding = findingFor(document, analysis, diagnostic);
			if (!finding) continue;
			if (finding.code === DiagnosticCode.PolicySize && canCreateFiles) {
				const split = splitAction(document, diagnostic);
				if (split) actions.push(split);
			}
			for (const fix of getFixes(analysis, finding)) {
				actions.push({
					title: fix.title,
					kind: CodeActionKind.QuickFix,
					diagnostics: [diagnostic],
					isPreferred: fix.isPreferred,
					edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, toEdits(document, fix.edits))] },
				});
			}
		}
	}
	// Fix-all only on request (source actions), like ESLint's: it is never offered as a lightbulb.
	if (only && (wants(only, FIX_ALL_KIND) || only.includes(CodeActionKind.Source))) {
		const result = fixAll(checker, document.getText(), options);
		if (result.edit) {
			actions.push({
				title: `Fix all IAM Restore Lint problems (${result.applied.length})`,
				kind: FIX_ALL_KIND,
				edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, toEdits(document, [result.edit]))] },
			});
		}
	}
	return actions;
}

function findingFor(document: TextDocument, analysis: Analysis, diagnostic: Diagnostic) {
	const start = document.offsetAt(diagnostic.range.start);
	const end = document.offsetAt(diagnostic.range.end);
	return analysis.findings.find((f) => f.code === diagnostic.code && f.span.offset === start && f.span.offset + f.span.length === end);
}

/**
 * policy-size: rewrite the file as the first part and create `name.part2.json`… beside it, each
 * under AWS's managed-policy limit (Veeam ships its full list the same way, as three policies).
 */
function splitAction(document: TextDocument, diagnostic: Diagnostic): CodeAction | undefined {
	const parts = splitPolicy(document.getText());
	const match = /^(.*?)(\.[^./]*)?$/.exec(document.uri);
	if (!parts || !match || !/^(file|vscode-remote):/.test(document.uri)) return undefined;
	const [, stem, ext = '.json'] = match;
	const uris = parts.map((_, i) => (i === 0 ? document.uri : `${stem}.part${i + 1}${ext}`));
	const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
	return {
		title: `Split into ${parts.length} policies that each fit 6,144 characters (creates ${uris.slice(1).map((u) => u.split('/').pop()).join(', ')})`,
		kind: CodeActionKind.QuickFix,
		diagnostics: [diagnostic],
		edit: {
			documentChanges: [
				TextDocumentEdit.create({ uri: document.uri, version: document.version }, [TextEdit.replace(whole, parts[0])]),
				...uris.slice(1).flatMap((uri, i) => [
					CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }),
					TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, parts[i + 1])]),
				]),
			],
		},
	};
}
