import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Checker } from '../engine';
import type { FeatureContext } from './context';
import { rangeOf } from './diagnostics';

export function registerHover(ctx: FeatureContext): void {
	ctx.connection.onHover((params, token) =>
		ctx.runSafe(
			'hover',
			null,
			async () => {
				const document = ctx.documents.get(params.textDocument.uri);
				const entry = document && (await ctx.analyses.analyze(document));
				if (!document || !entry) return null;
				return hoverFor(document, entry.checker, entry.analysis, params.position);
			},
			token,
		),
	);
}

/** textDocument/hover: the engine's markdown for the position, with the range it describes. */
export function hoverFor(document: TextDocument, checker: Checker, analysis: Analysis, position: Position): Hover | null {
	const result = checker.hover(analysis, document.offsetAt(position));
	if (!result) return null;
	return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: rangeOf(document, result.span.offset, result.span.length) };
}
