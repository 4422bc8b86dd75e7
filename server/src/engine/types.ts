import type { DiagnosticCode, Severity } from './codes';

/** A half-open range of UTF-16 offsets into the document text. */
export interface Span {
	offset: number;
	length: number;
}

/** Another place that explains a finding (LSP related information). */
export interface RelatedSpan {
	span: Span;
	message: string;
	/** For a role made of several files: the index of the document the span is in (else: this one). */
	document?: number;
}

/** One problem found in a document. The engine's only output besides the coverage report. */
export interface Finding {
	code: DiagnosticCode;
	severity: Severity;
	message: string;
	span: Span;
	related?: RelatedSpan[];
	/** Payload for quick fixes and machine-readable output; shape depends on `code`. */
	data?: Record<string, unknown>;
	/** Marks text that can be removed without changing the meaning (LSP DiagnosticTag.Unnecessary). */
	unnecessary?: boolean;
	/** In a file that holds several policies (a template): the index into `Analysis.policies` of the one it is about. */
	policy?: number;
}

/**
 * The outcome for one required action (README.md "What is checked"): `granted`; `missing`;
 * `denied` by an explicit Deny; `conditional`, granted only under a Condition; `partial`, granted
 * only on some of the resources it needs.
 */
export type ActionStatus = 'granted' | 'missing' | 'denied' | 'conditional' | 'partial';
