export * from "./places";
export * from "./directory";
export * from "./meta";
export * from "./relations";
export * from "./accounts";
export * from "./evidence";
export * from "./people";
export * from "./search";
