-- A status label's translation status per language (machine/reviewed), as measures and Leitziele have; existing labels count as reviewed.
ALTER TABLE `measure_statuses` ADD `translations` text DEFAULT '{}' NOT NULL;
