/**
 * schema/*.schema.json are generated from the types and the catalogue (scripts/schema.mjs).
 * A change to either that is not regenerated fails here, before a user meets the drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchemas, SCHEMA_DIR } from '../../scripts/schema.mjs';

describe('the published schemas', () => {
  it('are what npm run schema generates from the code', async () => {
    const generated = await generateSchemas();
    expect(Object.keys(generated).sort()).toEqual(['diagnosis.schema.json', 'reasons.schema.json']);
    for (const [file, text] of Object.entries(generated)) {
      const onDisk = readFileSync(join(SCHEMA_DIR, file), 'utf8');
      if (onDisk !== text)
        throw new Error(`schema/${file} is out of date with the types or the catalogue: run npm run schema`);
    }
  }, 60_000);
});
