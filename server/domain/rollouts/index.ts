export * from "./plan";
export * from "./gate";
