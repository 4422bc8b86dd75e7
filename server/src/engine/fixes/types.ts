import type { Analysis, Finding } from '../index';
import type { Layout, TextEdit } from '../edits';

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
	layout: Layout;
}

export type FixProvider = (ctx: FixContext) => CodeFix[];
