-- The object store's sweep asks which keys no document refers to (objects left by a transaction that
-- rolled back after the upload, or by documents deleted with their line or review).
CREATE INDEX documents_storage_key_idx ON documents (storage_key) WHERE storage = 's3';
