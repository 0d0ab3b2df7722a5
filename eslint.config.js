import js from "@eslint/js";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * Which folder may import which (docs/decisions/0022-folder-dependencies.md): routes → components
 * and modules → search/ and db/. Nothing below imports what is above it.
 */
const app = ["./app", "./server", "./server.ts"];
const tools = ["./bench", "./test"];
const folderZones = [
  {
    target: "./db",
    from: [...app, "./search", ...tools],
    message: "db/ is the bottom layer: it imports nothing from the app, search/, bench/ or test/. Move what both need into db/ (db/vocabulary/ for shared words and codes).",
  },
  {
    target: "./search",
    from: [...app, ...tools],
    message: "search/ imports only db/: pass what it needs from the app (its settings, say) as arguments.",
  },
  {
    target: "./app/modules",
    from: ["./app/routes", "./app/components", "./app/root.tsx"],
    message: "Modules hold the domain: they import no route or component. Move the shared piece into a module (app/modules/forms/, say).",
  },
  {
    // root.tsx is left out: components read its loader's data type (useRouteLoaderData), the Remix way.
    target: "./app/components",
    from: "./app/routes",
    message: "Components import no route.",
  },
  {
    target: ["./app/routes/**", "./app/components/**", "./app/modules/!(listings)/**", "./app/*.{ts,tsx}"],
    from: "./db/listings/write.ts",
    message: "Listings are written only through app/modules/listings/ (the locality rule, the audit trail): call writeListings there.",
  },
];

/** The tables that make up a listing: only the listing writer changes them. */
const listingTables = [
  "services",
  "organizations",
  "locations",
  "addresses",
  "accessibility",
  "serviceAtLocations",
  "schedules",
  "costOptions",
  "contacts",
  "phones",
  "attributes",
  "serviceAreas",
  "funding",
  "languages",
  "organizationIdentifiers",
];

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", "data/", ".tmp/", ".cache/", "app/styles/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: { "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": ["error", { zones: folderZones }],
      // The folder rule cannot judge an import it cannot find: every relative import must resolve.
      "import-x/no-unresolved": ["error", { ignore: ["^[^.]", "\\.css$"] }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/modules/listings/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: `CallExpression[callee.property.name=/^(insert|update|delete)$/][arguments.0.name=/^(${listingTables.join("|")})$/]`,
          message: "Listings are written only through app/modules/listings/ (writeListings): it applies the locality rule, the search columns and outbox, and the audit trail.",
        },
      ],
    },
  },
  {
    files: ["*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
