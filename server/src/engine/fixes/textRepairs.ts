import { DiagnosticCode } from '../codes';
import type { FixProvider } from './types';

/** `"\*"` → `"*"`: drops the backslash of an escape JSON does not define. */
export const repairInvalidEscape: FixProvider = ({ finding }) => {
	const replacement = finding.data?.replacement;
	if (typeof replacement !== 'string' || finding.span.length !== 2) return [];
	return [{ title: `Replace "\\${replacement}" with "${replacement}"`, edits: [{ offset: finding.span.offset, length: 2, newText: replacement }], isPreferred: true, fixAll: true }];
};

/** Non-breaking spaces and friends outside strings → plain spaces, every run at once. */
export const repairWhitespace: FixProvider = ({ finding }) => {
	const spans = finding.data?.spans as { offset: number; length: number }[] | undefined;
	if (!spans?.length) return [];
	const count = spans.reduce((n, s) => n + s.length, 0);
	return [
		{
			title: `Replace ${count} non-ASCII whitespace character${count === 1 ? '' : 's'} with spaces`,
			edits: spans.map((s) => ({ offset: s.offset, length: s.length, newText: ' '.repeat(s.length) })),
			isPreferred: true,
			fixAll: true,
		},
	];
};

/** Removes a trailing comma, or the stray `}` after the end of the policy (seed 002, Example 8). */
export const removeSpan: FixProvider = ({ finding, text }) => {
	if (finding.code === DiagnosticCode.JsonTrailingComma) return [{ title: 'Remove the trailing comma', edits: [{ ...finding.span, newText: '' }], isPreferred: true, fixAll: true }];
	if (finding.code === DiagnosticCode.JsonSyntax && finding.data?.removable) {
		const stray = text.slice(finding.span.offset, finding.span.offset + finding.span.length);
		// Only brackets are removed unattended; other text after the policy is the user's to judge.
		const unattended = /^[\s{}[\],]+$/.test(stray);
		return [{ title: `Remove the "${stray.length > 20 ? stray.slice(0, 20) + '…' : stray}" after the end of the policy`, edits: [{ ...finding.span, newText: '' }], isPreferred: true, fixAll: unattended }];
	}
	if (finding.code === DiagnosticCode.JsonComment) {
		// Removing the user's words is never done unattended.
		return [{ title: 'Remove the comment (AWS does not accept comments)', edits: [{ ...finding.span, newText: '' }], isPreferred: false, fixAll: false }];
	}
	return [];
};
