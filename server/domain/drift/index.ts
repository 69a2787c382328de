export * from "./drift";
export * from "./desired";
