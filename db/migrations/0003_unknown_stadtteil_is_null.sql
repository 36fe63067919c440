-- An unknown Stadtteil is stored as NULL (shared/domain.ts, stadtteilToStore). The survey and the
-- stall's paper questionnaires used to store the sentinel 'unknown' itself, so the moderation filter
-- "Stadtteil unbekannt" (IS NULL) missed them. Who said it stays in stadtteil_source.
UPDATE `contributions` SET `stadtteil_key` = NULL WHERE `stadtteil_key` = 'unknown';
--> statement-breakpoint
UPDATE `responses` SET `stadtteil_key` = NULL WHERE `stadtteil_key` = 'unknown';
--> statement-breakpoint
UPDATE `stall_sessions` SET `stadtteil_key` = NULL WHERE `stadtteil_key` = 'unknown';
