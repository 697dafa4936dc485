-- Undo datasvc-0001.migration-checksums.

DROP TABLE _datasvc_checksums;
