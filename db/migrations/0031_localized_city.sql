-- The city's name per language (db/schema.ts at `processes.city`): a `LocalizedText` like the
-- title, German required and every other language's fallback. Until now it was one German string;
-- it becomes that string under `de` (json_object escapes quotes and backslashes). The column keeps
-- its type, so drizzle-kit saw no change and this migration is written by hand (`--custom`).
-- The default process's names in the other languages come from its catalogs on the next start
-- (`completeDefaultProcessTexts`, db/seed/), as its other texts did.
UPDATE `processes` SET `city` = json_object('de', `city`);
