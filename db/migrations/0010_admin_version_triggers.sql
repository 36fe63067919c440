-- The tables admins edit stamp a fresh random token into admin_versions with every write, in the
-- writing transaction: db/cache.ts keeps their rows in memory and reads again when a token changed,
-- whoever wrote (any code path, raw SQL, another process). A rolled-back write takes its token back.
INSERT INTO `admin_versions` (`id`, `process`, `survey`, `model`) VALUES (1, random(), random(), random());
--> statement-breakpoint
CREATE TRIGGER `processes_insert_admin_version` AFTER INSERT ON `processes`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `processes_update_admin_version` AFTER UPDATE ON `processes`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `processes_delete_admin_version` AFTER DELETE ON `processes`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `phases_insert_admin_version` AFTER INSERT ON `phases`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `phases_update_admin_version` AFTER UPDATE ON `phases`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `phases_delete_admin_version` AFTER DELETE ON `phases`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fields_of_action_insert_admin_version` AFTER INSERT ON `fields_of_action`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fields_of_action_update_admin_version` AFTER UPDATE ON `fields_of_action`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `fields_of_action_delete_admin_version` AFTER DELETE ON `fields_of_action`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `districts_insert_admin_version` AFTER INSERT ON `districts`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `districts_update_admin_version` AFTER UPDATE ON `districts`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `districts_delete_admin_version` AFTER DELETE ON `districts`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stadtteile_insert_admin_version` AFTER INSERT ON `stadtteile`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stadtteile_update_admin_version` AFTER UPDATE ON `stadtteile`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stadtteile_delete_admin_version` AFTER DELETE ON `stadtteile`
BEGIN
  UPDATE `admin_versions` SET `process` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `surveys_insert_admin_version` AFTER INSERT ON `surveys`
BEGIN
  UPDATE `admin_versions` SET `survey` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `surveys_update_admin_version` AFTER UPDATE ON `surveys`
BEGIN
  UPDATE `admin_versions` SET `survey` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `surveys_delete_admin_version` AFTER DELETE ON `surveys`
BEGIN
  UPDATE `admin_versions` SET `survey` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `suggest_models_insert_admin_version` AFTER INSERT ON `suggest_models`
BEGIN
  UPDATE `admin_versions` SET `model` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `suggest_models_update_admin_version` AFTER UPDATE ON `suggest_models`
BEGIN
  UPDATE `admin_versions` SET `model` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `suggest_models_delete_admin_version` AFTER DELETE ON `suggest_models`
BEGIN
  UPDATE `admin_versions` SET `model` = random() WHERE `id` = 1;
END;
