-- The history of measures and Leitziele is append-only: a change is recorded once and never rewritten.
-- DELETE stays possible only through a process's deletion (ON DELETE CASCADE).
CREATE TRIGGER `measure_changes_no_update` BEFORE UPDATE ON `measure_changes`
BEGIN
  SELECT RAISE(ABORT, 'measure_changes is append-only');
END;
