export { default as js } from "@eslint/js";
export { default as globals } from "globals";
export { default as reactHooks } from "eslint-plugin-react-hooks";
export { default as tseslint } from "typescript-eslint";
export { ESLint } from "eslint";
