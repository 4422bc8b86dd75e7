/**
 * The extension's data files the web worker loads from the extension's dist/ folder (copied there
 * by scripts/build.mjs, shipped in the .vsix), under the names the Node faces read them by
 * (node/catalogFile.ts, node/managedPoliciesFile.ts, engine/syntax/treeSitter.ts; a unit test
 * compares them).
 */
export { HCL_GRAMMAR_FILE, TREE_SITTER_RUNTIME_FILE } from '../engine/syntax/treeSitter';
export const CATALOG_FILE = 'aws-actions.json';
export const MANAGED_POLICIES_FILE = 'aws-managed-policies.json';
