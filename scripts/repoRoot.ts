import path from "node:path";

/** The repository: scripts run from scripts/ under ts-jest and from dist/scripts/ once compiled. */
export const repoRoot =
    path.basename(path.dirname(__dirname)) === "dist" ? path.resolve(__dirname, "../..") : path.resolve(__dirname, "..");
