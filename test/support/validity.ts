import { stripComments } from 'jsonc-parser';
import { Lexer, parseDocument, Parser } from 'yaml';

/**
 * Whether a text is valid JSON, judged by V8's own `JSON.parse`, after removing comments (the
 * editor's JSONC allows them; AWS does not, and the engine reports them). Independent of the
 * jsonc-parser checks the fixes filter themselves with, so a fix that slips through that filter
 * is still caught.
 */
export function validJson(text: string): boolean {
	try {
		JSON.parse(stripComments(text));
		return true;
	} catch {
		return false;
	}
}

/**
 * Whether a text nests deeper than `limit` as the `yaml` package's own (iterative) CST parser
 * reads it. Its composer recurses: a text nested ~1,800 deep overflows the stack, and near the
 * stack's end V8 may abort the process, so such texts are not given to `validYaml`.
 */
export function yamlNestsDeeperThan(text: string, limit: number): boolean {
	const parser = new Parser();
	for (const lexeme of new Lexer().lex(text)) {
		Array.from(parser.next(lexeme));
		if (parser.stack.length - 1 > limit) return true;
	}
	return false;
}

/** Whether a text is valid YAML, judged by the `yaml` package with no errors. */
export function validYaml(text: string): boolean {
	try {
		return parseDocument(text, { uniqueKeys: false }).errors.length === 0;
	} catch {
		return false;
	}
}
