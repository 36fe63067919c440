-- What a field of action covers, per language, as the admin describes it (db/schema.ts at
-- `fields_of_action.description`): shown in the process editor and read by the suggester as cues
-- (shared/suggest/suggest.ts, the process's derived lexicon). NULL for the fields that exist.
ALTER TABLE `fields_of_action` ADD `description` text;
