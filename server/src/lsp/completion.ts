import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Checker, CompletionEntry } from '../engine';
import { scenarioSnippets } from '../snippets/generate';
import type { FeatureContext } from './context';
import { rangeOf } from './diagnostics';
import { syntaxOf } from './settings';

/** Typing a quote or the colon after a service prefix asks for action names. */
export const COMPLETION_TRIGGER_CHARACTERS = ['"', ':'];

const KINDS: Record<CompletionEntry['kind'], CompletionItemKind> = {
	service: CompletionItemKind.Module,
	action: CompletionItemKind.Value,
	wildcard: CompletionItemKind.Constant,
};

/** Completion also works while the file is not (yet) a policy, e.g. a first statement being typed. */
export function registerCompletion(ctx: FeatureContext): void {
	ctx.connection.onCompletion((params, token) =>
		ctx.runSafe(
			'completion',
			null,
			async () => {
				const document = ctx.documents.get(params.textDocument.uri);
				const settings = document && (await ctx.settings.get(document.uri));
				if (!document || !settings?.enable) return null;
				const entry = await ctx.analyses.analyze(document);
				const checker = entry?.checker ?? (await ctx.checkers.forDocument(settings, document.uri)).checker;
				return completionFor(document, checker, entry?.analysis, params.position);
			},
			token,
		),
	);
}

/**
 * textDocument/completion: the engine's entries as LSP items. Every item carries a text edit over
 * the string's content, so the client filters on the whole typed name (`ec2:Ru`), colon included.
 */
export function completionFor(document: TextDocument, checker: Checker, analysis: Analysis | undefined, position: Position): CompletionList | null {
	const text = document.getText();
	// The snippets are JSON policies: in an empty YAML or Terraform file they would be wrong text.
	if (text.trim() === '') return syntaxOf(document.languageId, document.uri) === 'json' ? scenarioPolicyItems(document, checker) : null;
	const result = checker.complete(text, document.offsetAt(position), analysis);
	if (!result) return null;
	const range = rangeOf(document, result.span.offset, result.span.length);
	// Only what continues the typed text (`kms:Re` offers kms:ReEncrypt…, never the file's missing
	// ec2: actions), and the wildcards that cover it (`kms:*`): not every client filters, and a
	// long list costs every keystroke.
	const typed = result.prefix.toLowerCase();
	const matching = result.items.filter((e) => {
		const label = e.label.toLowerCase();
		return label.startsWith(typed) || (label.endsWith('*') && typed.startsWith(label.slice(0, -1)));
	});
	const items = matching.map((e): CompletionItem => {
		const item: CompletionItem = {
			label: e.label,
			kind: KINDS[e.kind],
			detail: e.detail,
			sortText: e.sortText,
			filterText: e.label,
			textEdit: TextEdit.replace(range, e.insertText),
			insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
		};
		if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
		if (e.required) item.preselect = e.sortText === '000000';
		if (e.retrigger) item.command = { title: 'Suggest actions', command: 'editor.action.triggerSuggest' };
		return item;
	});
	// Typing on may change the list beyond what the client can filter (a colon asks for actions).
	return { isIncomplete: typed.length > 0, items };
}

/**
 * In an empty JSON document: a complete policy for every scenario (the same snippets the extension
 * contributes, generated from the requirement sets, including the user's own sets).
 */
function scenarioPolicyItems(document: TextDocument, checker: Checker): CompletionList {
	const whole = rangeOf(document, 0, document.getText().length);
	const items = Object.entries(scenarioSnippets(checker.requirementSets)).map(([name, snippet], i): CompletionItem => ({
		label: snippet.prefix[0],
		kind: CompletionItemKind.Snippet,
		detail: name.endsWith('trust') ? 'trust policy' : 'permission policy',
		documentation: { kind: MarkupKind.Markdown, value: snippet.description },
		filterText: snippet.prefix.join(' '),
		sortText: String(i).padStart(4, '0'),
		textEdit: TextEdit.replace(whole, snippet.body.join('\n')),
		insertTextFormat: InsertTextFormat.Snippet,
	}));
	return { isIncomplete: false, items };
}
