import type { Analysis, Finding } from '../index';
import type { Layout, TextEdit } from '../edits';
import type { HostEditor } from '../host/syntax';

/** A repair for one finding. */
export interface CodeFix {
	title: string;
	edits: TextEdit[];
	/** The single obvious fix (VS Code applies it with Ctrl+. Enter / auto-fix). */
	isPreferred: boolean;
	/** Safe to apply unattended in fix-all and `--fix`: keeps meaning and the user's text. */
	fixAll: boolean;
}

export interface FixContext {
	analysis: Analysis;
	finding: Finding;
	text: string;
	/** The JSON layout of the text (the JSON-only repairs use it). */
	layout: Layout;
	/** Writes the change in the syntax of the policy the finding is in (JSON, YAML, HCL). */
	editor: HostEditor;
}

export type FixProvider = (ctx: FixContext) => CodeFix[];
