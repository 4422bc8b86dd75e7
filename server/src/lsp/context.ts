import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysisCache';
import type { Checkers } from './checkers';
import type { SettingsStore } from './configuration';
import type { RunSafe } from './runner';

/** What every request handler works with: the open documents, their settings and analyses. */
export interface FeatureContext {
	connection: Connection;
	documents: TextDocuments<TextDocument>;
	settings: SettingsStore;
	checkers: Checkers;
	analyses: AnalysisCache;
	runSafe: RunSafe;
}
