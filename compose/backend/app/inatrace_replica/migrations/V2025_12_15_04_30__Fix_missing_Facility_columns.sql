-- Same effect as the Fortaleza fork's migration of this version: columns that earlier
-- migrations failed to add. Each is added only if missing, so the script runs again after
-- a repair and on MySQL 8.0 and MariaDB 10.11 alike (no ADD COLUMN IF NOT EXISTS).

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Facility' AND COLUMN_NAME = 'displayFinalPriceDiscount');
SET @ddl = IF(@present = 0, 'ALTER TABLE `Facility` ADD COLUMN displayFinalPriceDiscount BIT(1)', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'StockOrder' AND COLUMN_NAME = 'finalPriceDiscount');
SET @ddl = IF(@present = 0, 'ALTER TABLE `StockOrder` ADD COLUMN finalPriceDiscount DECIMAL(38,2)', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'StockOrder' AND COLUMN_NAME = 'parcelLot');
SET @ddl = IF(@present = 0, 'ALTER TABLE `StockOrder` ADD COLUMN parcelLot VARCHAR(8)', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'StockOrder' AND COLUMN_NAME = 'variety');
SET @ddl = IF(@present = 0, 'ALTER TABLE `StockOrder` ADD COLUMN variety VARCHAR(32)', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'StockOrder' AND COLUMN_NAME = 'organicCertification');
SET @ddl = IF(@present = 0, 'ALTER TABLE `StockOrder` ADD COLUMN organicCertification VARCHAR(64)', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;
