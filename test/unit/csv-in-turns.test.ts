import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { readCsvInTurns } from "../../app/modules/imports/csv.server";

/** A cell as a CSV writer quotes it. */
const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

describe("reading a large CSV file in turns", () => {
  it("reads exactly what reading it at once reads: quoted cells over line breaks, quotes, £, é and emoji across slices", async () => {
    const build = (padding: number) => {
      const rows = [
        "id,name,description",
        `id-pad,${"p".repeat(padding)},padding`,
      ];
      for (let i = 0; i < 6000; i++) {
        // Every third description spans lines, so some straddle the 256 KB slice boundaries.
        const description =
          i % 3 === 0
            ? `Line one of ${i}, with "quotes" and £5 🙂\r\nline two, café\nline three`
            : `Plain description ${i} ${"x".repeat(i % 120)}`;
        rows.push(
          [`id-${i}`, quoted(`Group ${i} – Ely`), quoted(description)].join(",")
        );
      }
      return "\ufeff" + rows.join("\r\n") + "\r\n";
    };
    // The first slice ends at the first line break after 256 KB: pad the file until that break is
    // inside a quoted cell (an odd number of quote marks before it), the case that must carry over.
    const insideACell = (text: string) =>
      text.slice(0, text.indexOf("\n", 256 * 1024) + 1).split('"').length %
        2 ===
      0;
    let padding = 0;
    while (!insideACell(build(padding))) padding++;
    const content = build(padding);
    expect(content.length).toBeGreaterThan(2 * 256 * 1024);
    const atOnce = parse(content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    const inTurns = await readCsvInTurns(content);
    expect(inTurns.length).toBe(6002);
    expect(inTurns).toEqual(atOnce);
    expect(inTurns[2]![2]).toBe(
      'Line one of 0, with "quotes" and £5 🙂\r\nline two, café\nline three'
    );
  });

  it("lets other work run between slices", async () => {
    const content =
      "a,b\r\n" +
      Array.from({ length: 40_000 }, (_, i) => `${i},${"y".repeat(40)}`).join(
        "\r\n"
      );
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    // A timer that fires while the file is read shows that reading gave way (setImmediate turns let timers run).
    await readCsvInTurns(content);
    clearInterval(ticking);
    expect(content.length).toBeGreaterThan(4 * 256 * 1024);
    expect(turns).toBeGreaterThan(0);
  });

  it("fails as csv-parse does on a quote that is never closed, with the line it reached", async () => {
    const content = 'id,name\r\n1,"Soham Friendship Circle\r\n2,fine\r\n';
    await expect(readCsvInTurns(content)).rejects.toMatchObject({
      message: expect.stringMatching(/quote/i),
    });
  });
});
