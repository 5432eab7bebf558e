import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The merchant product editor (issue 15): a platform category list merchants pick from (seeded with the
 * business categories of merchant onboarding; `product.category` keeps the chosen name, '' = none), and a
 * rich description (`detail`: an ordered JSON array of text and image blocks, shown under the gallery).
 */
export class CatalogueEditor1763801600000 implements MigrationInterface {
  name = 'CatalogueEditor1763801600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE category (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 20),
        -- NULL for a top-level category; a tree is possible, the seed is one level
        parent_id  bigint REFERENCES category(id),
        sort_order integer NOT NULL DEFAULT 0
      );
      INSERT INTO category (name, sort_order)
      SELECT name, ord::int FROM unnest(ARRAY['食品','茶饮','粮油','水果','零食','服饰','家居','日化','数码','其他']) WITH ORDINALITY AS c(name, ord);
      ALTER TABLE product ADD COLUMN detail jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(detail) = 'array');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE product DROP COLUMN detail; DROP TABLE category');
  }
}
