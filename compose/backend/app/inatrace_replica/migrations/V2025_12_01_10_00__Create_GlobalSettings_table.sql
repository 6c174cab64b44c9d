-- Key/value settings the admin UI reads (GlobalSettings entity).
-- Idempotent so that a repair + re-run after a half-applied attempt succeeds.
CREATE TABLE IF NOT EXISTS `GlobalSettings` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `name` varchar(255) NOT NULL,
  `value` text,
  `isPublic` bit(1) NOT NULL DEFAULT b'0',
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_GlobalSettings_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT IGNORE INTO `GlobalSettings` (`creationTimestamp`, `updateTimestamp`, `name`, `value`, `isPublic`)
VALUES (NOW(6), NOW(6), 'PRODUCT_TYPE', 'COCOA', b'1'),
       (NOW(6), NOW(6), 'DEFAULT_LANGUAGE', 'ES', b'1');
