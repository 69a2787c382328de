// The lint toolchain, re-exported from this workspace so that typescript-eslint resolves the JavaScript TypeScript
// compiler installed here (6.0.x) instead of the project's TypeScript 7, which has no JavaScript compiler API.
// Why this is a workspace and not a root devDependency: docs/decisions.md ("Linting").
export { default as js } from "@eslint/js";
export { default as globals } from "globals";
export { default as reactHooks } from "eslint-plugin-react-hooks";
export { default as tseslint } from "typescript-eslint";
export { ESLint } from "eslint";
