import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/library/node/database.js';
import { SqliteLibrary } from '../../app/library/node/sqlite-library.js';

describe('SqliteLibrary datasets and classes', () => {
  let library: SqliteLibrary;
  beforeEach(() => {
    library = new SqliteLibrary(openDatabase(':memory:'));
  });

  it('creates, lists with counts, renames and deletes datasets', () => {
    const pets = library.createDataset('  pets ');
    expect(pets).toMatchObject({ name: 'pets', inputSize: 64, imageCount: 0, classes: [] });
    library.createDataset('Birds');
    expect(library.listDatasets().map((d) => d.name)).toEqual(['Birds', 'pets']);
    expect(library.renameDataset(pets.id, 'Pets!').name).toBe('Pets!');
    library.deleteDataset(pets.id);
    expect(library.listDatasets().map((d) => d.name)).toEqual(['Birds']);
    expect(() => library.getDataset(pets.id)).toThrow(/no dataset/);
    expect(() => library.deleteDataset(pets.id)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('validates names: empty, too long, separators, duplicates (case-insensitive)', () => {
    library.createDataset('pets');
    expect(() => library.createDataset('   ')).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        message: expect.stringContaining('empty'),
      }),
    );
    expect(() => library.createDataset('x'.repeat(81))).toThrow(/at most 80/);
    expect(() => library.createDataset('a/b')).toThrow(/slashes/);
    expect(() => library.createDataset('PETS')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    const other = library.createDataset('other');
    expect(() => library.renameDataset(other.id, 'Pets')).toThrow(/already exists/);
    expect(library.renameDataset(other.id, 'OTHER').name).toBe('OTHER');
  });

  it('manages classes per dataset, with duplicates refused within one dataset only', () => {
    const pets = library.createDataset('pets');
    const birds = library.createDataset('birds');
    const cat = library.createClass(pets.id, 'cat');
    library.createClass(pets.id, 'dog');
    library.createClass(birds.id, 'cat');
    expect(() => library.createClass(pets.id, 'Cat')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(library.getDataset(pets.id).classes.map((c) => c.name)).toEqual(['cat', 'dog']);
    expect(library.renameClass(cat.id, 'kitten')).toMatchObject({
      name: 'kitten',
      datasetId: pets.id,
    });
    expect(() => library.renameClass(cat.id, 'dog')).toThrow(/already has a class named "dog"/);
    library.deleteClass(cat.id);
    expect(library.getDataset(pets.id).classes.map((c) => c.name)).toEqual(['dog']);
    expect(() => library.createClass(9999, 'x')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('deleting a dataset removes its classes', () => {
    const pets = library.createDataset('pets');
    const cat = library.createClass(pets.id, 'cat');
    library.deleteDataset(pets.id);
    expect(() => library.renameClass(cat.id, 'x')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });
});
