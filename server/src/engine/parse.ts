import { createScanner, Node, ParseErrorCode, parseTree, SyntaxKind } from 'jsonc-parser';
import { DiagnosticCode } from './codes';
import type { Finding } from './types';

/**
 * Deeper than any policy can be (a policy nests 6 levels at most). jsonc-parser recurses while
 * parsing and overflows the stack near 20,000 levels, so deeper texts are never handed to it.
 */
export const MAX_NESTING_DEPTH = 128;

/**
 * Syntax errors reported one by one; past these, one summary. A 100 KB line of garbage has
 * 100,000 errors, and a finding each would be a 19 MB message that stalls the editor.
 */
export const MAX_SYNTAX_FINDINGS = 100;

export interface ParsedText {
	/** The text that was parsed: the original with non-ASCII whitespace outside strings replaced by spaces (same offsets). */
	text: string;
	root: Node | undefined;
	findings: Finding[];
	/** True when the text has NUL characters: not a text file. */
	binary: boolean;
	/** True when the document nests too deeply to be parsed. */
	tooDeep: boolean;
}

/** Whitespace that web pages put into copied JSON but RFC 8259 §2 does not allow. */
function isForeignWhitespace(code: number): boolean {
	return (
		code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 ||
		code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
	);
}

/**
 * One linear pass outside strings: measures nesting and finds foreign whitespace. Cheap enough to
 * run on every keystroke; it spares jsonc-parser from both stack overflows and InvalidSymbol noise.
 */
function prescan(text: string): { maxDepth: number; deepAt: number; foreign: number[] } {
	let depth = 0;
	let maxDepth = 0;
	let deepAt = -1;
	let inString = false;
	const foreign: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
			continue;
		}
		if (c === 34) inString = true;
		else if (c === 123 || c === 91) {
			if (++depth > maxDepth) {
				maxDepth = depth;
				if (depth > MAX_NESTING_DEPTH && deepAt < 0) deepAt = i;
			}
		} else if (c === 125 || c === 93) {
			if (depth > 0) depth--;
		} else if (c > 127 && isForeignWhitespace(c)) {
			foreign.push(i);
		}
	}
	return { maxDepth, deepAt, foreign };
}

/** Whether a text nests deeper than MAX_NESTING_DEPTH: then jsonc-parser must not see it (it recurses). */
export function nestsTooDeep(text: string): boolean {
	return prescan(text).deepAt >= 0;
}

/**
 * The nesting-too-deep finding of a text nested past MAX_NESTING_DEPTH in brackets or braces (JSON,
 * YAML flow collections), or undefined. The yaml parser, like jsonc-parser, takes seconds on them.
 */
export function nestingFinding(text: string): Finding | undefined {
	const scan = prescan(text);
	return scan.deepAt >= 0 ? tooDeepFinding(scan) : undefined;
}

/** The nesting-too-deep finding of a text nested `depth` levels (at least), first past the limit at `deepAt`. */
export function tooDeepFinding(scan: { maxDepth: number; deepAt: number }): Finding {
	return {
		code: DiagnosticCode.NestingTooDeep,
		severity: 'error',
		message: `The document nests more than ${MAX_NESTING_DEPTH} levels deep (${scan.maxDepth}); no IAM policy does. It was not analysed further.`,
		span: { offset: scan.deepAt, length: 1 },
	};
}

/** Groups adjacent offsets into runs so a line of 20 non-breaking spaces is one finding. */
function runs(offsets: number[]): { offset: number; length: number }[] {
	const out: { offset: number; length: number }[] = [];
	for (const o of offsets) {
		const last = out[out.length - 1];
		if (last && last.offset + last.length === o) last.length++;
		else out.push({ offset: o, length: 1 });
	}
	return out;
}

/** Parses a document tolerantly and reports every way it is not JSON that AWS would accept. */
export function parseDocument(original: string): ParsedText {
	if (original.includes('\u0000')) {
		return { text: original, root: undefined, findings: [], binary: true, tooDeep: false };
	}
	const scan = prescan(original);
	const findings: Finding[] = [];
	let text = original;
	if (scan.foreign.length > 0) {
		const chars = original.split('');
		for (const o of scan.foreign) chars[o] = ' ';
		text = chars.join('');
		const spans = runs(scan.foreign);
		// One finding per run would flood a pasted page (seed 000 has hundreds); report the first
		// run with the total, and carry every run in data so one fix replaces them all.
		findings.push({
			code: DiagnosticCode.JsonInvalidWhitespace,
			severity: 'error',
			message: `${scan.foreign.length} non-ASCII whitespace character${scan.foreign.length === 1 ? '' : 's'} (such as non-breaking spaces copied from a web page) outside strings: JSON allows only space, tab and line breaks, and AWS rejects the policy.`,
			span: spans[0],
			data: { spans },
		});
	}
	if (scan.deepAt >= 0) {
		findings.push(tooDeepFinding(scan));
		return { text, root: undefined, findings, binary: false, tooDeep: true };
	}
	const errors: { error: ParseErrorCode; offset: number; length: number }[] = [];
	const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
	if (root && errors.some((e) => e.error === ParseErrorCode.InvalidEscapeCharacter)) readEscapesLeniently(root, text);
	// jsonc-parser may report two errors for one token (`,}` gives "property name expected" and
	// "value expected"); the first says it best.
	let lastOffset = -1;
	let reported = 0;
	let unreported = 0;
	let firstUnreported = 0;
	for (const e of errors) {
		if (e.offset === lastOffset) continue;
		lastOffset = e.offset;
		if (reported++ < MAX_SYNTAX_FINDINGS) findings.push(syntaxFinding(text, e.error, e.offset, e.length));
		else if (unreported++ === 0) firstUnreported = e.offset;
	}
	if (unreported > 0)
		findings.push({
			code: DiagnosticCode.JsonSyntax,
			severity: 'error',
			message: `${unreported} more syntax errors from here on; only the first ${MAX_SYNTAX_FINDINGS} are reported one by one.`,
			span: { offset: firstUnreported, length: firstUnreported < text.length ? 1 : 0 },
			data: { unreported },
		});
	return { text, root, findings, binary: false, tooDeep: false };
}

/** Decodes a JSON string's content, keeping the character of an escape JSON does not define (`\*` → `*`). */
export function decodeLenient(raw: string): string {
	return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, esc: string) => {
		if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
		switch (esc) {
			case 'b': return '\b';
			case 'f': return '\f';
			case 'n': return '\n';
			case 'r': return '\r';
			case 't': return '\t';
			default: return esc;
		}
	});
}

/**
 * jsonc-parser drops an invalid escape (`"S\*tatement"` reads as "Statement"); the fix and the
 * author mean the escaped character ("S*tatement"). Every string, keys included, is read that way,
 * so what the engine sees is what the repaired text will say. Iterative: safe at any depth.
 */
function readEscapesLeniently(root: Node, text: string): void {
	const stack: Node[] = [root];
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.type === 'string') {
			const raw = text.slice(node.offset + 1, node.offset + node.length - 1);
			if (raw.includes('\\')) (node as { value: unknown }).value = decodeLenient(raw);
		}
		if (node.children) stack.push(...node.children);
	}
}

function previousSignificantChar(text: string, offset: number): number {
	for (let i = offset - 1; i >= 0; i--) {
		const c = text.charCodeAt(i);
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
	}
	return -1;
}

function syntaxFinding(text: string, error: ParseErrorCode, offset: number, rawLength: number): Finding {
	// jsonc-parser reports an unterminated block comment one character past the end of the text.
	const length = Math.max(0, Math.min(rawLength, text.length - offset));
	const span = { offset, length: Math.max(length, offset < text.length ? 1 : 0) };
	const at = text.slice(offset, offset + Math.min(length, 20));
	switch (error) {
		case ParseErrorCode.InvalidCommentToken:
			return { code: DiagnosticCode.JsonComment, severity: 'error', message: 'Comments are not allowed in IAM policies: AWS rejects the document.', span };
		case ParseErrorCode.InvalidEscapeCharacter: {
			// The error spans the whole string token; point at the offending backslash inside it.
			const token = text.slice(offset, offset + length);
			const at = token.search(/\\(?!["\\/bfnrtu])/);
			const backslash = at < 0 ? offset : offset + at;
			const escaped = text.charAt(backslash + 1);
			return {
				code: DiagnosticCode.JsonInvalidEscape,
				severity: 'error',
				message: `Invalid escape "\\${escaped}" in a JSON string${escaped === '*' ? ' (a markdown escape copied from a web page): write "*"' : ''}.`,
				span: { offset: backslash, length: 2 },
				data: { replacement: escaped },
			};
		}
		case ParseErrorCode.PropertyNameExpected:
		case ParseErrorCode.ValueExpected: {
			const prev = previousSignificantChar(text, offset);
			if (prev >= 0 && text.charCodeAt(prev) === 44 /* , */ && (at.startsWith('}') || at.startsWith(']'))) {
				return {
					code: DiagnosticCode.JsonTrailingComma,
					severity: 'error',
					message: `Trailing comma before "${at.charAt(0)}": AWS rejects the document.`,
					span: { offset: prev, length: 1 },
				};
			}
			break;
		}
		case ParseErrorCode.EndOfFileExpected: {
			// Stray brackets after the policy (seed 002, Example 8) go as one run; any other text after
			// the end is the user's: offered for removal as a whole, never removed unattended.
			let end = text.length;
			if (/[{}[\]]/.test(text.charAt(offset))) {
				end = offset + 1;
				while (end < text.length && /[\s}\],[{]/.test(text.charAt(end))) end++;
			}
			while (end > offset + 1 && /\s/.test(text.charAt(end - 1))) end--;
			const stray = text.slice(offset, end);
			return {
				code: DiagnosticCode.JsonSyntax,
				severity: 'error',
				message: `Unexpected "${stray.length > 20 ? stray.slice(0, 20) + '…' : stray}" after the end of the policy: remove it.`,
				span: { offset, length: end - offset },
				data: { removable: true },
			};
		}
		default:
			break;
	}
	return { code: DiagnosticCode.JsonSyntax, severity: 'error', message: syntaxMessage(error, at), span };
}

function syntaxMessage(error: ParseErrorCode, at: string): string {
	const found = at.length > 0 ? ` (found "${at}")` : ' (found the end of the text)';
	switch (error) {
		case ParseErrorCode.InvalidSymbol: return `Invalid symbol${found}.`;
		case ParseErrorCode.InvalidNumberFormat: return `Invalid number${found}.`;
		case ParseErrorCode.PropertyNameExpected: return `Property name expected${found}.`;
		case ParseErrorCode.ValueExpected: return `Value expected${found}.`;
		case ParseErrorCode.ColonExpected: return `Colon expected${found}.`;
		case ParseErrorCode.CommaExpected: return `Comma expected${found}.`;
		case ParseErrorCode.CloseBraceExpected: return `Closing brace "}" expected${found}.`;
		case ParseErrorCode.CloseBracketExpected: return `Closing bracket "]" expected${found}.`;
		case ParseErrorCode.UnexpectedEndOfComment: return 'Unterminated comment.';
		case ParseErrorCode.UnexpectedEndOfString: return 'Unterminated string: a closing quote is missing.';
		case ParseErrorCode.UnexpectedEndOfNumber: return 'Unterminated number.';
		case ParseErrorCode.InvalidUnicode: return `Invalid \\u escape${found}.`;
		case ParseErrorCode.InvalidCharacter: return 'Invalid character in a string: control characters must be escaped.';
		default: return `Invalid JSON${found}.`;
	}
}

/**
 * For a document too deep to parse: does its top-level object have a `Statement` key? Uses only
 * the (iterative) scanner, so it is safe at any depth.
 */
export function looksLikePolicyWithoutParsing(text: string): boolean {
	const scanner = createScanner(text, true);
	let depth = 0;
	let expectKey = false;
	for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
		switch (kind) {
			case SyntaxKind.OpenBraceToken: depth++; expectKey = depth === 1; break;
			case SyntaxKind.OpenBracketToken: depth++; expectKey = false; break;
			case SyntaxKind.CloseBraceToken: case SyntaxKind.CloseBracketToken: depth--; break;
			case SyntaxKind.CommaToken: expectKey = depth === 1; break;
			case SyntaxKind.StringLiteral:
				if (expectKey && depth === 1 && (scanner.getTokenValue() === 'Statement' || scanner.getTokenValue() === 'Version')) return true;
				expectKey = false;
				break;
			default: expectKey = false;
		}
	}
	return false;
}
