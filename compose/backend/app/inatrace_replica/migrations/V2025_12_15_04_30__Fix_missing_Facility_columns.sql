-- Facility columns the entity maps but V1 never created. ALTER ... ADD COLUMN IF NOT EXISTS
-- is MariaDB-only, so each column is added through a prepared statement guarded by
-- information_schema: the script runs unchanged (and twice) on MySQL 8.0 and MariaDB 10.11.
SET @has_level = (SELECT COUNT(*) FROM information_schema.COLUMNS
                  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Facility' AND COLUMN_NAME = 'level');
SET @ddl = IF(@has_level = 0, 'ALTER TABLE `Facility` ADD COLUMN `level` int DEFAULT NULL', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

SET @has_lab = (SELECT COUNT(*) FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Facility' AND COLUMN_NAME = 'isLaboratory');
SET @ddl = IF(@has_lab = 0, 'ALTER TABLE `Facility` ADD COLUMN `isLaboratory` bit(1) NOT NULL DEFAULT b''0''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
