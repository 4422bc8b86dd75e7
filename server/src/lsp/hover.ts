import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Checker } from '../engine';
import { rangeOf } from './diagnostics';

/** textDocument/hover: the engine's markdown for the position, with the range it describes. */
export function hoverFor(document: TextDocument, checker: Checker, analysis: Analysis, position: Position): Hover | null {
	const result = checker.hover(analysis, document.offsetAt(position));
	if (!result) return null;
	return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: rangeOf(document, result.span.offset, result.span.length) };
}
