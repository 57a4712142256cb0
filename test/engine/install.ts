// The package as users get it (npm pack + npm install into a program directory): the helpers live in
// scripts/installProgram.ts, shared with the benchmark.
export { installProgram, packedPackage } from "../../scripts/installProgram";
