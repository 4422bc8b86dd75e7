import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, RelatedSpan, Severity } from '../engine';
import type { SeverityOverride } from '../shared/settings';

export const SOURCE = 'iam-restore-lint';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

export function rangeOf(document: TextDocument, offset: number, length: number): Range {
	return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/**
 * Engine findings → LSP diagnostics, with the user's severity overrides applied. `data` carries the
 * finding's payload plus the document version, so quick fixes stay stateless and never apply to a
 * newer text than they were computed for.
 */
export function toDiagnostics(
	document: TextDocument,
	findings: readonly Finding[],
	overrides: Record<string, SeverityOverride>,
	locate?: (related: RelatedSpan) => Location | undefined,
): Diagnostic[] {
	const out: Diagnostic[] = [];
	for (const f of findings) {
		const override = overrides[f.code];
		if (override === 'off') continue;
		const diagnostic: Diagnostic = {
			range: rangeOf(document, f.span.offset, f.span.length),
			severity: LSP_SEVERITY[override ?? f.severity],
			source: SOURCE,
			code: f.code,
			message: f.message,
			data: { ...(f.data ?? {}), version: document.version },
		};
		if (f.related && f.related.length > 0)
			diagnostic.relatedInformation = f.related.map((r) =>
				DiagnosticRelatedInformation.create(locate?.(r) ?? { uri: document.uri, range: rangeOf(document, r.span.offset, r.span.length) }, r.message),
			);
		if (f.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
		out.push(diagnostic);
	}
	return out;
}
