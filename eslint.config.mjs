// Lint rules of the project (`npm run lint`, part of `npm test`); layout is prettier's (.prettierrc.json).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/", "node_modules/", "coverage/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: globals.node },
        rules: {
            // Strings and comments too: prettier cannot break those.
            "max-len": ["error", { code: 140, tabWidth: 4 }],
            // Graph JSON is untyped by nature; its shapes are checked where it is read (extensions/canonical.ts).
            "@typescript-eslint/no-explicit-any": "off",
            // Modules loaded on first use (the Graph SDK, @azure/identity, azure-native, the operations by package name).
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
        },
    },
);
