-- Same effect as the Fortaleza fork's migration of this version: whether a facility is a
-- laboratory (shrimp value chain). Added only if missing, so a repair can run it again.

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Facility' AND COLUMN_NAME = 'isLaboratory');
SET @ddl = IF(@present = 0, 'ALTER TABLE `Facility` ADD COLUMN isLaboratory BIT(1) DEFAULT 0', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;
