export * from "./states";
export * from "./reason";
export * from "./machine";
export * from "./policy";
export * from "./sensors";
