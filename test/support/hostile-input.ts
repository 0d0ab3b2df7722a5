/** Hostile input shared by the tests that throw it at the app. */

/** Targets that browsers or servers have been tricked into reading as another site, or that once gave a 500. */
export const hostileRedirectTargets = [
  "/\t/evil.example/phish",
  "/\n/evil.example/phish",
  "/\r\n/evil.example/phish",
  "/\u000b/evil.example/phish",
  "/\u3000/evil.example/phish",
  "\u3000//evil.example/phish",
  "//evil.example/phish",
  "/\\evil.example/phish",
  "\\\\evil.example/phish",
  "/%2F/evil.example/phish",
  "/.//evil.example/phish",
  "/./\\evil.example/phish",
  " //evil.example/phish",
  "https://evil.example/phish",
  "https:evil.example/phish",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\u0000/evil.example",
  "/account\r\nSet-Cookie: owned=1",
];
