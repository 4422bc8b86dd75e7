import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, RelatedSpan, Severity } from '../engine';
import type { SeverityOverride } from '../shared/settings';

export const SOURCE = 'iam-restore-lint';

/** Codes the server itself reports, about its input rather than a policy (package.json lists them too). */
export type ServerCode = 'requirement-set-invalid' | 'document-too-large';

/** A finding of the engine or of the server; every diagnostic is made from one, through `toDiagnostics`. */
export type ServerFinding = Omit<Finding, 'code'> & { code: Finding['code'] | ServerCode };

/**
 * Diagnostics per document, at most: past it, one summary. The engine caps its own floods (syntax
 * errors, unknown names); this holds for the sum, so no answer grows into megabytes.
 */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 1000;

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
 * Findings → LSP diagnostics, with the user's severity overrides applied: the only place
 * diagnostics are made, so every code honours `iamRestoreLint.severity`. `data` carries the
 * finding's payload plus the document version, so quick fixes stay stateless and never apply to
 * a newer text than they were computed for.
 */
export function toDiagnostics(
	document: TextDocument,
	findings: readonly ServerFinding[],
	overrides: Record<string, SeverityOverride>,
	locate?: (related: RelatedSpan) => Location | undefined,
): Diagnostic[] {
	const out: Diagnostic[] = [];
	const shown = findings.filter((f) => overrides[f.code] !== 'off');
	for (const f of shown.slice(0, MAX_DIAGNOSTICS_PER_DOCUMENT)) {
		const diagnostic: Diagnostic = {
			range: rangeOf(document, f.span.offset, f.span.length),
			severity: LSP_SEVERITY[(overrides[f.code] as Severity | undefined) ?? f.severity],
			source: SOURCE,
			code: f.code,
			message: f.message,
			data: { ...(f.data ?? {}), version: document.version },
		};
		if (f.related && f.related.length > 0)
			diagnostic.relatedInformation = f.related.slice(0, 50).map((r) =>
				DiagnosticRelatedInformation.create(locate?.(r) ?? { uri: document.uri, range: rangeOf(document, r.span.offset, r.span.length) }, r.message),
			);
		if (f.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
		out.push(diagnostic);
	}
	if (shown.length > MAX_DIAGNOSTICS_PER_DOCUMENT) {
		const first = shown[MAX_DIAGNOSTICS_PER_DOCUMENT];
		out.push({
			range: rangeOf(document, first.span.offset, first.span.length),
			severity: LSP_SEVERITY[(overrides[first.code] as Severity | undefined) ?? first.severity],
			source: SOURCE,
			code: first.code,
			message: `${shown.length - MAX_DIAGNOSTICS_PER_DOCUMENT} more problems from here on are not shown; only the first ${MAX_DIAGNOSTICS_PER_DOCUMENT} of a document are.`,
			data: { version: document.version, unreported: shown.length - MAX_DIAGNOSTICS_PER_DOCUMENT },
		});
	}
	return out;
}
